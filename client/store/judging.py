"""Judging one document's waiting changes: the trust boundary's decision
(`shared.policy.admit`) and, when something is applied, the document's new stored form.

A pure function of its request (the stored state, the candidate changes, their
authors' certificate facts), so that it gives the same verdict in this process or in
a worker process (`judge_pool`), now or before the transaction that stores it
(`Verdicts`); only plain values cross between the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.policy import Author, Candidate, admit
from shared.schema.returns import BOOK_KIND

from .automerge_fields import read_document
from .materialize import book_rows

# A new document of at most this many changes is stored as them (the bytes admission
# loaded) instead of saved again: a first sync stores thousands. The next change to it
# stores it saved (compacted).
KEEP_CHANGES = 4


@dataclass(frozen=True)
class JudgeRequest:
    """Everything `admit` decides one document from; equal requests get equal verdicts."""

    space: str
    doc_id: str
    state: bytes | None  # None: a document this store does not hold yet
    candidates: tuple[Candidate, ...]
    authors: tuple[tuple[str, Author | None], ...]  # device id -> certificate facts
    applied_authors: tuple[tuple[bytes, str], ...]  # applied change hash -> device id
    refused_before: tuple[bytes, ...]


@dataclass(frozen=True)
class NewState:
    """A document's new row: what `documents` stores and its fields as plain values."""

    kind: str
    state: bytes
    heads: tuple[bytes, ...]
    data: dict[str, Any]
    # A returns book's `returns` rows, one per entry (`materialize.book_rows`): computed
    # with its verdict, so that a book judged before its transaction leaves the
    # transaction only their writing (about 18 µs an entry: 180 ms for 10,000).
    rows: list[tuple[Any, ...]] | None = None


@dataclass(frozen=True)
class Verdict:
    applied: dict[bytes, tuple[bytes, ...]]  # hash -> deps
    refused: dict[bytes, str]  # hash -> reason
    blocked: dict[bytes, bytes]  # hash -> the refused change it waits behind
    document: NewState | None = None  # None when nothing was applied
    # Set when judging itself failed (not a refusal by the rules): every candidate is
    # then set aside with this reason.
    failure: str | None = None


def judge(request: JudgeRequest) -> Verdict:
    """The verdict on `request`; raises only if Automerge fails outside admission's guard
    (`judge_safely` turns that into a failure)."""
    result = admit(
        request.space,
        request.doc_id,
        request.state,
        request.candidates,
        dict(request.authors),
        dict(request.applied_authors),
        request.refused_before,
    )
    document = None
    if result.document is not None:
        doc = result.document
        keep = request.state is None and len(result.applied) <= KEEP_CHANGES
        state = result.loaded if keep and result.loaded is not None else doc.save()
        data = read_document(doc) if result.data is None else result.data
        kind = result.kind or "unknown"
        rows = book_rows(request.doc_id, data, request.space) if kind == BOOK_KIND else None
        document = NewState(kind, state, tuple(doc.get_heads()), data, rows)
    return Verdict(result.applied, result.refused, result.blocked, document)


def judge_safely(request: JudgeRequest) -> Verdict:
    """`judge`, with any failure (a Rust panic included) as a verdict that sets aside the
    document's candidates: one document's fault must not stop the rest."""
    try:
        return judge(request)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - pyo3's PanicException is a BaseException
        return failed(f"could not be applied: {exc}")


def failed(reason: str) -> Verdict:
    return Verdict({}, {}, {}, None, reason.splitlines()[0][:300] if reason else "failed")


class Verdicts:
    """Verdicts judged before the transaction that stores them (in worker processes, or
    in this process before the store's writer is taken), each kept with its request.

    A verdict is a function of its request alone, so the transaction uses one only if
    the request it builds from what the store holds then is equal (`Store.apply_changes`):
    a document that changed meanwhile (another change arrived, an author's certificate,
    a change set aside) is judged again there, and the decision is the same as if it had
    been judged there in the first place."""

    def __init__(self) -> None:
        self._ready: dict[str, tuple[JudgeRequest, Verdict]] = {}
        self.used = 0  # verdicts given for an equal request (the tests read it)

    def add(self, request: JudgeRequest, verdict: Verdict) -> None:
        self._ready[request.doc_id] = (request, verdict)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ready

    def holds(self, request: JudgeRequest) -> bool:
        """Whether the verdict of this exact request is ready."""
        found = self._ready.get(request.doc_id)
        return found is not None and found[0] == request

    def verdict(self, request: JudgeRequest) -> Verdict | None:
        """The verdict judged ahead for this exact request, or None (then judge it here);
        either way the document's verdict is given up (it is asked for once)."""
        found = self._ready.pop(request.doc_id, None)
        if found is None or found[0] != request:
            return None
        self.used += 1
        return found[1]
