"""The sync protocol without HTTP: checking a push, building a pull answer.

Push and pull bodies are the `shared.contracts.sync` messages (msgpack + zlib,
decoded into their Structs with the bounds below). A push is
checked whole before anything is stored: every group must be well formed,
signed by its author's enrolled, unrevoked key, and touch only documents its
author may write (read from the plaintext of directory, library and returns
groups; an authority space is writable as a whole and its payload stays
opaque). The pusher itself may forward other authors' groups (store-and-forward
through USB sticks is legitimate). Then the groups the server can read are
judged on their content (`trust.py`, the clients' own policy): one it refuses
is left out of the push with its reason, and the rest is stored.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import msgpack

from shared import contracts
from shared.access import may_read, readable_spaces
from shared.changes import ChangeError
from shared.contracts.sync import Pull, Push, PushAnswer
from shared.envelope import EnvelopeError, SignedGroup, check_write, verify_group
from shared.wire import WireError

from .limits import HttpError
from .storage import Device, LogRow, NewGroup, Storage
from .trust import Judgement, ensure_documents, judge_group, judged_spaces

MAX_REQUEST_BYTES = 8 * 1024 * 1024  # compressed body
MAX_DECOMPRESSED = 32 * 1024 * 1024
MAX_ITEMS = 200_000  # msgpack elements of one request (a full push of groups takes ~60,000)
MAX_PULL_BYTES = 4 * 1024 * 1024
MIN_PULL_BYTES = 1024
LOG_ROWS = 1024  # rows per read of the log
LOG_WINDOW = 8192  # span of sequence numbers one read examines
MAX_EXAMINED = 32 * LOG_WINDOW  # per pull: bounded work, even over a device's own groups
T = TypeVar("T")


class ProtocolError(HttpError):
    """A request refused with a status and a plain message; `group` names the culprit."""

    def __init__(self, message: str, status: int = 400, group: bytes | None = None) -> None:
        super().__init__(status, message, group)


def decode(body: bytes, kind: type[T], what: str) -> T:
    """A packed request body as its contract (`what` names it in the refusal)."""
    try:
        return contracts.decode(body, kind, what, max_size=MAX_DECOMPRESSED, max_items=MAX_ITEMS)
    except contracts.ContractError as exc:
        raise ProtocolError(str(exc)) from None
    except WireError as exc:
        raise ProtocolError(f"body is not a valid message: {exc}") from None


def _convert(message: Any, kind: type[T], what: str) -> T:
    if isinstance(message, kind):
        return message
    try:
        return contracts.convert(message, kind, what)
    except contracts.ContractError as exc:
        raise ProtocolError(str(exc)) from None


# -- push ------------------------------------------------------------------------------
def accept_push(storage: Storage, pusher: Device, message: Push | Any) -> PushAnswer:
    """Check, judge and store a push; the answer acknowledges the stored groups and
    names each group refused for its content, with the reason."""
    groups = check_push(storage, pusher, message)
    # Judging and storing readable documents is one step, under the lock of their spaces.
    spaces = judged_spaces(storage, {group.new.space for group in groups})
    with storage.judging(spaces):
        if spaces:
            ensure_documents(storage)
        judgement = Judgement()
        accepted = []
        for group in groups:
            reason = judge_group(storage, judgement, group.signed, group.device)
            if reason is None:
                accepted.append(group.new)
            else:
                judgement.refused[group.new.group_id] = reason
        stored = storage.store_groups(accepted, pusher.device_id, judgement.changed())
    return PushAnswer(
        acked=[g.group_id for g in accepted],
        stored=stored,
        refused=list(judgement.refused.items()),
    )


@dataclass(frozen=True)
class CheckedGroup:
    signed: SignedGroup
    device: Device  # its author
    new: NewGroup  # as it will be stored


def check_push(storage: Storage, pusher: Device, message: Push | Any) -> list[CheckedGroup]:
    """Every group of a push, verified; raises ProtocolError on the first bad one."""
    wires = _convert(message, Push, "a push").groups
    authors: dict[str, Device] = {}
    out: list[CheckedGroup] = []
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
        if author.revoked_at is not None and not storage.has_group(group_id):
            # The revocation fixed which groups of this device stand: those stored before it
            # (a forwarder may send them again); any other is refused, on every replica.
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
        new = NewGroup(
            space=group.space,
            group_id=group_id,
            author=group.author,
            wire=msgpack.packb(group.to_wire(), use_bin_type=True),
            size=len(group.payload),
        )
        out.append(CheckedGroup(group, author, new))
    return out


# -- pull ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PullRequest:
    cursors: dict[str, int]
    max_bytes: int
    revocations: int = 0  # the last revocation record the device holds (0: none)
    # Send back the groups this device pushed itself too (once, after a restore from backup).
    include_own: bool = False


def parse_pull(message: Pull | Any) -> PullRequest:
    """A pull as this server serves it: `max_bytes` within the server's bounds."""
    pull = _convert(message, Pull, "a pull")
    return PullRequest(
        dict(pull.cursors),
        min(max(pull.max_bytes, MIN_PULL_BYTES), MAX_PULL_BYTES),
        pull.revocations,
        pull.include_own,
    )


def device_spaces(storage: Storage, device: Device) -> list[str]:
    """Concrete spaces this device may read (the secretariat's `returns/*` expanded)."""
    spaces: set[str] = set()
    for space in readable_spaces(device.authority, device.role):
        if space.endswith("/*"):
            found = storage.spaces_like(space[:-1])
            spaces.update(s for s in found if may_read(device.authority, device.role, s))
        else:
            spaces.add(space)
    return sorted(spaces)


def answer_pull(
    storage: Storage, device: Device, request: PullRequest, epoch: str = ""
) -> tuple[bytes, dict[str, Any]]:
    """The packed answer and some figures; only spaces the device may read.

    An up-to-date device costs one read (the heads of its spaces) and no write. The
    groups a device pushed itself are not sent back: windows of the log that hold only
    those are skipped by counting them on an index, without reading the rows.
    """
    for space in request.cursors:
        if not may_read(device.authority, device.role, space):
            raise ProtocolError(
                f"device {device.device_id} of {device.authority} may not read {space}", 403
            )
    spaces = device_spaces(storage, device)
    cursors = {space: request.cursors.get(space, 0) for space in spaces}
    # Heads first: appends are serialized per space, so every seq <= head has committed
    # and the reads below (later snapshots) see all of them.
    heads = storage.heads(spaces) if spaces else {}
    rows: list[LogRow] = []
    budget = request.max_bytes
    examined = 0
    for space in spaces:
        head, cursor, full = heads.get(space, 0), cursors[space], False
        while cursor < head and not full and (budget > 0 or not rows) and examined < MAX_EXAMINED:
            upto = min(head, cursor + LOG_WINDOW)
            examined += upto - cursor
            # After a restore from backup a device asks once for its own groups too.
            own = None if request.include_own else device.device_id
            if own and storage.count_from(space, own, cursor, upto) == upto - cursor:
                cursor = upto  # only groups it pushed itself
                continue
            batch = storage.read_log(space, cursor, LOG_ROWS, upto=upto, exclude_from=own)
            for row in batch:
                if rows and row.size > budget:  # always send one group, however big
                    full = True
                    break
                rows.append(row)
                cursor = row.seq
                budget -= row.size
            else:
                if len(batch) < LOG_ROWS:
                    cursor = upto  # the rest of the window is its own groups
        cursors[space] = cursor
    # Sequence numbers are dense per space, so groups left = head - cursor.
    remaining = sum(max(0, heads.get(space, 0) - cursors[space]) for space in spaces)
    # Certificates go out once per device (one query); the client asks again for any it lost.
    certs = storage.new_certs(device.device_id, sorted({row.author for row in rows}))
    # Every revocation record the device lacks, before the groups it rules on.
    revocations = storage.revocations_after(request.revocations)
    answer = _pack_answer(rows, cursors, [cert for _, cert in certs], remaining, epoch, revocations)
    if certs:
        storage.note_certs_delivered(device.device_id, [author for author, _ in certs])
    return answer, {"groups": len(rows), "remaining": remaining, "cursors": cursors}


def needed_certs(storage: Storage, device: Device, wanted: list[str] | None) -> list[Device]:
    """The certificates a device has a use for: those of the authors of groups in spaces it
    may read, and of its own authority's devices; `wanted` narrows them to these ids.
    Nobody lists every device of every authority."""
    spaces = device_spaces(storage, device)
    own = {d.device_id: d for d in storage.devices(device.authority)}
    among = None if wanted is None else [w for w in wanted if w not in own]
    authors = storage.authors_in(spaces, among) if among is None or among else set()
    ids = (
        (set(own) | authors) if wanted is None else {w for w in wanted if w in own or w in authors}
    )
    found = [own.get(i) or storage.device(i) for i in sorted(ids)]
    return [d for d in found if d is not None]


def _pack_answer(
    rows: list[LogRow],
    cursors: Mapping[str, int],
    certs: list[bytes],
    remaining: int,
    epoch: str,
    revocations: list[tuple[int, bytes]],
) -> bytes:
    """Splice the stored msgpack of each group into the answer: no decoding, no re-encoding.
    The answer is a `shared.contracts.sync.PullAnswer` (tests/storage check it decodes).

    `epoch` names the server's log; it changes when the database is restored from a
    backup (`backup.py`), which tells devices to re-push what the server lost."""
    packer = msgpack.Packer(use_bin_type=True)
    out = bytearray(packer.pack_map_header(8))
    out += packer.pack("revocations") + packer.pack_array_header(len(revocations))
    for _, record in revocations:
        out += record
    last = revocations[-1][0] if revocations else 0
    out += packer.pack("revocations_seq") + packer.pack(last)
    out += packer.pack("groups") + packer.pack_array_header(len(rows))
    for row in rows:
        out += (
            packer.pack_array_header(3) + packer.pack(row.space) + packer.pack(row.seq) + row.wire
        )
    out += packer.pack("cursors") + packer.pack(dict(cursors))
    out += packer.pack("certs") + packer.pack_array_header(len(certs))
    for cert in certs:
        out += cert
    out += packer.pack("more") + packer.pack(remaining > 0)
    out += packer.pack("remaining") + packer.pack(remaining)
    out += packer.pack("epoch") + packer.pack(epoch)
    return zlib.compress(bytes(out), 6)
