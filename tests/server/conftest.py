"""Fixtures of the server tests (the server and devices come from tests/conftest.py)."""

from __future__ import annotations

import subprocess

import pytest
from serverproc import ServerProcess, server_command


@pytest.fixture
def run_server_cli(server: ServerProcess):
    """Run `entraide-server --db <the test server's db> ...` in a subprocess."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*server_command(), "--db", str(server.db), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run
