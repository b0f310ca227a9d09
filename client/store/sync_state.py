"""The `sync_state` key/value table: what the sync agent (`client.sync.state`: cursors,
last rounds, log) and the USB bundles (`client.bundles.peers`: what each peer holds)
remember between rounds, each under its own keys.

Functions taking `conn` write inside the caller's transaction (`store.write()`).
"""

from __future__ import annotations

import sqlite3

from .store import Store


def get_value(store: Store, key: str) -> str | None:
    row = store.conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def values_under(store: Store, prefix: str) -> list[tuple[str, str]]:
    """(key, value) of every key starting with `prefix`, in key order."""
    return store.conn.execute(
        "SELECT key, value FROM sync_state WHERE substr(key, 1, ?) = ? ORDER BY key",
        (len(prefix), prefix),
    ).fetchall()


def put_value(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", (key, value))


def delete_value(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))


def delete_under(conn: sqlite3.Connection, prefix: str) -> None:
    """Forget every key starting with `prefix`."""
    conn.execute("DELETE FROM sync_state WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
