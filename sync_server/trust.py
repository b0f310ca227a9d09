"""The server's side of the trust boundary: judging the groups it can read before storing them.

A pushed group of a plaintext space (directory, library, returns) is judged
with `shared.policy.admit`, the function every client uses, against the
server's copy of each document it touches. A group with a change the policy
refuses is refused whole (a group is signed as one unit), with the reason, and
the rest of the push goes on. A change whose dependencies the server does not
hold yet is accepted and kept until they arrive: the clients check
everything anyway, the server only what it can.

Judging and storing the plaintext groups of a space is one step under the
storage's lock of that space (`Storage.judging`: a lock of the process on
SQLite, an advisory lock on PostgreSQL that every worker and instance shares),
so two pushes never judge against the same stale state. A server whose log
predates these checks builds its copy of the readable documents from its log
once, at the first push of readable groups (`ensure_documents`, which then
holds the lock of every readable space).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import msgpack

from shared.access import SHARED_SPACES, is_encrypted_space
from shared.changes import unpack_changes
from shared.envelope import SignedGroup
from shared.errors import EntraideError
from shared.policy import Author, Candidate, admit

from .storage import Device, PlainDocument, Storage

BUILT = "plain_documents_built"  # server_meta key


@dataclass
class Judgement:
    """What the trust boundary made of the readable groups of one push."""

    refused: dict[bytes, str] = field(default_factory=dict)  # group id -> reason
    documents: dict[tuple[str, str], PlainDocument] = field(default_factory=dict)

    def changed(self) -> list[PlainDocument]:
        return list(self.documents.values())


def judge_group(
    storage: Storage, judgement: Judgement, group: SignedGroup, author: Device
) -> str | None:
    """The reason to refuse a verified group, or None (then its documents are updated)."""
    if is_encrypted_space(group.space):
        return None
    by_doc: dict[str, list[Candidate]] = {}
    for change in unpack_changes(group.payload):
        by_doc.setdefault(change.doc_id, []).append(
            Candidate(change.hash, change.raw, group.author)
        )
    updated: list[PlainDocument] = []
    for doc_id, candidates in sorted(by_doc.items()):
        doc = _document(storage, judgement, group.space, doc_id)
        reason, new = _judge(storage, doc, candidates, author)
        if reason is not None:
            # Remember the refused changes, so that a later group built on them is refused.
            for cand in candidates:
                doc.refused.add(cand.hash)
                doc.dirty.add(cand.hash)
            return reason
        updated.append(new)
    for new in updated:
        judgement.documents[(new.space, new.doc_id)] = new
    return None


def _document(storage: Storage, judgement: Judgement, space: str, doc_id: str) -> PlainDocument:
    key = (space, doc_id)
    if key not in judgement.documents:
        judgement.documents[key] = storage.plain_document(space, doc_id)
    return judgement.documents[key]


def _judge(
    storage: Storage, doc: PlainDocument, candidates: Iterable[Candidate], author: Device
) -> tuple[str | None, PlainDocument]:
    candidates = list(candidates)
    for cand in candidates:
        if cand.hash in doc.refused:  # the same group again, or its change re-sent
            return f"it carries change {cand.hash.hex()[:12]}, refused before in {doc.doc_id}", doc
    fresh = [c for c in candidates if c.hash not in doc.applied and c.hash not in doc.waiting]
    mine = {c.hash for c in fresh}
    waiting = [Candidate(h, body, a) for h, (body, a) in doc.waiting.items()]
    authors: dict[str, Author | None] = {author.device_id: _author(author)}
    for cand in waiting:
        if cand.author not in authors:
            known = storage.device(cand.author)
            authors[cand.author] = _author(known) if known is not None else None
    result = admit(
        doc.space, doc.doc_id, doc.state, [*waiting, *fresh], authors, doc.applied, doc.refused
    )
    for change_hash in mine:
        if change_hash in result.refused:
            return result.refused[change_hash], doc
        if change_hash in result.blocked:
            blocker = result.blocked[change_hash].hex()[:12]
            return f"it builds on change {blocker}, which was refused", doc
    new = PlainDocument(doc.space, doc.doc_id, doc.kind, doc.state)
    new.dirty, new.state_dirty = set(doc.dirty), doc.state_dirty
    new.applied = {**doc.applied}
    new.refused = set(doc.refused) | set(result.refused) | set(result.blocked)
    bodies = {c.hash: (c.body, c.author) for c in [*waiting, *fresh]}
    for change_hash in result.applied:
        new.applied.setdefault(change_hash, bodies.get(change_hash, (b"", ""))[1])
    new.waiting = {
        h: bodies[h]
        for h in bodies
        if h not in result.applied and h not in result.refused and h not in result.blocked
    }
    if result.document is not None:
        new.state = result.document.save()
        new.kind = result.kind or ""
        new.state_dirty = True
    # Only what changed is written back.
    new.dirty |= set(new.applied) - set(doc.applied)
    new.dirty |= new.refused - doc.refused
    new.dirty |= set(new.waiting) ^ set(doc.waiting)
    return None, new


def _author(device: Device) -> Author:
    return Author(device.device_id, device.authority, device.role)


def judged_spaces(storage: Storage, spaces: Iterable[str]) -> list[str]:
    """The spaces whose lock a push with groups in `spaces` takes: its readable ones, and
    every readable space while the documents are still to be built from the log."""
    readable = {space for space in spaces if not is_encrypted_space(space)}
    if readable and storage.get_meta(BUILT) is None:
        readable.update([*SHARED_SPACES, *storage.spaces_like("returns/")])
    return sorted(readable)


def ensure_documents(storage: Storage) -> None:
    """Build the readable documents from the log, once (call under the lock of every
    readable space: `judged_spaces`).

    Groups already stored stay stored; a change the policy refuses is only left
    out of the server's copy, as every client leaves it out of its own.
    """
    if storage.get_meta(BUILT) is not None:
        return
    judgement = Judgement()
    spaces = [*SHARED_SPACES, *storage.spaces_like("returns/")]
    for space in spaces:
        after = 0
        while True:
            rows = storage.read_log(space, after, 256)
            for row in rows:
                after = row.seq
                try:
                    group = SignedGroup.from_wire(msgpack.unpackb(row.wire, raw=False))
                    author = storage.device(group.author)
                    if author is not None:
                        judge_group(storage, judgement, group, author)
                except (ValueError, EntraideError):  # stored before today's checks
                    continue
            if len(rows) < 256:
                break
    storage.store_groups([], "", judgement.changed())
    storage.set_meta_once(BUILT, "1")
