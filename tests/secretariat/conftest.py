"""The secretariat's tests reuse the real-app fixtures of the TUI tests; `net` is three
authorities and a secretariat device enrolled with one real server."""

import secrets
from pathlib import Path

import pytest
from server.conftest import run_server_cli  # noqa: F401
from serverproc import ServerProcess
from tui.conftest import _english_first, app, sample, settings  # noqa: F401

from .net import Net


@pytest.fixture
def net(server: ServerProcess, tmp_path: Path):
    made = Net(server, tmp_path, secrets.token_hex(3).upper())
    yield made
    made.close()
