"""Local files readable by their owner only: the data folder 0700, databases and exports 0600."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.cases import create_case
from client.paths import ensure, store_path
from client.store import Store
from shared.files import atomic_write
from sync_server.storage import open_storage

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common default (files 0644, folders 0755), which these files must not follow."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _sqlite_files(path: Path) -> list[Path]:
    files = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]
    return [f for f in files if f.exists()]


def test_new_data_folder_and_store_are_owner_only(tmp_path: Path) -> None:
    folder = ensure(tmp_path / "profile" / "entraide")
    store = Store(store_path(folder))
    create_case(store, {"direction": "incoming", "kind": "mla", "title": "Gel des avoirs"})
    files = _sqlite_files(store.path)
    assert len(files) == 3  # the database, its write-ahead log and its index, all open
    assert mode(folder) == 0o700
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    store.close()


def test_existing_wide_files_are_tightened_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "entraide"
    folder.mkdir(mode=0o755)
    store = Store(store_path(folder))
    create_case(store, {"direction": "incoming", "kind": "mla", "title": "Commission rogatoire"})
    for f in _sqlite_files(store.path):
        f.chmod(0o644)
    os.chmod(folder, 0o755)
    reopened = Store(store_path(ensure(folder)))
    assert mode(folder) == 0o700
    assert all(mode(f) == 0o600 for f in _sqlite_files(store.path))
    reopened.close()
    store.close()


def test_server_database_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite"
    storage = open_storage(path)
    files = _sqlite_files(path)
    assert files and all(mode(f) == 0o600 for f in files), [(f.name, oct(mode(f))) for f in files]
    storage.close()
    path.chmod(0o644)
    open_storage(path).close()
    assert mode(path) == 0o600


def test_server_creates_its_folder_owner_only(tmp_path: Path) -> None:
    from sync_server.cli import main

    db = tmp_path / "srv" / "server.sqlite"
    main(["--db", str(db), "admin", "authority", "list"])
    assert mode(db.parent) == 0o700
    assert mode(db) == 0o600


def test_exported_files_are_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "senegal.keyfile"
    atomic_write(target, b"escrow")
    assert mode(target) == 0o600
    assert target.read_bytes() == b"escrow"
