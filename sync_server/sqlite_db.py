"""One SQLite connection shared by the server's stores: short transactions under a lock."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from shared.files import private_sqlite


class SqliteDatabase:
    """Opens the file in WAL mode, creates `schema` if absent, serializes access."""

    def __init__(self, path: str | Path, schema: str) -> None:
        self.path = Path(path)
        private_sqlite(self.path)  # 0600, with its -wal and -shm (docs/security.md)
        self.conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=30
        )
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._lock = threading.Lock()
        with self._tx() as conn:
            for statement in schema.split(";"):
                if statement.strip():
                    conn.execute(statement)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _read(self, sql: str, args: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            return self.conn.execute(sql, tuple(args)).fetchall()

    def close(self) -> None:
        with self._lock:
            self.conn.close()
