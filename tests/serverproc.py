"""A real `entraide-server` process on loopback, for the sync tests and the benchmark,
and real enrolled client stores around it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from client.keys import adopt, create_first_key, load_keyset
from client.store import Store
from client.sync import enroll
from sync_server import admin
from sync_server.storage import Storage, is_database_url, open_storage

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command() -> list[str]:
    script = Path(sys.executable).parent / (
        "entraide-server.exe" if os.name == "nt" else "entraide-server"
    )
    return [str(script)] if script.exists() else [sys.executable, "-m", "sync_server.cli"]


class ServerProcess:
    """`db` is a SQLite file or a PostgreSQL URL (then `log` names the log file);
    `args` are more `entraide-server` options (e.g. `--workers 2`); `max_open_files`
    is the soft RLIMIT_NOFILE of the process (POSIX)."""

    def __init__(
        self,
        db: Path | str,
        port: int | None = None,
        *,
        args: Sequence[str] = (),
        log: Path | None = None,
        max_open_files: int | None = None,
    ) -> None:
        self.db: Path | str = db if is_database_url(str(db)) else Path(db)
        self.port = port or free_port()
        self.args = list(args)
        self.max_open_files = max_open_files
        self.proc: subprocess.Popen | None = None
        self.log = log or Path(self.db).with_suffix(".log")
        self.source: Path | None = None  # run the server code of another checkout (benchmarks)
        self._admin: Storage | None = None

    @property
    def url(self) -> str:
        scheme = "https" if "--tls-cert" in self.args else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> ServerProcess:
        with open(self.log, "ab") as log:
            command = [sys.executable, "-m", "sync_server.cli"] if self.source else server_command()
            self.proc = subprocess.Popen(
                [*command, "--db", str(self.db), "--port", str(self.port), *self.args],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.source or REPO,
                preexec_fn=self._limit_files if self.max_open_files else None,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                # (a TLS server's certificate is checked by the tests, not by this probe)
                if httpx.get(self.url + "/health", timeout=1, verify=False).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("server did not become healthy")

    def _limit_files(self) -> None:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.max_open_files, hard))

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill() if kill else self.proc.terminate()  # SIGKILL or SIGTERM; Windows too
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def restart(self, kill: bool = False) -> None:
        self.stop(kill)
        self.start()

    def peak_rss_kib(self) -> int:
        """Peak resident memory of the server process (Linux /proc)."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    # -- administration, on the same database (as `entraide-server admin` does) -------------
    @property
    def storage(self) -> Storage:
        if self._admin is None:
            self._admin = open_storage(self.db)
        return self._admin

    def authority(self, code: str) -> None:
        if self.storage.authority(code) is None:
            state = code[:2] if code[:2].isalpha() else "ZZ"
            admin.add_authority(self.storage, code, state, f"Central authority {code}")

    def code(self, authority: str, role: str = "officer", hours: float = 1) -> str:
        self.authority(authority)
        return admin.issue_code(self.storage, authority, role, hours)["code"]

    def enroll(self, store: Store, authority: str, role: str = "officer") -> Store:
        """Enroll an existing store through the real endpoint."""
        enroll(store, self.url, self.code(authority, role), name=store.path.stem)
        return store

    def counts(self) -> dict[str, int]:
        return self.storage.counts()

    def close(self) -> None:
        self.stop()
        if self._admin is not None:
            self._admin.close()
            self._admin = None


def enrolled_store(
    path: Path, server: ServerProcess, authority: str, role: str = "officer", url: str | None = None
) -> Store:
    """A new store on disk, enrolled through the real endpoint."""
    store = Store(path)
    if url is None:
        return server.enroll(store, authority, role)
    enroll(store, url, server.code(authority, role), name=path.stem)
    return store


def share_keys(first: Store, *others: Store) -> None:
    """Give an authority's devices the same space key (what a key file on USB does)."""
    keyset = load_keyset(first) or create_first_key(first)
    for other in others:
        adopt(other, keyset)
