"""Files attached to cases: stored once by content (SHA-256) in the local store.

A file attached to two cases, or received twice, is kept once. The link
between a case and its files is local to this device (not replicated).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from shared.i18n import _

from ..cases import get_case
from ..store import Store
from ..store.store import now_iso
from .errors import ExchangeError

MAX_ATTACHMENT = 20 * 1024 * 1024  # bytes; a package travels over 2G links too
# All the files of one package or message: under the envelope's limit (shared.exchange).
MAX_FILES_TOTAL = 30 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    name: str
    sha256: str
    size: int


def attach_file(store: Store, case_id: str, path: Path | str) -> Attachment:
    """Attach a file to a case; a one-line error for a missing, unreadable or too large file."""
    path = Path(path)
    get_case(store, case_id)  # NotFound for an unknown case, before reading anything
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT:
            raise ExchangeError(_too_large(path.name, size))
        data = path.read_bytes()
    except OSError as exc:
        raise ExchangeError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    return add_attachment(store, case_id, path.name, data)


def check_total(paths: list[Path]) -> None:
    """ExchangeError, one sentence, when the files together exceed what one envelope carries
    (each file's own limit is checked when it is attached)."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError as exc:
            raise ExchangeError(
                _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from None
    check_sizes(total)


def check_sizes(total: int) -> None:
    if total > MAX_FILES_TOTAL:
        raise ExchangeError(
            _("the files come to {size:.1f} MiB; one sending may carry at most {limit} MiB").format(
                size=total / (1024 * 1024), limit=MAX_FILES_TOTAL // (1024 * 1024)
            )
        )


def add_attachment(store: Store, case_id: str, name: str, data: bytes) -> Attachment:
    if len(data) > MAX_ATTACHMENT:
        raise ExchangeError(_too_large(name, len(data)))
    digest = hashlib.sha256(data).hexdigest()
    with store.write() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO attachments (sha256, size, data) VALUES (?, ?, ?)",
            (digest, len(data), data),
        )
        conn.execute(
            "INSERT OR IGNORE INTO case_attachments (case_id, sha256, name, added_at)"
            " VALUES (?, ?, ?, ?)",
            (case_id, digest, name, now_iso()),
        )
    return Attachment(name, digest, len(data))


def case_attachments(store: Store, case_id: str) -> list[Attachment]:
    rows = store.conn.execute(
        "SELECT ca.name, ca.sha256, a.size FROM case_attachments ca"
        " JOIN attachments a ON a.sha256 = ca.sha256 WHERE ca.case_id = ? ORDER BY ca.added_at",
        (case_id,),
    )
    return [Attachment(name, digest, size) for name, digest, size in rows]


def read_attachment(store: Store, sha256: str) -> bytes:
    row = store.conn.execute("SELECT data FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        raise ExchangeError(_("no attached file has the digest {digest}").format(digest=sha256))
    return bytes(row[0])


def stored_blobs(store: Store) -> int:
    """How many distinct files the store holds (deduplication is visible here)."""
    return int(store.conn.execute("SELECT count(*) FROM attachments").fetchone()[0])


def _too_large(name: str, size: int) -> str:
    return _("{name} is {size:.1f} MiB; an attached file may be at most {limit} MiB").format(
        name=name, size=size / (1024 * 1024), limit=MAX_ATTACHMENT // (1024 * 1024)
    )
