"""A sync server on loopback for the demo: started beside the app, stopped with it.

The server runs as its own process (`entraide-server`), exactly as in a real
deployment; the demo creates its authority, issues an enrollment code with the
admin CLI and enrolls this device, so the Sync screen shows real syncs.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..library import seed_library
from ..store import Store
from ..sync import SyncAgent, enroll
from . import is_empty
from .cases import OWN_AUTHORITY
from .directory import load_directory

PREFERRED_PORT = 8765
SERVER_MODULE = "sync_server.cli"  # run as a program, never imported by the client
SECRETARIAT = "WACAP-SEC"


@dataclass
class LocalServer:
    db: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> LocalServer:
        if importlib.util.find_spec("uvicorn") is None:
            # The server's libraries are the `server` extra; a client-only install lacks them.
            raise RuntimeError("the sync server is not installed: pip install 'entraide[server]'")
        log = open(self.db.with_suffix(".log"), "ab")  # noqa: SIM115 - closed with the process
        # Tethered: the server stops when this process ends in any way, even killed
        # with its console window (client/demo/tethered.py).
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "client.demo.tethered",
                SERVER_MODULE,
                "--db",
                str(self.db),
                "--port",
                str(self.port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the demo server stopped at start; see {log.name}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the demo server did not answer within 20 seconds")

    def stop(self) -> None:
        """Close the server's input: it shuts down as it would if this process died."""
        if self.process and self.process.poll() is None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def admin(self, *args: str) -> dict:
        """Run `entraide-server admin ... --json` on this server's database."""
        result = subprocess.run(
            [*_server_command(), "--db", str(self.db), "admin", *args, "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip() or "admin command failed")
        return json.loads(result.stdout)


def start_demo_server(store: Store, data_dir: Path) -> LocalServer:
    """Start the server on loopback, publish the directory, enroll and sync this device."""
    server = LocalServer(data_dir / "demo-server.sqlite", _free_port()).start()
    try:
        publish_directory(server, data_dir / "demo-secretariat.sqlite")
        if store.get_meta("device_cert") is None:
            _enroll(
                store,
                server,
                store.get_meta("authority") or OWN_AUTHORITY,
                "officer",
                "demo officer",
            )
        # The port may differ from one run to the next; the server (keys, log) is the same.
        store.set_meta("server_url", server.url)
        SyncAgent(store).sync_once()  # brings the directory
    except BaseException:
        server.stop()
        raise
    return server


def publish_directory(server: LocalServer, secretariat_db: Path) -> None:
    """The secretariat's device writes and approves the directory, then syncs it up."""
    secretariat = Store(secretariat_db)
    try:
        if secretariat.get_meta("device_cert") is None:
            _enroll(secretariat, server, SECRETARIAT, "secretariat", "demo secretariat")
        secretariat.set_meta("server_url", server.url)
        if is_empty(secretariat, ("directory",)):
            with secretariat.write():
                load_directory(secretariat)
        if is_empty(secretariat, ("instrument",)):
            seed_library(secretariat)  # the legal library, approved, published the same way
        SyncAgent(secretariat).sync_once()
    finally:
        secretariat.close()


def _enroll(store: Store, server: LocalServer, authority: str, role: str, name: str) -> None:
    if authority not in {a["code"] for a in server.admin("authority", "list")}:
        server.admin(
            "authority",
            "add",
            authority,
            "--state",
            authority[:2],
            "--name",
            f"Demo authority {authority}",
        )
    code = server.admin("code", "issue", "--authority", authority, "--role", role)["code"]
    enroll(store, server.url, code, name=name)


def _free_port() -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", PREFERRED_PORT))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_command() -> list[str]:
    return [sys.executable, "-m", SERVER_MODULE]
