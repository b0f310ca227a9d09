"""Fixtures of the reliability suite: a real server process on loopback (tests/conftest.py),
devices enrolled through its endpoint, and readings of the server process from /proc."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from serverproc import ServerProcess

CT = "application/x-entraide"

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the server process from /proc"
)


def auth(store) -> dict[str, str]:
    return {"Authorization": f"Bearer {store.get_meta('device_token')}"}


def open_files(server: ServerProcess) -> int:
    assert server.proc is not None
    return len(list(Path(f"/proc/{server.proc.pid}/fd").iterdir()))


@pytest.fixture
def own_server(tmp_path: Path):
    """start(**options) -> a server process of this test alone (its limits, its log)."""
    started: list[ServerProcess] = []

    def start(**options) -> ServerProcess:
        proc = ServerProcess(tmp_path / f"server{len(started)}.sqlite", **options).start()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.close()
