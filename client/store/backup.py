"""Backing up the store while the app runs, and restoring a backup safely.

`backup_store` uses SQLite's online backup API: it copies a consistent
snapshot page by page while other connections (the app, a sync) keep working,
and writes it as one self-contained file (no -wal), readable by its owner only.

`restore_backup` puts a backup in place of a store and gives it a **new
Automerge actor id**. The device id, its certificate and signing key stay (it
is the same enrolled device), but every edit made after the restore is written
by a new actor: the original device may have made edits after the backup with
the old actor's next sequence numbers, and reusing them would give two
different changes one (actor, seq), which no peer can merge. What must happen
next, to get those later edits back, is the sync package's (`client.sync.restore`).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from shared.errors import EntraideError
from shared.i18n import _

from .store import Store, now_iso


class BackupError(EntraideError):
    """A backup that cannot be written, or a file that is not a backup of a store."""


@dataclass(frozen=True)
class RestoreReport:
    device_id: str
    old_actor: str
    new_actor: str
    set_aside: Path | None  # where the store that was replaced was moved


def backup_store(store: Store, target: Path) -> int:
    """Write a consistent copy of the store to `target` (mode 0600); returns its size."""
    target = Path(target)
    if target.exists() and target.resolve() == store.path.resolve():
        raise BackupError(_("the backup file cannot be the store itself"))
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        copy = sqlite3.connect(tmp)
        try:
            store.conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        finally:
            copy.close()
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:  # getattr below: sqlite3.Error has no strerror
        tmp.unlink(missing_ok=True)
        raise BackupError(
            _("cannot write the backup {path}: {reason}").format(
                path=target, reason=getattr(exc, "strerror", None) or exc
            )
        ) from None
    return target.stat().st_size


def restore_backup(backup: Path, target: Path) -> RestoreReport:
    """Put a checked copy of `backup` at `target` with a new actor id.

    A store already at `target` is not deleted: it is moved aside, with its WAL
    and shared-memory files (a stale WAL next to the restored file would be
    replayed into it).
    """
    backup, target = Path(backup), Path(target)
    device_id, old_actor = _check_backup(backup)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    new_actor = secrets.token_hex(16)
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        copy = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.backup(copy)
            copy.execute("BEGIN IMMEDIATE")
            copy.execute("UPDATE meta SET value = ? WHERE key = 'actor'", (new_actor,))
            copy.execute("INSERT OR REPLACE INTO meta VALUES ('restored_at', ?)", (now_iso(),))
            copy.execute("COMMIT")
        finally:
            source.close()
            copy.close()
        set_aside = _move_aside(target)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:  # getattr below: sqlite3.Error has no strerror
        tmp.unlink(missing_ok=True)
        raise BackupError(
            _("cannot restore {path}: {reason}").format(
                path=backup, reason=getattr(exc, "strerror", None) or exc
            )
        ) from None
    return RestoreReport(device_id, old_actor, new_actor, set_aside)


def _check_backup(backup: Path) -> tuple[str, str]:
    """(device id, actor) of a file that is a whole Entraide store; BackupError if not."""
    if not backup.is_file():
        raise BackupError(_("{path} is not a file").format(path=backup))
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(_("{path} is damaged").format(path=backup))
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        raise BackupError(
            _("{path} is not a backup of an Entraide store").format(path=backup)
        ) from None
    if not meta.get("device_id") or not meta.get("actor"):
        raise BackupError(_("{path} is not a backup of an Entraide store").format(path=backup))
    return meta["device_id"], meta["actor"]


def _move_aside(target: Path) -> Path | None:
    if not target.exists():
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return None
    stamp = now_iso().replace(":", "").replace("+0000", "Z")
    aside = target.with_name(f"{target.name}.before-restore-{stamp}")
    for suffix in ("-wal", "-shm", ""):
        source = Path(f"{target}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    return aside
