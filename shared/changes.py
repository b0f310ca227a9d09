"""The plaintext of a signed group: the Automerge changes it carries, and their hashes.

A group's plaintext is `msgpack([[doc_id, change_bytes], ...])`, each change an
UNCOMPRESSED Automerge change chunk (`Change.raw_bytes`). Hashes are not sent:
for such a chunk the Automerge change hash is `sha256(raw[8:])`, so the receiver
computes it (measured with automerge 0.2.0.dev4), and what a hash names is
exactly the bytes that were signed. This is the one place that packs, unpacks
and hashes group plaintext.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import msgpack

from shared.errors import EntraideError

MAGIC = bytes.fromhex("856f4a83")
CHANGE_CHUNK = 1  # chunk type byte: 0 document, 1 change, 2 compressed change
HEADER_SIZE = 9  # magic (4) + checksum (4) + type (1), then a LEB128 length
MAX_CHANGES_PER_GROUP = 50_000
MAX_DOC_ID = 64


class ChangeError(EntraideError, ValueError):
    """Bytes that are not a group plaintext, or not an uncompressed change chunk."""


@dataclass(frozen=True)
class GroupChange:
    doc_id: str
    hash: bytes  # computed by `change_hash`, never received
    raw: bytes


def change_hash(raw: bytes) -> bytes:
    """The Automerge hash of an uncompressed change chunk; ChangeError if it is not one.

    The chunk must be exactly one chunk (its length field covers the rest), so no
    second change can ride along unclaimed.
    """
    if len(raw) < HEADER_SIZE + 1 or raw[:4] != MAGIC:
        raise ChangeError("not an Automerge chunk")
    if raw[8] != CHANGE_CHUNK:
        raise ChangeError(f"chunk type {raw[8]} is not an uncompressed change (1)")
    length, offset = uleb128(raw, HEADER_SIZE)
    if offset + length != len(raw):
        raise ChangeError("the change chunk's length does not match its bytes")
    digest = hashlib.sha256(raw[8:]).digest()
    if raw[4:8] != digest[:4]:
        raise ChangeError("the change chunk's checksum does not match its bytes")
    return digest


def uleb128(data: bytes, offset: int) -> tuple[int, int]:
    """An unsigned LEB128 number at `offset` and the offset after it (ChangeError if bad)."""
    value = shift = 0
    for index in range(offset, min(len(data), offset + 10)):
        byte = data[index]
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, index + 1
        shift += 7
    raise ChangeError("the change chunk's length field is malformed")


def pack_changes(changes: Iterable[tuple[str, bytes]]) -> bytes:
    """Plaintext of a group from (doc_id, raw change) pairs, in order."""
    return msgpack.packb([[doc_id, raw] for doc_id, raw in changes], use_bin_type=True)


def unpack_changes(plaintext: bytes) -> list[GroupChange]:
    """Parse and hash a group's plaintext; ChangeError names the first thing wrong."""
    try:
        items = msgpack.unpackb(plaintext, raw=False, max_array_len=MAX_CHANGES_PER_GROUP)
    except Exception:  # msgpack raises several unrelated types for bad input
        raise ChangeError("the group's plaintext is not valid msgpack") from None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_CHANGES_PER_GROUP:
        raise ChangeError(f"a group holds 1 to {MAX_CHANGES_PER_GROUP:,} changes")
    out = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 2):
            raise ChangeError("a change must be [doc_id, change bytes]")
        doc_id, raw = item
        if not isinstance(doc_id, str) or not 1 <= len(doc_id) <= MAX_DOC_ID:
            raise ChangeError("doc_id must be a string of 1 to 64 characters")
        if not isinstance(raw, bytes):
            raise ChangeError("change bytes must be binary")
        out.append(GroupChange(doc_id, change_hash(raw), raw))
    return out
