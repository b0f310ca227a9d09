"""The demo's sync server stops when the process that started it dies (a console window
closed on Windows kills the app, not its children): the server watches its stdin pipe."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from client.demo.local_server import LocalServer

REPO = Path(__file__).resolve().parents[2]

# The app's stand-in: starts the demo server, says its pid and port, then waits.
PARENT = """
import sys, time
from pathlib import Path
from client.demo.local_server import LocalServer
server = LocalServer(Path(sys.argv[1]), int(sys.argv[2])).start()
print(server.process.pid, flush=True)
time.sleep(600)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (an orphan may wait to be reaped)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.exists() and Path("/proc/self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (FileNotFoundError, ProcessLookupError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL and /proc are POSIX; the pipe is not")
def test_server_exits_when_its_parent_is_killed(tmp_path: Path) -> None:
    port = _free_port()
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(tmp_path / "server.sqlite"), str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    server_pid = 0
    try:
        server_pid = int(parent.stdout.readline())  # once the server answers /health
        assert _running(server_pid) and _answers(port)
        parent.kill()  # SIGKILL: no cleanup of any kind in the parent
        parent.wait()
        deadline = time.monotonic() + 60  # not a speed check: a hung test fails, not waits
        while _running(server_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(server_pid), "the demo server outlived the app"
        assert not _answers(port)
    finally:
        parent.kill()
        if server_pid and _running(server_pid):
            os.kill(server_pid, 9)  # only when the test failed: leave nothing behind


def test_stop_ends_the_server_through_its_input(tmp_path: Path) -> None:
    server = LocalServer(tmp_path / "server.sqlite", _free_port()).start()
    process = server.process
    assert process is not None and _answers(server.port)
    server.stop()
    assert process.poll() is not None
    assert not _answers(server.port)
