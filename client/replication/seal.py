"""Sealing: turning this device's new changes into signed (and, for case spaces, encrypted) groups.

A change is sealed once; the group is stored as signed, so a retry or a bundle
sends the very same bytes and receivers recognise it by its id.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from shared.access import is_encrypted_space
from shared.changes import pack_changes
from shared.envelope import sign_group

from ..identity import Identity
from ..returns import publish_staged_returns
from ..store import Store
from .groups import OPENED, store_group
from .keyring import Keyring, KeyUnavailable

MAX_GROUP_BYTES = 256 * 1024  # of change bytes; a single larger change still makes one group


def seal_local_changes(
    store: Store,
    identity: Identity,
    keyring: Keyring,
    max_group_bytes: int = MAX_GROUP_BYTES,
    *,
    all_returns: bool = True,
    now: dt.datetime | None = None,
) -> int:
    """Seal every unsealed local change; returns the number of groups made.

    `all_returns=False` (a background sync): the staged returns are folded into their
    books only when due (`client.returns.book.returns_due`, at `now`); otherwise always.

    The unsealed changes are read inside the write transaction that marks them:
    `BEGIN IMMEDIATE` serialises writers across processes, so the app's
    background sync and `entraide sync --watch` (or an export) on the same store
    never seal one change into two groups.
    """
    made = 0
    with store.write() as conn:
        # The returns staged by case saves become their books' changes, sealed below.
        publish_staged_returns(store, all_returns, now)
        rows = conn.execute(
            "SELECT hash, doc_id, space, body FROM changes"
            " WHERE author = ? AND group_id IS NULL ORDER BY seq",
            (identity.device_id,),
        ).fetchall()
        by_space: dict[str, list[tuple[bytes, str, bytes]]] = {}
        for change_hash, doc_id, space, body in rows:
            by_space.setdefault(space, []).append((change_hash, doc_id, body))
        for space, changes in by_space.items():
            for chunk in _chunks(changes, max_group_bytes):
                plaintext = pack_changes((doc_id, body) for _, doc_id, body in chunk)
                key_id, payload = "", plaintext
                if is_encrypted_space(space):
                    try:
                        key_id, payload = keyring.seal(space, identity.device_id, plaintext)
                    except KeyUnavailable:
                        # Never send in clear: these changes wait on this device for the key,
                        # and the other spaces still go out.
                        break
                group = sign_group(space, identity.device_id, key_id, payload, identity.signing_key)
                store_group(conn, group, pushed=False, opened=OPENED, changes=len(chunk))
                group_id = group.group_id
                conn.executemany(
                    "UPDATE changes SET group_id = ?, position = ? WHERE hash = ?",
                    [(group_id, i, change_hash) for i, (change_hash, _, _) in enumerate(chunk)],
                )
                made += 1
    return made


def _chunks(
    changes: list[tuple[bytes, str, bytes]], max_bytes: int
) -> list[list[tuple[bytes, str, bytes]]]:
    chunks: list[list[tuple[bytes, str, bytes]]] = [[]]
    size = 0
    for change in changes:
        if chunks[-1] and size + len(change[2]) > max_bytes:
            chunks.append([])
            size = 0
        chunks[-1].append(change)
        size += len(change[2])
    return [c for c in chunks if c]


def claim_sealed(conn: sqlite3.Connection, group_id: bytes, hashes: list[bytes]) -> None:
    """This device's unsealed changes that arrive sealed in one of its own groups (a store
    restored from a backup gets back the groups its original sealed later) take that
    group, so they are not sealed a second time."""
    conn.executemany(
        "UPDATE changes SET group_id = ?, position = ? WHERE hash = ? AND group_id IS NULL",
        [(group_id, position, change_hash) for position, change_hash in enumerate(hashes)],
    )
