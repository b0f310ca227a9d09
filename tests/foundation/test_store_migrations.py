"""The store's schema migrations, run by sqlite-utils, and stores migrated before that."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from client.store import Store
from client.store.migrations import MIGRATIONS, SET_NAME, _statements


def _applied(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            (SET_NAME,),
        ).fetchall()
    conn.close()
    return [name for (name,) in rows]


def test_a_new_store_records_every_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store(path).close()
    Store(path).close()  # opening again applies nothing twice
    assert _applied(path) == [name for name, _sql in MIGRATIONS]


def test_a_store_migrated_by_the_old_runner_upgrades(tmp_path: Path) -> None:
    """A store whose migrations were recorded in `_migrations` (before sqlite-utils ran
    them), one migration behind: it gets the last one, keeps its data, and the old
    record is adopted, not replayed."""
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for name, sql in MIGRATIONS[:-1]:  # as the old runner left a store
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO _migrations VALUES (?, '2026-01-01 10:00:00')", (name,))
    conn.execute("INSERT INTO meta VALUES ('user_name', 'Awa')")
    conn.close()
    last = MIGRATIONS[-1][0]

    store = Store(path)
    assert store.get_meta("user_name") == "Awa"
    tables = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "_migrations" not in tables
    assert "exchange_envelopes" in tables  # made by the last migration
    store.close()
    assert _applied(path) == [name for name, _sql in MIGRATIONS]
    assert _applied(path)[-1] == last
