"""What the sync agent remembers, in the store's `sync_state` key/value table
(`client.store.sync_state`):
per-space cursors, the outcome of the last rounds, and a short log.

Cursors are written with the connection of the caller's transaction, so a
pulled batch and the cursor past it commit together.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from ..store import Store
from ..store.store import now_iso
from ..store.sync_state import delete_under, delete_value, get_value, put_value, values_under

CURSOR_PREFIX = "cursor:"
LOG_KEY = "log"
LOG_LENGTH = 50
REVOCATIONS_KEY = "revocations"
INCLUDE_OWN_KEY = "restore.include_own"


@dataclass(frozen=True)
class SyncLogEntry:
    when: str
    ok: bool
    message: str


def cursors(store: Store) -> dict[str, int]:
    rows = values_under(store, CURSOR_PREFIX)
    return {key[len(CURSOR_PREFIX) :]: int(value) for key, value in rows}


def save_cursors(conn: sqlite3.Connection, new: Mapping[str, int]) -> None:
    """Call inside the transaction that committed the batch these cursors follow."""
    for space, seq in new.items():
        put_value(conn, CURSOR_PREFIX + space, str(int(seq)))


EPOCH_KEY = "server_epoch"


def server_epoch(store: Store) -> str | None:
    """The server log's epoch this device last saw (it changes when the server restores)."""
    return get_value(store, EPOCH_KEY)


def restart_log(conn: sqlite3.Connection, epoch: str) -> None:
    """Inside the caller's transaction: forget the cursors and note the new epoch."""
    delete_under(conn, CURSOR_PREFIX)
    put_value(conn, EPOCH_KEY, epoch)


def reset_cursors(store: Store) -> None:
    with store.write() as conn:
        delete_under(conn, CURSOR_PREFIX)
        delete_value(conn, REVOCATIONS_KEY)


def revocations_cursor(store: Store) -> int:
    """The server's number of the last revocation record this store holds."""
    return int(get_value(store, REVOCATIONS_KEY) or 0)


def save_revocations_cursor(conn: sqlite3.Connection, seq: int) -> None:
    put_value(conn, REVOCATIONS_KEY, str(int(seq)))


def include_own(store: Store) -> bool:
    """After a restore from backup: the next pull asks for this device's own groups too."""
    return get_value(store, INCLUDE_OWN_KEY) == "1"


def set_include_own(conn: sqlite3.Connection, value: bool) -> None:
    if value:
        put_value(conn, INCLUDE_OWN_KEY, "1")
    else:
        delete_value(conn, INCLUDE_OWN_KEY)


def record_attempt(store: Store, ok: bool, message: str) -> None:
    """The outcome of one round: status fields and a log line, in one transaction."""
    stamp = now_iso()
    entries = [SyncLogEntry(stamp, ok, message), *read_log(store)][:LOG_LENGTH]
    with store.write() as conn:
        put_value(conn, "last_attempt", stamp)
        put_value(conn, "online", "1" if ok else "0")
        if ok:
            put_value(conn, "last_success", stamp)
            delete_value(conn, "last_error")
        else:
            put_value(conn, "last_error", message)
        put_value(conn, LOG_KEY, json.dumps([[e.when, e.ok, e.message] for e in entries]))


def set_online(store: Store, online: bool) -> None:
    with store.write() as conn:
        put_value(conn, "online", "1" if online else "0")


def read_log(store: Store) -> list[SyncLogEntry]:
    raw = get_value(store, LOG_KEY)
    try:
        return [SyncLogEntry(str(w), bool(ok), str(m)) for w, ok, m in json.loads(raw or "[]")]
    except (ValueError, TypeError):
        return []


def get(store: Store, key: str) -> str | None:
    return get_value(store, key)


def put(store: Store, key: str, value: str) -> None:
    with store.write() as conn:
        put_value(conn, key, value)
