"""Apply changes to a document in memory without loading it again from bytes.

The pinned Automerge bindings have no `apply_changes`, but a sync message carries
changes and `Document.receive_sync_message` applies them to the document as it
is. Sync message, version 1 (automerge-rs `sync.rs`, `Message::encode`): the type
byte 0x42, then LEB128-counted lists: heads (32-byte hashes), need (hashes), have
(each: last-sync hashes and bloom filter bytes), and the changes, each a
length-prefixed change chunk. Only the changes are filled here.
"""

from __future__ import annotations

from collections.abc import Sequence

from automerge.core import Document, Message, SyncState

SYNC_V1 = b"\x42"


def changes_message(bodies: Sequence[bytes]) -> bytes:
    """A version-1 sync message carrying these change chunks, in this order."""
    parts = [SYNC_V1, b"\x00", b"\x00", b"\x00", _uleb(len(bodies))]  # no heads, need, have
    for body in bodies:
        parts += (_uleb(len(body)), body)
    return b"".join(parts)


def with_changes(doc: Document, bodies: Sequence[bytes]) -> Document:
    """A fork of `doc` with these changes applied (a change whose dependencies are
    missing is held back by Automerge, not applied: compare the heads). `doc` itself is
    never modified; Automerge errors propagate."""
    out = doc.fork()
    out.receive_sync_message(SyncState(), Message.decode(changes_message(bodies)))
    return out


def _uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
