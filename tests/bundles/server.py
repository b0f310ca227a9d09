"""A real `entraide-server` on loopback, in a subprocess, for the forwarding tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from client.store import Store
from client.sync import enroll
from sync_server import admin
from sync_server.storage import open_storage

REPO = Path(__file__).resolve().parents[2]
SERVER_BIN = str(Path(sys.executable).parent / "entraide-server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningServer:
    def __init__(self, root: Path) -> None:
        self.db = root / "server.sqlite"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = root / "server.log"
        self._log = open(self.log, "wb")
        self.process = subprocess.Popen(
            [SERVER_BIN, "--db", str(self.db), "--port", str(self.port)],
            cwd=REPO,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait()
        self.storage = open_storage(self.db)
        self.authorities: set[str] = set()

    def _wait(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start within 20 s")

    def enroll(self, store: Store, authority: str, role: str = "officer") -> Store:
        if authority not in self.authorities:
            admin.add_authority(self.storage, authority, "SN", f"Authority {authority}")
            self.authorities.add(authority)
        code = admin.issue_code(self.storage, authority, role)["code"]
        enroll(store, self.url, code)
        return store

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
