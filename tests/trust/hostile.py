"""Hostile changes built for real with Automerge, carried in validly signed groups.

A hostile device is an enrolled store whose `changes` table receives rows it
did not write through the store's API: sealing (`seal_local_changes`) then signs
(and, in a case space, encrypts) them like any local change, so they travel
by sync and by bundle exactly as an attacker's would.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from automerge.core import ROOT, Document, ScalarType

from client.identity import load_identity
from client.keys import default_keyring
from client.replication import seal_local_changes
from client.replication.groups import OPENED, load_group, store_group
from client.store import Store
from client.store.store import now_iso
from shared.access import is_encrypted_space
from shared.changes import change_hash, pack_changes
from shared.envelope import SignedGroup, sign_group

BAD_SCALARS: dict[str, tuple[ScalarType, Any]] = {
    "bytes": (ScalarType.Bytes, b"\x00\xffpoison"),
    "timestamp": (ScalarType.Timestamp, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)),
    "f64": (ScalarType.F64, 1.5),  # (a Counter cannot be put from Python: not implemented)
}


def last_change(doc: Document) -> bytes:
    change = doc.get_last_local_change()
    assert change is not None
    return change.raw_bytes


def new_doc(fields: dict[str, tuple[ScalarType, Any]], actor: bytes | None = None) -> Document:
    """A document created by one change putting these scalars at the root."""
    doc = Document(actor_id=actor or os.urandom(16))
    with doc.transaction() as tx:
        for key, (kind, value) in fields.items():
            tx.put(ROOT, key, kind, value)
    return doc


def put(doc: Document, fields: dict[str, tuple[ScalarType, Any]]) -> bytes:
    """One more change on `doc` putting these scalars; returns its bytes."""
    with doc.transaction() as tx:
        for key, (kind, value) in fields.items():
            tx.put(ROOT, key, kind, value)
    return last_change(doc)


def entry_fields(code: str, kind: str = "directory", **more: str) -> dict[str, tuple[Any, Any]]:
    values = {"_kind": kind, "_schema": 1, "code": code, "authority_name": f"CA {code}", **more}
    return {
        k: (ScalarType.Int, v) if isinstance(v, int) else (ScalarType.Str, v)
        for k, v in values.items()
    }


def forked(store: Store, doc_id: str, actor: bytes | None = None) -> Document:
    """A copy of a document the store holds, writing as another actor."""
    doc = store.document(doc_id).fork()
    doc.set_actor(actor or os.urandom(16))
    return doc


def inject(store: Store, space: str, doc_id: str, bodies: list[bytes]) -> None:
    """Make raw change bytes this device's unsealed changes of `doc_id` (not applied here)."""
    with store.write() as conn:
        for body in bodies:
            conn.execute(
                "INSERT INTO changes (hash, doc_id, space, author, deps, body, applied, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                (_hash(body), doc_id, space, store.device_id, b"", body, now_iso()),
            )


def forge_group(store: Store, space: str, changes: list[tuple[str, bytes]]) -> SignedGroup:
    """Sign (and in a case space, seal) and hold a group of any (doc id, bytes) pairs:
    other devices' changes, malformed chunks, garbage."""
    key_id, payload = "", pack_changes(changes)
    if is_encrypted_space(space):
        key_id, payload = default_keyring(store).seal(space, store.device_id, payload)
    group = sign_group(space, store.device_id, key_id, payload, load_identity(store).signing_key)
    if load_group(store, group.group_id) is None:  # the same forgery twice is one group
        with store.write() as conn:
            store_group(conn, group, pushed=False, opened=OPENED, changes=len(changes))
    return group


def seal(store: Store) -> int:
    return seal_local_changes(store, load_identity(store), default_keyring(store))


def _hash(body: bytes) -> bytes:
    try:
        return change_hash(body)
    except ValueError:  # garbage: any unique key will do, the receiver refuses it
        return os.urandom(32)


DATA = Path(__file__).parent / "data"


def corpus() -> list[Path]:
    """The Automerge project's malformed inputs (see data/README.md)."""
    return sorted(p for p in DATA.iterdir() if p.name != "README.md")
