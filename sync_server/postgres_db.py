"""PostgreSQL behind the same small interface as `SqliteDatabase`: a connection pool
(psycopg 3 and psycopg_pool), short transactions, the same `?`-style SQL.

The queries of `storage.py` and `space_keys.py` are written once; here `?` becomes
psycopg's `%s`. Rows that writers must take in turn (a space's counter, an
enrollment code, a keyset's version) are locked with `SELECT ... FOR UPDATE`
(`for_update`); SQLite needs no such lock since it has one writer at a time.
Judging readable groups (trust.py) takes a transaction-level advisory lock per
space (`judging`), shared by every worker and instance on the database.
"""

from __future__ import annotations

import functools
import os
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .migrations import Migration, migrate
from .storage import MIGRATIONS, SqlStorage
from .timestamps import now_iso


class _ThreadTransaction(threading.local):
    tx: _Connection | None = None  # the judging transaction of this thread, if any


POOL_ENV = "ENTRAIDE_SERVER_PG_POOL"
_MIGRATION_LOCK = 0x454E5452  # advisory lock id: one worker migrates, the others wait
_JUDGING_LOCK = 0x4A554447  # first key of the per-space judging locks (second: the space)


class PostgresUnavailable(Exception):
    """psycopg is not installed, or the server cannot be reached."""


@functools.lru_cache(maxsize=1024)
def _pg(sql: str) -> str:
    """psycopg's placeholders; SQLite's `INSERT OR IGNORE` as the standard upsert."""
    text = sql.replace("%", "%%").replace("?", "%s")
    if text.lstrip().upper().startswith("INSERT OR IGNORE "):
        text = "INSERT " + text.lstrip()[len("INSERT OR IGNORE ") :] + " ON CONFLICT DO NOTHING"
    return text


class _Connection:
    """What the shared queries use of a sqlite3 connection: execute and executemany."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, args: Sequence[object] = ()) -> Any:
        return self._conn.execute(_pg(sql), tuple(args))

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(_pg(sql), rows)


class PostgresDatabase:
    dialect = "postgresql"
    for_update = " FOR UPDATE"
    for_share = " FOR SHARE"

    def __init__(self, url: str, migrations: Sequence[Migration]) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError:
            raise PostgresUnavailable(
                "PostgreSQL storage needs psycopg: pip install 'entraide[postgres]'"
            ) from None
        self.url = url
        self._local = _ThreadTransaction()
        try:  # one plain connection first: a fast, clear error if the server is not there
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            raise PostgresUnavailable(f"cannot use PostgreSQL: {_first_line(exc)}") from None
        size = int(os.environ.get(POOL_ENV) or 10)
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, size),
            kwargs={"autocommit": True},
            check=ConnectionPool.check_connection,  # drop connections a restart broke
            timeout=10,  # waiting longer for a connection: answer 500, the client retries
            open=False,
            name="entraide",
        )
        try:
            self.pool.open(wait=True, timeout=15)
            with self._tx() as conn:
                conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
                migrate(
                    lambda sql, args: _rows(conn.execute(sql, args)),
                    self.dialect,
                    now_iso(),
                    migrations,
                )
        except (psycopg.Error, Exception) as exc:
            self.pool.close()
            if isinstance(exc, psycopg.Error) or type(exc).__name__ == "PoolTimeout":
                raise PostgresUnavailable(f"cannot use PostgreSQL: {_first_line(exc)}") from None
            raise

    @contextmanager
    def _tx(self) -> Iterator[_Connection]:
        current = self._local.tx
        if current is not None:  # inside `judging`: part of its transaction
            yield current
            return
        with self.pool.connection() as conn, conn.transaction():
            yield _Connection(conn)

    def _read(self, sql: str, args: Sequence[object] = ()) -> list[tuple]:
        current = self._local.tx
        if current is not None:
            return _rows(current.execute(sql, args))
        with self.pool.connection() as conn:
            return conn.execute(_pg(sql), tuple(args)).fetchall()

    @contextmanager
    def judging(self, spaces: Sequence[str]) -> Iterator[None]:
        """One transaction for judging readable groups of these spaces and storing them,
        under an advisory lock per space that every worker and instance takes: two pushes
        never judge against the same stale document. The lock goes with the transaction
        (commit or rollback); reads and writes of this thread meanwhile go through it, so
        they see every commit of the previous holder (READ COMMITTED)."""
        if not spaces:
            yield
            return
        if self._local.tx is not None:
            raise RuntimeError("judging() does not nest")
        with self.pool.connection() as conn, conn.transaction():
            tx = _Connection(conn)
            for space in sorted(set(spaces)):  # one order everywhere: no deadlock
                tx.execute(
                    "SELECT pg_advisory_xact_lock(?::int4, ?::int4)",
                    (_JUDGING_LOCK, _space_key(space)),
                )
            self._local.tx = tx
            try:
                yield
            finally:
                self._local.tx = None

    def close(self) -> None:
        self.pool.close()


def _space_key(space: str) -> int:
    """A space's name as the second key of its advisory lock (a 32-bit signed number; two
    spaces that share one only wait for each other)."""
    return zlib.crc32(space.encode()) - 2**31


def _rows(cursor: Any) -> list[tuple]:
    return cursor.fetchall() if cursor.description is not None else []


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PostgresStorage(SqlStorage, PostgresDatabase):
    """PostgreSQL backend: a pool of connections, rows locked where writers meet."""

    def __init__(self, url: str) -> None:
        PostgresDatabase.__init__(self, url, MIGRATIONS)
