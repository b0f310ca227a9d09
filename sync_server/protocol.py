"""The sync protocol without HTTP: checking a push, building a pull answer.

Push and pull bodies are `shared.wire` messages (msgpack + zlib). A push is
checked whole before anything is stored: every group must be well formed,
signed by its author's enrolled, unrevoked key, and touch only documents its
author may write (read from the plaintext of directory, library and returns
groups; an authority space is writable as a whole and its payload stays
opaque). The pusher itself may forward other authors' groups (store-and-forward
through USB sticks is legitimate).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import msgpack

from shared.access import may_read, readable_spaces, valid_space
from shared.changes import ChangeError
from shared.envelope import EnvelopeError, SignedGroup, check_write, verify_group
from shared.wire import WireError, unpack

from .storage import Device, LogRow, NewGroup, Storage

MAX_REQUEST_BYTES = 8 * 1024 * 1024  # compressed body
MAX_DECOMPRESSED = 32 * 1024 * 1024
MAX_GROUPS_PER_PUSH = 10_000
DEFAULT_PULL_BYTES = 256 * 1024
MAX_PULL_BYTES = 4 * 1024 * 1024
MIN_PULL_BYTES = 1024


class ProtocolError(Exception):
    """A request refused with a status and a plain message; `group` names the culprit."""

    def __init__(self, message: str, status: int = 400, group: bytes | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.group = group


def decode(body: bytes) -> Any:
    try:
        return unpack(body, max_size=MAX_DECOMPRESSED)
    except WireError as exc:
        raise ProtocolError(f"body is not a valid message: {exc}") from None


# -- push ------------------------------------------------------------------------------
def check_push(storage: Storage, pusher: Device, message: Any) -> list[NewGroup]:
    """Every group of a push, verified; raises ProtocolError on the first bad one."""
    if not isinstance(message, dict) or not isinstance(message.get("groups"), list):
        raise ProtocolError("a push must be a map with a list of 'groups'")
    wires = message["groups"]
    if len(wires) > MAX_GROUPS_PER_PUSH:
        raise ProtocolError(f"a push holds at most {MAX_GROUPS_PER_PUSH} groups", 413)
    authors: dict[str, Device] = {}
    out: list[NewGroup] = []
    for index, wire in enumerate(wires):
        try:
            group = SignedGroup.from_wire(wire)
        except EnvelopeError as exc:
            raise ProtocolError(f"group {index} is malformed: {exc}") from None
        group_id = group.group_id
        author = authors.get(group.author) or storage.device(group.author)
        if author is None:
            raise ProtocolError(
                f"group {index} claims an author unknown to this server ({group.author})",
                403,
                group_id,
            )
        if author.revoked_at is not None:
            raise ProtocolError(
                f"group {index} was written by device {group.author}, which has been revoked",
                403,
                group_id,
            )
        authors[group.author] = author
        try:
            verify_group(group, author.public_key)
        except EnvelopeError as exc:
            raise ProtocolError(f"group {index}: {exc}", 400, group_id) from None
        try:
            # Parses the plaintext of directory, library and returns groups (their document
            # ids decide who may write them); encrypted payloads stay opaque.
            check_write(group, author.authority, author.role)
        except ChangeError as exc:
            raise ProtocolError(f"group {index} is malformed: {exc}", 400, group_id) from None
        except EnvelopeError as exc:
            raise ProtocolError(f"group {index}: {exc}", 403, group_id) from None
        out.append(
            NewGroup(
                space=group.space,
                group_id=group_id,
                author=group.author,
                wire=msgpack.packb(group.to_wire(), use_bin_type=True),
                size=len(group.payload),
            )
        )
    return out


# -- pull ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PullRequest:
    cursors: dict[str, int]
    max_bytes: int


def parse_pull(message: Any) -> PullRequest:
    if not isinstance(message, dict):
        raise ProtocolError("a pull must be a map with 'cursors' and 'max_bytes'")
    cursors = message.get("cursors", {})
    if not isinstance(cursors, dict) or len(cursors) > 10_000:
        raise ProtocolError("'cursors' must be a map of space to sequence number")
    for space, seq in cursors.items():
        if not isinstance(space, str) or not valid_space(space):
            raise ProtocolError(f"unknown space {space!r} in cursors")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            raise ProtocolError(f"cursor of {space} must be a whole number >= 0")
    max_bytes = message.get("max_bytes", DEFAULT_PULL_BYTES)
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise ProtocolError("'max_bytes' must be a positive whole number")
    return PullRequest(dict(cursors), min(max(max_bytes, MIN_PULL_BYTES), MAX_PULL_BYTES))


def device_spaces(storage: Storage, device: Device) -> list[str]:
    """Concrete spaces this device may read (the secretariat's `returns/*` expanded)."""
    spaces: set[str] = set()
    for space in readable_spaces(device.authority, device.role):
        if space.endswith("/*"):
            spaces.update(storage.spaces_like(space[:-1]))
        else:
            spaces.add(space)
    return sorted(spaces)


def answer_pull(
    storage: Storage, device: Device, request: PullRequest
) -> tuple[bytes, dict[str, Any]]:
    """The packed answer and some figures; only spaces the device may read."""
    for space in request.cursors:
        if not may_read(device.authority, device.role, space):
            raise ProtocolError(
                f"device {device.device_id} of {device.authority} may not read {space}", 403
            )
    spaces = device_spaces(storage, device)
    cursors = {space: request.cursors.get(space, 0) for space in spaces}
    rows: list[LogRow] = []
    budget = request.max_bytes
    remaining = 0
    for space in spaces:
        full = False
        while not full and (budget > 0 or not rows):
            batch = storage.read_log(space, cursors[space], 256)
            for row in batch:
                if row.received_from == device.device_id:
                    cursors[space] = row.seq  # it pushed this group: do not send it back
                    continue
                if rows and row.size > budget:  # always send one group, however big
                    full = True
                    break
                rows.append(row)
                cursors[space] = row.seq
                budget -= row.size
            if len(batch) < 256:
                break
        remaining += max(0, storage.head(space) - cursors[space])
    # Certificates go out once per device; the client asks again for any it lost.
    authors = sorted({row.author for row in rows})
    new_authors = [
        a for a in authors if a not in storage.certs_delivered(device.device_id, authors)
    ]
    certs = [d.cert for d in (storage.device(a) for a in new_authors) if d is not None]
    answer = _pack_answer(rows, cursors, certs, remaining)
    storage.note_certs_delivered(device.device_id, new_authors)
    return answer, {"groups": len(rows), "remaining": remaining, "cursors": cursors}


def _pack_answer(
    rows: list[LogRow], cursors: Mapping[str, int], certs: list[bytes], remaining: int
) -> bytes:
    """Splice the stored msgpack of each group into the answer: no decoding, no re-encoding."""
    packer = msgpack.Packer(use_bin_type=True)
    out = bytearray(packer.pack_map_header(5))
    out += packer.pack("groups") + packer.pack_array_header(len(rows))
    for row in rows:
        out += (
            packer.pack_array_header(3) + packer.pack(row.space) + packer.pack(row.seq) + row.wire
        )
    out += packer.pack("cursors") + packer.pack(dict(cursors))
    out += packer.pack("certs") + packer.pack_array_header(len(certs))
    for cert in certs:
        out += cert
    # Sequence numbers are dense per space, so groups left = head - cursor.
    out += packer.pack("more") + packer.pack(remaining > 0)
    out += packer.pack("remaining") + packer.pack(remaining)
    return zlib.compress(bytes(out), 6)
