"""Fixtures of the sync tests: a real server process on loopback, and real enrolled stores."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serverproc import ServerProcess, enrolled_store, share_keys

from client.store import Store


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("server") / "server.sqlite").start()
    yield proc
    proc.close()


@pytest.fixture
def make_device(tmp_path: Path, server: ServerProcess) -> Iterator[Callable[..., Store]]:
    """make_device(name, role="officer", url=None) -> an enrolled Store of authority
    `<name>-<test id>` (unique per test, since the server outlives the test); the devices
    of one authority made in a test share its space key."""
    made: list[Store] = []
    first: dict[str, Store] = {}
    suffix = secrets.token_hex(3)

    def make(name: str, role: str = "officer", url: str | None = None) -> Store:
        authority = f"{name}-{suffix}"
        store = enrolled_store(tmp_path / f"dev{len(made)}.sqlite", server, authority, role, url)
        if authority in first:
            share_keys(first[authority], store)
        else:
            first[authority] = store
            share_keys(store)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


@pytest.fixture
def run_server_cli(server: ServerProcess):
    """Run `entraide-server --db <the test server's db> ...` in a subprocess."""
    import subprocess

    from serverproc import server_command

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*server_command(), "--db", str(server.db), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run
