"""May these changes be applied to this document? The one decision, for clients and server.

`admit` takes a document's current state and the changes waiting for it, and
returns which are applied, which are refused (with a reason), which wait for
a dependency and which are blocked behind a refused one. It never raises for
anything in the changes: Automerge errors and panics (pyo3's PanicException is
a BaseException) become refusals.

Each change is judged on the state it was written on: its dependencies' state
plus itself (`fork_at(deps)` then load). Every replica that holds a change's
history therefore decides the same way whatever else it holds, so honest
devices converge, and a value hidden behind a concurrent one today cannot be
uncovered tomorrow. A long chain costs its length, not its square: the next
change of a linear chain leaves the state judged just before plus its own ops,
so only the root fields those ops touch are judged again (`touched.py` follows the
history from the ops' columns, `change_ops.py`); anything else is judged whole.
What is checked, in order:

1. the header: one uncompressed change chunk, with its actor and sequence number;
2. actor and sequence: an (actor, seq) the document already holds under another
   hash is a "duplicate seq"; an actor already used in this document by
   another device is refused;
3. Automerge applies it, and it adds exactly the change it claims to be;
4. the document's kind: allowed in the space (and in its reserved document
   id), and never changed once set;
5. ownership: a directory entry's `code` is its document id and its author's
   authority (the secretariat excepted); a briefing note's `state` is its document
   id's and its author's State (the secretariat excepted); and the author may write
   the document;
6. the content: each field's Automerge type and size (`content.check_content`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from automerge.core import Document

from shared.access import authority_state, may_write
from shared.changes import ChangeError
from shared.i18n import _
from shared.rust_panics import rust_panics_silenced
from shared.schema.cases import Field
from shared.schema.kinds import SPECS_BY_KIND
from shared.schema.returns import ANY_KEY

from .change_ops import ObjectId
from .content import (
    MAX_CODED,
    MAX_ROOT_KEYS,
    MAX_TEXT,
    ContentError,
    Heads,
    check_content,
    check_fields,
    root_str,
    scalar_fits,
)
from .header import ChangeHeader, read_header
from .spaces import space_rule
from .sync_message import with_changes
from .touched import HistoryTracker

MAX_CHANGE_BYTES = 8 * 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True)
class Author:
    """What a device's certificate says about it."""

    device_id: str
    authority: str
    role: str


@dataclass(frozen=True)
class Candidate:
    """A change waiting to be applied: its hash (as computed on arrival), bytes, author."""

    hash: bytes
    body: bytes
    author: str  # device id


@dataclass
class Admission:
    document: Document | None = None  # the new state, None when nothing was applied
    kind: str | None = None  # the document's kind after this
    data: dict[str, Any] | None = None  # its fields as plain values (checked), with document
    applied: dict[bytes, tuple[bytes, ...]] = field(default_factory=dict)  # hash -> deps
    refused: dict[bytes, str] = field(default_factory=dict)  # hash -> reason
    blocked: dict[bytes, bytes] = field(default_factory=dict)  # hash -> refused change
    waiting: list[bytes] = field(default_factory=list)  # dependencies not arrived
    # When every change went in at once: the bytes loaded (the stored state and the
    # changes, in causal order), which `Document.load` turns into `document` again.
    loaded: bytes | None = None


class Refused(Exception):
    """Internal: why one change is refused (already in the user's language)."""


def admit(
    space: str,
    doc_id: str,
    state: bytes | None,
    candidates: Sequence[Candidate],
    authors: Mapping[str, Author | None],
    applied_authors: Mapping[bytes, str],
    refused_before: Collection[bytes] = (),
    *,
    incremental: bool = True,
) -> Admission:
    """Decide every candidate against the document `state` (None: a new document).

    `authors`: device id -> certificate facts (None or absent: unknown device);
    `applied_authors`: change hash -> device id for the changes already applied,
    for the actor check; `refused_before`: changes of this document refused earlier.
    `incremental=False`: the reference way, for tests (the same decisions, slower):
    every state judged whole, never only the fields a change of a linear chain touched,
    and new changes loaded with the stored bytes instead of added to the document.
    """
    # One redirection of the panic text for the whole decision instead of one per
    # Automerge call (`_guard` inside it only catches).
    with rust_panics_silenced():
        return _admit(
            space, doc_id, state, candidates, authors, applied_authors, refused_before, incremental
        )


def _admit(
    space: str,
    doc_id: str,
    state: bytes | None,
    candidates: Sequence[Candidate],
    authors: Mapping[str, Author | None],
    applied_authors: Mapping[bytes, str],
    refused_before: Collection[bytes],
    incremental: bool,
) -> Admission:
    result = Admission()
    doc = _guard(lambda: Document.load(state)) if state else Document()
    if doc is None:  # the stored state itself is unreadable: decide nothing
        result.waiting = [c.hash for c in candidates]
        return result
    book = _ActorBook(doc, applied_authors)
    refused = set(refused_before)
    headers: dict[bytes, ChangeHeader] = {}
    todo: list[Candidate] = []
    for cand in candidates:
        try:
            headers[cand.hash] = _header(cand)
            todo.append(cand)
        except Refused as exc:
            result.refused[cand.hash] = str(exc)
            refused.add(cand.hash)
    start_kind = root_str(doc, "_kind")
    data: dict[str, Any] | None = None  # the checked fields of `doc`, when known
    at_once = _all_at_once(
        space, doc_id, doc, state, todo, headers, authors, book, refused, incremental
    )
    if at_once is not None:
        (doc, data, result.loaded), todo = at_once, []
        for cand in candidates:
            if cand.hash in headers:
                result.applied[cand.hash] = headers[cand.hash].deps
    progress = True
    while todo and progress:
        progress = False
        later: list[Candidate] = []
        for cand in todo:
            header = headers[cand.hash]
            if cand.hash in book.hashes:
                result.applied[cand.hash] = header.deps
                progress = True
                continue
            blocker = next((d for d in header.deps if d in refused or d in result.blocked), None)
            if blocker is not None:
                result.blocked[cand.hash] = result.blocked.get(blocker, blocker)
                progress = True
                continue
            if not all(d in book.hashes for d in header.deps):
                later.append(cand)
                continue
            progress = True
            try:
                doc, data = _apply_one(space, doc_id, doc, cand, header, authors, book)
            except Refused as exc:
                result.refused[cand.hash] = str(exc)
                refused.add(cand.hash)
                continue
            book.add(header, cand.author)
            result.applied[cand.hash] = header.deps
        todo = later
    result.waiting = [c.hash for c in todo]
    accepted = [h for h in result.applied if h not in applied_authors]
    if accepted:
        kind = root_str(doc, "_kind")
        try:  # a safety net: a merged state must pass the same checks
            if data is None:
                data = _check_document(space, doc_id, doc, kind, start_kind, _SAFETY_NET)
        except Refused as exc:
            for h in accepted:
                result.refused[h] = _(
                    "its merge with concurrent changes is refused: {reason}"
                ).format(reason=exc)
                del result.applied[h]
            return result
        result.document, result.kind, result.data = doc, kind, data
    return result


def _all_at_once(
    space: str,
    doc_id: str,
    doc: Document,
    state: bytes | None,
    todo: list[Candidate],
    headers: Mapping[bytes, ChangeHeader],
    authors: Mapping[str, Author | None],
    book: _ActorBook,
    refused: Collection[bytes],
    incremental: bool,
) -> tuple[Document, dict[str, Any] | None, bytes] | None:
    """The common case in one Automerge load: every change new, complete and acceptable.

    Each change is still judged on its own state (a read at heads = [its hash], the
    same state as `fork_at(deps)` plus itself); None as soon as anything would be
    decided otherwise (a refusal, a missing dependency, two kinds, an actor or seq
    conflict), and then `admit` decides change by change. Also returns the bytes
    loaded (the stored state followed by the changes), which load to the same document.
    """
    if not todo:
        return None
    mine = {c.hash: c for c in todo}
    if len(mine) != len(todo):
        return None
    for cand in todo:
        if cand.hash in book.hashes:
            return None
        for dep in headers[cand.hash].deps:
            if dep in refused or (dep not in book.hashes and dep not in mine):
                return None
    order = _causal_order(todo, headers)
    raw = (state or b"") + b"".join(c.body for c in order)
    if state is not None and incremental:  # the stored document is loaded: add to a fork
        loaded = _guard(lambda: with_changes(doc, [c.body for c in order]))
    else:
        loaded = _guard(lambda: Document.load(raw))
    if loaded is None:
        return None
    # Exactly these changes were added: each change's hash is that of its bytes (one
    # chunk each, `_header`), and each one is either a head or an ancestor of one of
    # the heads expected, which Automerge holds only with all their ancestors.
    final = _guard(loaded.get_heads) or []
    depended = {d for c in todo for d in headers[c.hash].deps}
    expected = (set(doc.get_heads()) | set(mine)) - depended
    if len(final) != len(expected) or set(final) != expected:
        return None
    trial = book.copy()
    kinds = {root_str(doc, "_kind")} - {None}
    data = None
    tracker = _tracker(book, state, len(order)) if incremental else None
    previous: bytes | None = None  # the change just judged, whose state passed
    kind: str | None = None  # the kind of that state
    try:
        for cand in order:
            header = headers[cand.hash]
            touched = tracker.follow(cand.body) if tracker is not None else None
            trial.check(header, cand.author)
            author = _author_of(authors, cand.author)
            if author is not None and not may_write(author.authority, author.role, space, doc_id):
                return None
            # The last change of a chain is judged on the current state: its fields
            # are then known without reading the document again.
            at = None if final == [cand.hash] else [cand.hash]
            # Next in a linear chain: its state is the one judged just before plus its
            # own ops, so only the fields it touched need judging again (`touched`).
            linear = previous is not None and header.deps == (previous,)
            only = None
            if touched is not None and touched.fields is not None and linear and at and tracker:
                only = _OnlyFields(touched.fields, touched.texts, touched.inside, tracker)
            if only is None or "_kind" in only.fields:
                kind = root_str(loaded, "_kind", at)
            kinds.add(kind)
            if len(kinds) != 1:
                return None
            checked = _check_document(
                space,
                doc_id,
                loaded,
                kind,
                None,
                author or _unknown(cand.author),
                at,
                at is None,
                only,
            )
            data = checked if at is None else None
            trial.add(header, cand.author)
            previous = cand.hash
    except Refused:
        return None
    book.hashes, book.seqs, book.owners = trial.hashes, trial.seqs, trial.owners
    return loaded, data, raw


# A stored document's history is followed (one read of all its changes) only for a
# batch of at least this many changes, which it then spares a whole-document read each.
_FOLLOW_STORED_FROM = 16


def _tracker(book: _ActorBook, state: bytes | None, batch: int) -> HistoryTracker | None:
    """A tracker that has followed the document's stored history, None when not worth it."""
    tracker = HistoryTracker()
    if state is None:  # (the first and last changes of a chain are judged whole anyway)
        return tracker if batch > 2 else None
    if batch < _FOLLOW_STORED_FROM:
        return None
    for change in book.stored:
        if tracker.follow(change.raw_bytes) is None:
            return None
    return tracker


@dataclass(frozen=True)
class _OnlyFields:
    """Judge only these root fields, the rest of the document being known to pass."""

    fields: set[str]
    texts: set[ObjectId]  # edited inside: only their length may have changed
    inside: set[str]  # fields touched inside the object they hold
    tracker: HistoryTracker

    def passes(self, doc: Document, kind: str, heads: Heads) -> bool:
        """True when the fields pass for certain; False sends the change to the whole
        check (which also words the refusal)."""
        specs = SPECS_BY_KIND.get(kind, {})
        limit = MAX_CODED if ANY_KEY in specs else MAX_ROOT_KEYS
        if len(self.tracker.root_keys) > limit:  # the keys at `heads` are among these
            return False
        # A text edited inside is judged again only if it may now be too long: as the
        # state before passed, it is a text field's value or out of the document.
        fields = {key for key in self.fields if not self._scalar_fits(specs, key)}
        fields |= {
            self.tracker.fields[text]
            for text in self.texts
            if self.tracker.widths.get(text, 0) > MAX_TEXT
        }
        try:
            check_fields(doc, specs, sorted(fields), heads, self._fits)
        except ContentError:
            return False
        return True

    def _scalar_fits(self, specs: Mapping[str, Field], key: str) -> bool:
        """A root key written only with values its field accepts whichever wins (written
        to directly, never holding an object) need not be read."""
        if key in self.inside:
            return False
        written = self.tracker.scalars_only(key)
        return written is not None and scalar_fits(specs, key, *written)

    def _fits(self, obj: bytes) -> bool:
        bound = self.tracker.text_bound(obj)
        return bound is not None and bound <= MAX_TEXT


def _causal_order(todo: list[Candidate], headers: Mapping[bytes, ChangeHeader]) -> list[Candidate]:
    """The changes, each after those of its dependencies that are among them (the
    order given otherwise)."""
    mine = {c.hash: c for c in todo}
    placed: set[bytes] = set()
    entered: set[bytes] = set()
    order: list[Candidate] = []
    for first in todo:
        stack = [(first, False)]
        while stack:
            cand, ready = stack.pop()
            if cand.hash in placed or (not ready and cand.hash in entered):
                continue  # (entered and not placed: a cycle, which hashes rule out)
            entered.add(cand.hash)
            if ready:
                placed.add(cand.hash)
                order.append(cand)
                continue
            stack.append((cand, True))
            stack.extend(
                (mine[d], False) for d in headers[cand.hash].deps if d in mine and d not in placed
            )
    return order


def _header(cand: Candidate) -> ChangeHeader:
    if len(cand.body) > MAX_CHANGE_BYTES:
        raise Refused(_("the change is larger than {size} MiB").format(size=MAX_CHANGE_BYTES >> 20))
    try:
        header = read_header(cand.body)
    except ChangeError as exc:
        raise Refused(_("malformed change: {reason}").format(reason=exc)) from None
    if header.hash != cand.hash:
        raise Refused(_("malformed change: its bytes do not match its hash"))
    return header


class _ActorBook:
    """Which change hashes, (actor, seq) pairs and actor owners the document holds."""

    def __init__(self, doc: Document, applied_authors: Mapping[bytes, str]) -> None:
        self.hashes: set[bytes] = set()
        self.seqs: dict[tuple[bytes, int], bytes] = {}
        self.owners: dict[bytes, str] = {}
        self.stored = doc.get_changes([])  # the document's changes, in causal order
        for change in self.stored:
            self.hashes.add(change.hash)
            self.seqs[(change.actor_id, change.seq)] = change.hash
            owner = applied_authors.get(change.hash)
            if owner is not None:
                self.owners.setdefault(change.actor_id, owner)

    def copy(self) -> _ActorBook:
        other = _ActorBook.__new__(_ActorBook)
        other.hashes, other.seqs, other.owners, other.stored = (
            set(self.hashes),
            dict(self.seqs),
            dict(self.owners),
            self.stored,
        )
        return other

    def check(self, header: ChangeHeader, author: str) -> None:
        held = self.seqs.get((header.actor, header.seq))
        if held is not None and held != header.hash:
            raise Refused(
                _(
                    "duplicate seq: actor {actor} already has a change {seq} in this document"
                ).format(actor=header.actor.hex()[:12], seq=header.seq)
            )
        owner = self.owners.get(header.actor)
        if owner is not None and owner != author:
            raise Refused(
                _("actor {actor} already writes this document as device {device}").format(
                    actor=header.actor.hex()[:12], device=owner
                )
            )

    def add(self, header: ChangeHeader, author: str) -> None:
        self.hashes.add(header.hash)
        self.seqs[(header.actor, header.seq)] = header.hash
        self.owners.setdefault(header.actor, author)


def _apply_one(
    space: str,
    doc_id: str,
    doc: Document,
    cand: Candidate,
    header: ChangeHeader,
    authors: Mapping[str, Author | None],
    book: _ActorBook,
) -> tuple[Document, dict[str, Any] | None]:
    """The document with `cand` applied and its fields when known, or Refused; `doc`
    itself is never modified."""
    book.check(header, cand.author)
    linear = sorted(doc.get_heads()) == sorted(header.deps)
    base = (
        doc
        if linear
        else _guard(
            lambda: doc.fork_at(list(header.deps)),  # type: ignore[attr-defined]  # not in the stubs
            _("Automerge could not find the state this change was written on"),
        )
    )
    assert base is not None
    after = _guard(lambda: _load_with(base, cand.body), _("Automerge could not apply it"))
    if after is None:
        raise Refused(_("it is not the one change its bytes claim to be"))
    author = _author_of(authors, cand.author)
    if author is not None and not may_write(author.authority, author.role, space, doc_id):
        raise Refused(
            _("device {device} of {authority} may not write {doc} in {space}").format(
                device=author.device_id, authority=author.authority, doc=doc_id, space=space
            )
        )
    kind = root_str(after, "_kind")
    before = root_str(doc, "_kind") or root_str(base, "_kind")
    checked = _check_document(space, doc_id, after, kind, before, author or _unknown(cand.author))
    if linear:
        return after, checked
    merged = _guard(
        lambda: _merged(doc, after),
        _("Automerge could not merge it with the changes already applied"),
    )
    assert merged is not None
    return merged, None


def _load_with(base: Document, body: bytes) -> Document | None:
    """Load base + one change; None unless exactly that change was added."""
    after = Document.load(base.save() + body)
    added = after.get_changes(base.get_heads())
    return after if len(added) == 1 else None


def _merged(doc: Document, after: Document) -> Document:
    out = doc.fork()
    out.merge(after)
    return out


def _check_document(
    space: str,
    doc_id: str,
    doc: Document,
    kind: str | None,
    before: str | None,
    author: Author,
    heads: Heads = None,
    values: bool = True,
    only: _OnlyFields | None = None,
) -> dict[str, Any]:
    """Its fields as plain values, or Refused unless the document, as the change leaves
    it (at `heads`), is what its author may write. `values=False`: only judge it (the
    narrative fields' text is then not read, their length is). `only`: the content
    judged field by field where that suffices (an empty dict returned then)."""
    rule = space_rule(space)
    if rule is None:
        raise Refused(_("{space} is not a space this version knows").format(space=space))
    if kind is None or kind not in rule.kinds:
        raise Refused(
            _("a document of kind '{kind}' is not allowed in {space}").format(
                kind=kind or "", space=space
            )
        )
    if before is not None and kind != before:
        raise Refused(
            _("it changes the document's kind from '{old}' to '{new}'").format(old=before, new=kind)
        )
    if rule.reserved.get(doc_id, kind) != kind or (
        doc_id not in rule.reserved and kind in rule.reserved.values()
    ):
        raise Refused(
            _("a document of kind '{kind}' may not have the id '{doc}'").format(
                kind=kind, doc=doc_id
            )
        )
    if kind in rule.owned_by_code:
        code = root_str(doc, "code", heads)
        if code != doc_id:
            raise Refused(
                _("the entry's code '{code}' is not its document id '{doc}'").format(
                    code=code or "", doc=doc_id
                )
            )
        if author.role != "secretariat" and author.authority != doc_id:
            raise Refused(
                _("a device of {authority} may not write the entry of {code}").format(
                    authority=author.authority or "?", code=doc_id
                )
            )
    _check_state_owned(rule.owned_by_state, doc_id, doc, kind, author, heads)
    if only is not None and _guard(lambda: only.passes(doc, kind, heads)):
        return {}
    checked = _guard(
        lambda: _content_or_reason(doc, kind, heads, values),
        _("Automerge could not read the document"),
    )
    if isinstance(checked, str):
        raise Refused(_("content refused: {reason}").format(reason=checked))
    assert isinstance(checked, dict)
    return checked


def _check_state_owned(
    owned: Mapping[str, str], doc_id: str, doc: Document, kind: str, author: Author, heads: Heads
) -> None:
    """A document kept one per State (a briefing note): its id is its prefix and its
    `state`, no other kind takes such an id, and only the secretariat or an authority of
    that State writes it."""
    for owned_kind, prefix in owned.items():
        if kind != owned_kind and not doc_id.startswith(prefix):
            continue
        if kind != owned_kind:
            raise Refused(
                _("a document of kind '{kind}' may not have the id '{doc}'").format(
                    kind=kind, doc=doc_id
                )
            )
        state = root_str(doc, "state", heads) or ""
        if doc_id != f"{prefix}{state}":
            raise Refused(
                _("the note's State '{state}' does not match its document id '{doc}'").format(
                    state=state, doc=doc_id
                )
            )
        if author.role != "secretariat" and authority_state(author.authority) != state:
            raise Refused(
                _("a device of {authority} may not write the briefing note of {state}").format(
                    authority=author.authority or "?", state=state
                )
            )


def _content_or_reason(
    doc: Document, kind: str, heads: Heads, values: bool
) -> dict[str, Any] | str:
    try:
        return check_content(doc, SPECS_BY_KIND.get(kind, {}), heads, values)
    except ContentError as exc:
        return str(exc)


def _author_of(authors: Mapping[str, Author | None], device: str) -> Author | None:
    return authors.get(device)


# In the final check of a merged state, authorship was already decided change by change.
_SAFETY_NET = Author("", "", "secretariat")


def _unknown(device: str) -> Author:
    return Author(device, "", "")


def _guard(fn: Callable[[], T | None], refusal: str | None = None) -> T | None:
    """Run an Automerge call; None if it raised anything, a Rust panic included.

    With `refusal`, raise Refused(refusal + Automerge's first line) instead of None.
    """
    try:  # (inside `admit`, whose one `rust_panics_silenced` covers it)
        return fn()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - pyo3's PanicException is a BaseException
        if refusal is None:
            return None
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise Refused(f"{refusal} ({detail})") from None
