"""Fixtures of the revocation and restore tests: the real server on loopback (from
tests/conftest.py), devices whose stores sit in data directories (so the real CLI
runs on them), and the server's admin CLI."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serverproc import ServerProcess, enrolled_store, server_command, share_keys

from client.paths import DATA_DIR_ENV, store_path
from client.store import Store

REPO = Path(__file__).resolve().parents[2]


def cli(data_dir: Path, *args: object, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real `entraide` CLI on the store of `data_dir`."""
    env = {**os.environ, DATA_DIR_ENV: str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "client.cli.main", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=timeout,
    )


def data_dir_of(store: Store) -> Path:
    return store.path.parent


@pytest.fixture
def device(tmp_path: Path, server: ServerProcess) -> Iterator[Callable[[str], Store]]:
    """device(name) -> an enrolled officer Store of this test's authority, in tmp/<name>/;
    all of them share the authority's space key."""
    authority = "SN-" + secrets.token_hex(3)
    made: list[Store] = []

    def make(name: str) -> Store:
        directory = tmp_path / name
        directory.mkdir()
        store = enrolled_store(store_path(directory), server, authority)
        share_keys(made[0] if made else store, *([store] if made else []))
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


@pytest.fixture
def revoke(server: ServerProcess) -> Callable[[Store], None]:
    """Revoke a device with the real `entraide-server admin device revoke`."""

    def run(store: Store) -> None:
        result = subprocess.run(
            [
                *server_command(),
                "--db",
                str(server.db),
                "admin",
                "device",
                "revoke",
                store.device_id,
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr

    return run
