"""One revocation rule on every replica: a revoked device's groups stand if and only if
the server's signed record of its revocation lists them.

The record (`shared.revocation.Revocation`) arrives in pull answers and in
bundles. When it arrives, every group of that device this store holds and the
record does not list is set aside: never applied, pushed or exported, and its
changes withdrawn from the documents that had applied them, which are rebuilt
from the changes that stand (`client.store.rebuild`). A group that arrives
later, by any road, is checked against the record before anything of it is
applied. So every replica ends with the same documents, whatever order it
learned things in.

A change that depends on a refused change can never be applied: it is
reported as blocked ("waits on a change from revoked device X") by
`blocked_changes`, in `entraide sync --status` and on the sync screen, not left
silently pending.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import msgpack

from shared.access import authority_space, is_encrypted_space
from shared.changes import ChangeError, GroupChange
from shared.envelope import EnvelopeError, SignedGroup
from shared.i18n import _
from shared.policy.header import read_header
from shared.revocation import Revocation

from ..store import Store
from ..store.rebuild import rebuild_documents
from .groups import store_group

REVOKED = -2  # groups.opened: refused by its author's revocation
REFUSED = -1  # groups.pushed: never pushed, never exported


@dataclass(frozen=True)
class BlockedChange:
    hash: str  # hex
    doc_id: str
    author: str  # who made the blocked change
    revoked_device: str  # whose refused change it waits on


def parse_records(wires: Any) -> list[Revocation]:
    """Records from a pull answer or a bundle manifest (signatures checked when applied)."""
    if wires is None:
        return []
    if not isinstance(wires, list):
        raise EnvelopeError("revocation records must be a list")
    return [Revocation.from_wire(w) for w in wires]


def check_records(records: Iterable[Revocation], server_public_key: bytes) -> None:
    """EnvelopeError unless every record is signed by this network's server."""
    for record in records:
        record.verify(server_public_key)


def new_records(store: Store, records: Iterable[Revocation]) -> list[Revocation]:
    """The records this store does not hold yet."""
    held = {d for (d,) in store.conn.execute("SELECT device_id FROM revocations")}
    return [r for r in records if r.device_id not in held]


def held_record_wires(store: Store) -> list[Any]:
    """Every record this store holds, as wire forms (they travel in bundles)."""
    rows = store.conn.execute("SELECT record FROM revocations ORDER BY device_id")
    return [msgpack.unpackb(r, raw=False) for (r,) in rows]


def apply_revocations(store: Store, records: Sequence[Revocation], server_public_key: bytes) -> int:
    """Record new revocations and set aside the groups they refuse; returns how many.

    Joins the caller's transaction if there is one (a pull batch, a bundle import).
    """
    check_records(records, server_public_key)
    fresh = new_records(store, records)
    if not fresh:
        return 0
    refused = 0
    touched: set[str] = set()
    with store.write() as conn:
        for record in fresh:
            conn.execute(
                "INSERT INTO revocations VALUES (?, ?, ?, ?)",
                (
                    record.device_id,
                    record.authority,
                    record.revoked_at,
                    msgpack.packb(record.to_wire(), use_bin_type=True),
                ),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO revocation_accepted VALUES (?, ?)",
                [(g, record.device_id) for g in record.accepted],
            )
            held = conn.execute(
                "SELECT group_id FROM groups WHERE author = ? AND opened != ?",
                (record.device_id, REVOKED),
            ).fetchall()
            for (group_id,) in held:
                if group_id not in record.accepted:
                    touched.update(_withdraw(conn, group_id))
                    refused += 1
        rebuild_documents(store, touched)
    return refused


def is_refused(conn: sqlite3.Connection, group: SignedGroup) -> bool:
    """True if the author is revoked and this group is not among those that stand."""
    if not conn.execute(
        "SELECT 1 FROM revocations WHERE device_id = ?", (group.author,)
    ).fetchone():
        return False
    return not conn.execute(
        "SELECT 1 FROM revocation_accepted WHERE group_id = ?", (group.group_id,)
    ).fetchone()


def store_refused(
    conn: sqlite3.Connection, group: SignedGroup, changes: Sequence[GroupChange]
) -> None:
    """Keep a refused group (so it is recognised, and never forwarded) without applying it."""
    store_group(conn, group, pushed=False, opened=REVOKED, changes=len(changes))
    conn.execute("UPDATE groups SET pushed = ? WHERE group_id = ?", (REFUSED, group.group_id))
    conn.executemany(
        "INSERT OR IGNORE INTO revoked_changes VALUES (?, ?, ?, ?)",
        [(c.hash, c.doc_id, group.author, group.group_id) for c in changes],
    )


def _withdraw(conn: sqlite3.Connection, group_id: bytes) -> set[str]:
    """Set aside a held group; its changes leave `changes`. Returns the documents touched."""
    conn.execute(
        "UPDATE groups SET opened = ?, pushed = ? WHERE group_id = ?", (REVOKED, REFUSED, group_id)
    )
    rows = conn.execute(
        "SELECT hash, doc_id, author FROM changes WHERE group_id = ?", (group_id,)
    ).fetchall()
    conn.executemany(
        "INSERT OR IGNORE INTO revoked_changes VALUES (?, ?, ?, ?)",
        [(*row, group_id) for row in rows],
    )
    conn.execute("DELETE FROM changes WHERE group_id = ?", (group_id,))
    return {row[1] for row in rows}


def blocked_changes(store: Store) -> list[BlockedChange]:
    """Pending changes that wait, directly or through other pending ones, on a refused change.

    A dependency is known to be refused when this store set aside the group that
    carried it. A device that never held that group cannot know its hashes, but
    it can still tell: every device pushes and exports its groups in the order it
    got them, and passes on everything but refused groups, so once a change has
    arrived, the changes it depends on have arrived before it or with it, unless
    they were refused. So a dependency this store does not hold, in a space
    where it has no group waiting for a key, is attributed to the revoked
    devices that could write that space.
    """
    conn = store.conn
    revoked: dict[str, list[str]] = {}
    for device, authority in conn.execute("SELECT device_id, authority FROM revocations"):
        revoked.setdefault(authority, []).append(device)
    if not revoked:
        return []
    refused = dict(conn.execute("SELECT hash, author FROM revoked_changes").fetchall())
    unread = {s for (s,) in conn.execute("SELECT DISTINCT space FROM groups WHERE opened = 0")}
    pending: dict[bytes, tuple[str, str, str, list[bytes]]] = {}
    for change_hash, doc_id, space, author, body in conn.execute(
        "SELECT hash, doc_id, space, author, body FROM changes"
        " WHERE applied = 0 AND body IS NOT NULL"
    ):
        try:
            pending[change_hash] = (doc_id, space, author, list(read_header(body).deps))
        except ChangeError:
            continue
    waits_on: dict[bytes, str] = {}
    for change_hash, (_doc, space, _author, deps) in pending.items():
        for dep in deps:
            if dep in refused:
                waits_on[change_hash] = refused[dep]
                break
            if dep not in pending and space not in unread and not _held(conn, dep):
                candidates = _writers(revoked, space)
                if candidates:
                    waits_on[change_hash] = ", ".join(candidates)
                    break
    grew = True
    while grew:  # and what waits on a blocked change is blocked too
        grew = False
        for change_hash, (_doc, _space, _author, deps) in pending.items():
            if change_hash in waits_on:
                continue
            for dep in deps:
                if dep in waits_on:
                    waits_on[change_hash] = waits_on[dep]
                    grew = True
                    break
    return [
        BlockedChange(h.hex(), pending[h][0], pending[h][2], device)
        for h, device in sorted(waits_on.items())
    ]


def _held(conn: sqlite3.Connection, change_hash: bytes) -> bool:
    return (
        conn.execute("SELECT 1 FROM changes WHERE hash = ?", (change_hash,)).fetchone() is not None
    )


def _writers(revoked: dict[str, list[str]], space: str) -> list[str]:
    """Revoked devices that could have written in `space` (an authority's space: its own)."""
    for authority, devices in revoked.items():
        if space == authority_space(authority):
            return sorted(devices)
    if is_encrypted_space(space):
        return []
    return sorted(d for devices in revoked.values() for d in devices)


def blocked_summary(store: Store) -> dict[str, int]:
    """Revoked device -> how many changes wait on a change of it."""
    return dict(sorted(Counter(b.revoked_device for b in blocked_changes(store)).items()))


def blocked_message(device: str, count: int) -> str:
    return _(
        "{count} change(s) blocked: they wait on a change from revoked device {device}"
    ).format(count=count, device=device)
