"""The header of an uncompressed Automerge change chunk: actor, sequence number, dependencies.

Read without Automerge, with bounded work, so that a change can be placed
(which document state it applies to, which actor and sequence it claims)
before any of its bytes reach Automerge. Layout (automerge binary format,
change chunk): magic, checksum, type, length, then deps (count + 32-byte
hashes), actor (length + bytes), seq, start op, time, message, other actors,
then the op columns, which are not read here.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.changes import HEADER_SIZE, ChangeError, change_hash, uleb128

MAX_DEPS = 1024
MAX_ACTOR = 64


@dataclass(frozen=True)
class ChangeHeader:
    hash: bytes
    deps: tuple[bytes, ...]
    actor: bytes
    seq: int


def read_header(raw: bytes) -> ChangeHeader:
    """ChangeError if `raw` is not one uncompressed change chunk with a sane header."""
    digest = change_hash(raw)
    _, offset = uleb128(raw, HEADER_SIZE)
    count, offset = uleb128(raw, offset)
    if count > MAX_DEPS:
        raise ChangeError(f"a change may name at most {MAX_DEPS} dependencies")
    deps = []
    for _index in range(count):
        if offset + 32 > len(raw):
            raise ChangeError("the change's dependencies are cut short")
        deps.append(raw[offset : offset + 32])
        offset += 32
    size, offset = uleb128(raw, offset)
    if not 1 <= size <= MAX_ACTOR or offset + size > len(raw):
        raise ChangeError("the change's actor id is malformed")
    actor = raw[offset : offset + size]
    seq, _end = uleb128(raw, offset + size)
    if seq < 1:
        raise ChangeError("the change's sequence number is not positive")
    return ChangeHeader(digest, tuple(deps), actor, seq)
