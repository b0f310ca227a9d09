"""Sealing: turning this device's new changes into signed (and, for case spaces, encrypted) groups.

A change is sealed once; the group is stored, so a retry or a bundle sends the
very same bytes and receivers recognise it by its id.
"""

from __future__ import annotations

from shared.access import is_encrypted_space
from shared.envelope import Envelope, sign_group

from ..identity import Identity
from ..store import Store
from .keyring import Keyring, KeyUnavailable

MAX_GROUP_BYTES = 256 * 1024


def seal_local_changes(
    store: Store, identity: Identity, keyring: Keyring, max_group_bytes: int = MAX_GROUP_BYTES
) -> int:
    """Seal every unsealed local change; returns the number of groups made."""
    rows = store.conn.execute(
        "SELECT hash, doc_id, space, body FROM changes"
        " WHERE author = ? AND group_id IS NULL AND body IS NOT NULL ORDER BY seq",
        (identity.device_id,),
    ).fetchall()
    by_space: dict[str, list[tuple[bytes, str, bytes]]] = {}
    for change_hash, doc_id, space, body in rows:
        by_space.setdefault(space, []).append((change_hash, doc_id, body))
    made = 0
    with store.write() as conn:
        for space, changes in by_space.items():
            for chunk in _chunks(changes, max_group_bytes):
                envelopes = []
                try:
                    for change_hash, doc_id, body in chunk:
                        if is_encrypted_space(space):
                            key_id, sent = keyring.encrypt(space, doc_id, change_hash, body)
                        else:
                            key_id, sent = "", body
                        envelopes.append(Envelope(doc_id, change_hash, sent, key_id))
                except KeyUnavailable:
                    # Never send in clear: these changes wait on this device for the key,
                    # and the other spaces still go out.
                    break
                group = sign_group(space, identity.device_id, envelopes, identity.signing_key)
                group_id = group.group_id  # hashes every envelope: compute it once, not per row
                conn.execute(
                    "INSERT INTO groups (group_id, space, author, signature, size, pushed, seq)"
                    " VALUES (?, ?, ?, ?, ?, 0, (SELECT coalesce(max(seq), 0) + 1 FROM groups))",
                    (group_id, space, identity.device_id, group.signature,
                     sum(len(e.body) for e in envelopes)),
                )
                conn.executemany(
                    "UPDATE changes SET group_id = ?, position = ?, envelope = ?, key_id = ? WHERE hash = ?",
                    [(group_id, i, e.body, e.key_id, e.hash) for i, e in enumerate(envelopes)],
                )
                made += 1
    return made


def _chunks(changes: list[tuple[bytes, str, bytes]], max_bytes: int) -> list[list[tuple[bytes, str, bytes]]]:
    chunks: list[list[tuple[bytes, str, bytes]]] = [[]]
    size = 0
    for change in changes:
        if chunks[-1] and size + len(change[2]) > max_bytes:
            chunks.append([])
            size = 0
        chunks[-1].append(change)
        size += len(change[2])
    return [c for c in chunks if c]
