"""The answer to an up-to-date pull, made on the event loop when the database allows it.

Most of a network's requests are pulls of devices that have nothing to receive
(`--watch` rounds). On SQLite such a pull is three indexed reads through the
loop thread's own reading connection (WAL: a reader never waits for the
writer) and no write, so it is answered where it arrived: the trip to a worker
thread and back would cost about a fifth of its CPU. Anything else (groups to
send, a liveness or rate-limit write due, a large body to decode) goes to a
worker thread as before (`app.pull`). PostgreSQL reads wait on the network:
they always go to a thread.
"""

from __future__ import annotations

from shared.access import may_read

from .protocol import PullRequest, _pack_answer, device_spaces
from .storage import Device, Storage

INLINE_BODY_BYTES = 2048  # a pull body decoded on the loop is at most this (compressed)


def reads_inline(storage: Storage) -> bool:
    """Whether this storage's reads are cheap and never wait (SQLite in WAL mode)."""
    return storage.inline_reads


def up_to_date_answer(
    storage: Storage, device: Device, request: PullRequest, epoch: str
) -> bytes | None:
    """The packed answer when the device has no group to receive, else None (then
    `protocol.answer_pull` makes the answer). Reads only: no write is ever due here."""
    if any(not may_read(device.authority, device.role, space) for space in request.cursors):
        return None  # refused by answer_pull, with its message
    spaces = device_spaces(storage, device)
    cursors = {space: request.cursors.get(space, 0) for space in spaces}
    heads = storage.heads(spaces) if spaces else {}
    if any(head > cursors.get(space, 0) for space, head in heads.items()):
        return None
    revocations = storage.revocations_after(request.revocations)
    return _pack_answer([], cursors, [], 0, epoch, revocations)
