"""The server's SQLite file: one writer connection (short transactions under a lock),
and a reading connection per thread, so that reads never wait for a writer (WAL)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from shared.files import private_sqlite

from .migrations import Migration, migrate
from .timestamps import now_iso


class _ThreadReader(threading.local):
    conn: sqlite3.Connection | None = None  # this thread's reader, opened at its first read


# Judging readable groups and storing them is one step (trust.py). One server process
# per SQLite file (serve.py), so a lock of this process serializes every judge.
_JUDGING = threading.Lock()


class SqliteDatabase:
    """Opens the file in WAL mode, brings its schema up to date, serializes the writes.

    Reads go through a connection of the calling thread: in WAL mode they see the
    last committed state and never wait for the writer (who may be checkpointing).

    `dialect`, `for_update` and `for_share` tell the shared queries what they run on:
    SQLite serializes writers with BEGIN IMMEDIATE, so rows need no lock of their own.
    """

    dialect = "sqlite"
    for_update = ""
    for_share = ""
    inline_reads = True  # cheap, and WAL readers never wait: see idle_pull.py

    def __init__(self, path: str | Path, migrations: Sequence[Migration]) -> None:
        self.path = Path(path)
        private_sqlite(self.path)  # 0600, with its -wal and -shm (docs/security.md)
        self.conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=30
        )
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._lock = threading.Lock()
        self._local = _ThreadReader()
        self._readers: list[sqlite3.Connection] = []
        with self._tx() as conn:
            migrate(
                lambda sql, args: conn.execute(sql, tuple(args)).fetchall(),
                self.dialect,
                now_iso(),
                migrations,
            )

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

    @contextmanager
    def judging(self, spaces: Sequence[str]) -> Iterator[None]:
        """Judge readable groups of these spaces and store them, one push at a time (the
        reads see every commit: WAL readers read the last committed state)."""
        if not spaces:
            yield
            return
        with _JUDGING:
            yield

    def _read(self, sql: str, args: Sequence[object] = ()) -> list[tuple]:
        reader = self._local.conn
        if reader is None:
            reader = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=30
            )
            reader.execute("PRAGMA query_only=ON")
            self._local.conn = reader
            with self._lock:
                self._readers.append(reader)
        return reader.execute(sql, tuple(args)).fetchall()

    def close(self) -> None:
        with self._lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
            self.conn.close()
