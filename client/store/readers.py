"""The store's reading connections: a bounded pool, one connection lent to each thread
that reads, given back when that thread ends.

A thread keeps its connection while it lives (`Store.conn` is used without a
context, and a reader must never see another thread's uncommitted transaction,
so connections are not shared between live threads). The terminal app's
workers come and go: each one's connection goes back to the pool as its thread
ends and the next worker reuses it, so at most `limit` connections are ever
open. A thread that asks while all are lent waits for one to come back.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable

from shared.errors import EntraideError
from shared.i18n import _

READERS = 8  # reading connections at most (the app: its loop, a sync, an import, workers)
WAIT_SECONDS = 30.0


class TooManyReaders(EntraideError):
    """Every reading connection stayed lent for longer than a thread may wait."""


class _Lease:
    """Held in the reading thread's local storage: dropped (and its connection given
    back) when that thread ends."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


class _ThreadLease(threading.local):
    lease: _Lease | None = None  # this thread's reading connection, once it has one


class ReaderPool:
    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        limit: int = READERS,
        wait: float = WAIT_SECONDS,
    ) -> None:
        self._connect = connect
        self._limit = limit
        self._wait = wait
        self._local = _ThreadLease()
        self._idle: list[sqlite3.Connection] = []
        self._lent: set[sqlite3.Connection] = set()
        self._closed = False
        self._changed = threading.Condition()

    def connection(self) -> sqlite3.Connection:
        """This thread's reading connection, lent on its first read."""
        lease = self._local.lease
        if lease is None:
            lease = _Lease(self._lend())
            weakref.finalize(lease, self._give_back, lease.conn)
            self._local.lease = lease
        return lease.conn

    def open_count(self) -> int:
        """Reading connections open now (lent or idle)."""
        with self._changed:
            return len(self._idle) + len(self._lent)

    def lent_count(self) -> int:
        """Reading connections held by live threads."""
        with self._changed:
            return len(self._lent)

    def close(self) -> None:
        """Close every connection; those lent are closed too (the store is closing)."""
        with self._changed:
            self._closed = True
            for conn in [*self._idle, *self._lent]:
                conn.close()
            self._idle.clear()
            self._lent.clear()
            self._changed.notify_all()

    def _lend(self) -> sqlite3.Connection:
        with self._changed:
            if not self._changed.wait_for(
                lambda: self._idle or len(self._lent) < self._limit, self._wait
            ):
                raise TooManyReaders(
                    _("the data file is being read by too many tasks at once; try again")
                )
            conn = self._idle.pop() if self._idle else self._connect()
            self._lent.add(conn)
            return conn

    def _give_back(self, conn: sqlite3.Connection) -> None:
        with self._changed:
            if conn not in self._lent:  # closed with the store meanwhile
                return
            self._lent.discard(conn)
            if conn.in_transaction:  # never hand on a snapshot the ended thread began
                conn.rollback()
            if self._closed:
                conn.close()
            else:
                self._idle.append(conn)
            self._changed.notify()
