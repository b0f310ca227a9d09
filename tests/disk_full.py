"""Simulated full disks without root: SQLite's page limit, and a file size limit."""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from client.store import Store
from client.store.storage_errors import StoreError


def fill_database(store: Store) -> None:
    """Let the database grow no further and fill its free space: writes then fail as on a
    full disk. (The limit is per connection: it holds for the store's writer.)"""
    with store.write() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS test_filler (data BLOB)")
    with store.write() as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
    for size in (65536, 4096, 256, 16):
        while True:
            try:
                with store.write() as conn:
                    conn.execute("INSERT INTO test_filler VALUES (zeroblob(?))", (size,))
            except StoreError:
                break


def unfill_database(store: Store) -> None:
    with store.write() as conn:
        conn.execute("PRAGMA max_page_count = 1073741823")


@contextmanager
def file_size_limit(size: int) -> Iterator[None]:
    """Writes past `size` bytes fail with EFBIG (as writes to a full disk fail with ENOSPC)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
