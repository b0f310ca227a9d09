"""Judging a linear chain field by field decides exactly as judging every state whole.

`admit` judges each change of a chain on the state it was written on; for the next
change of a linear chain it judges again only the root fields the change touched
(`shared.policy.touched`). These tests build random chains of valid and invalid
changes (forbidden types, oversized strings and texts, objects where values go, kind
changes, too many fields, concurrent branches, duplicates, reused sequence numbers)
and compare every outcome, reasons included, with `admit(..., incremental=False)`,
which judges every state whole (and loads a stored document with its new changes from
bytes instead of adding them to it: `shared.policy.sync_message`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest
from automerge.core import ROOT, Document, ObjType, ScalarType

from shared.changes import change_hash
from shared.policy import Admission, Author, Candidate, admit
from shared.policy.content import MAX_KEY, MAX_ROOT_KEYS, MAX_STR, MAX_TEXT, MAX_UNKNOWN_STR

from .hostile import last_change

SPACE, DOC = "authority/SN", "case1"
AUTHORS = {"dev": Author("dev", "SN", "officer")}


def outcome(result: Admission) -> tuple[Any, ...]:
    heads = sorted(result.document.get_heads()) if result.document is not None else None
    return (
        result.applied,
        result.refused,
        result.blocked,
        result.waiting,
        result.kind,
        result.data,
        heads,
        result.loaded,
    )


def both(
    bodies: list[bytes], state: bytes | None = None, applied: dict[bytes, str] | None = None
) -> Admission:
    """The admission of `bodies`, after checking that both ways decide the same."""
    candidates = [Candidate(change_hash(b), b, "dev") for b in bodies]
    results = [
        admit(SPACE, DOC, state, candidates, AUTHORS, applied or {}, incremental=incremental)
        for incremental in (True, False)
    ]
    assert outcome(results[0]) == outcome(results[1])
    return results[0]


def refused_at(bodies: list[bytes], at: int, reason: str) -> tuple[Admission, list[bytes]]:
    """`both(bodies)`, checking that the changes before `at` are applied and the one at
    `at` refused for `reason`; returns the admission and the changes' hashes."""
    result = both(bodies)
    hashes = [change_hash(b) for b in bodies]
    assert set(result.applied) == set(hashes[:at])
    assert reason in result.refused[hashes[at]]
    return result, hashes


# -- what one change does ---------------------------------------------------------------


def _text(tx: Any, doc: Document, key: str = "notes") -> bytes:
    got = doc.get(ROOT, key)
    if got is not None and got[0] == ObjType.Text:
        return got[1]
    return tx.put_object(ROOT, key, ObjType.Text)


def _map(tx: Any, doc: Document, key: str) -> bytes:
    got = doc.get(ROOT, key)
    if got is not None and got[0] == ObjType.Map:
        return got[1]
    return tx.put_object(ROOT, key, ObjType.Map)


def title(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put(ROOT, "title", ScalarType.Str, f"case {rng.randint(1, 99)}")


def splice(rng: random.Random, tx: Any, doc: Document) -> None:
    text = _text(tx, doc)
    size = doc.length(text) if doc.get(ROOT, "notes") else 0
    at = rng.randint(0, size)
    cut = rng.randint(0, min(5, size - at))
    tx.splice_text(text, at, cut, "witness " * rng.randint(0, 3))


def wide_element(rng: random.Random, tx: Any, doc: Document) -> None:
    """One text element holding a long string (one op, many characters)."""
    text = _text(tx, doc)
    tx.insert(text, 0, ScalarType.Str, "w" * rng.choice((10, 50_000)))


def assistance(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put(
        _map(tx, doc, "assistance_types"),
        rng.choice(("search", "witness")),
        ScalarType.Boolean,
        True,
    )


def person(rng: random.Random, tx: Any, doc: Document) -> None:
    persons = _map(tx, doc, "persons")
    key = f"p{rng.randint(1, 3)}"
    got = doc.get(persons, key)
    item = (
        got[1]
        if got is not None and got[0] == ObjType.Map
        else tx.put_object(persons, key, ObjType.Map)
    )
    tx.put(item, "name", ScalarType.Str, f"name {rng.randint(1, 9)}")


def forget(rng: random.Random, tx: Any, doc: Document) -> None:
    key = rng.choice(("title", "notes", "persons", "assistance_types", "extra"))
    if doc.get(ROOT, key) is not None:
        tx.delete(ROOT, key)


def extra(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put(ROOT, "extra", ScalarType.Int, rng.randint(0, 9))


GOOD: list[Callable[[random.Random, Any, Document], None]] = [
    title,
    splice,
    splice,
    assistance,
    person,
    forget,
    extra,
    wide_element,
]


def bad_type(rng: random.Random, tx: Any, doc: Document) -> None:
    kind, value = rng.choice(
        (
            (ScalarType.Bytes, b"\x00poison"),
            (ScalarType.F64, 1.5),
            (ScalarType.Timestamp, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)),
        )
    )
    tx.put(ROOT, rng.choice(("title", "extra")), kind, value)


def long_title(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put(ROOT, "title", ScalarType.Str, "t" * (MAX_STR + 1))


def long_unknown(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put(ROOT, "extra", ScalarType.Str, "u" * (MAX_UNKNOWN_STR + 1))


def object_title(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put_object(ROOT, "title", ObjType.Map)


def set_not_bool(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put(_map(tx, doc, "assistance_types"), "search", ScalarType.Str, "yes")


def person_int(rng: random.Random, tx: Any, doc: Document) -> None:
    persons = _map(tx, doc, "persons")
    got = doc.get(persons, "p1")
    item = (
        got[1]
        if got is not None and got[0] == ObjType.Map
        else tx.put_object(persons, "p1", ObjType.Map)
    )
    tx.put(item, "name", ScalarType.Int, 7)


def long_key(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put(ROOT, "k" * (MAX_KEY + 1), ScalarType.Int, 1)


def other_kind(rng: random.Random, tx: Any, doc: Document) -> None:
    tx.put(ROOT, "_kind", ScalarType.Str, rng.choice(("directory", "nonsense")))


def many_keys(rng: random.Random, tx: Any, doc: Document) -> None:
    start = rng.randint(0, 10_000)
    for n in range(MAX_ROOT_KEYS // 3):
        tx.put(ROOT, f"x{start + n}", ScalarType.Int, n)


BAD = [
    bad_type,
    long_title,
    long_unknown,
    object_title,
    set_not_bool,
    person_int,
    long_key,
    other_kind,
    many_keys,
]


def edit(
    doc: Document, step: Callable[[random.Random, Any, Document], None], rng: random.Random
) -> bytes | None:
    heads = doc.get_heads()
    with doc.transaction() as tx:
        step(rng, tx, doc)
    return last_change(doc) if doc.get_heads() != heads else None


def new_case(rng: random.Random) -> Document:
    doc = Document(actor_id=rng.randbytes(16))
    with doc.transaction() as tx:
        tx.put(ROOT, "_kind", ScalarType.Str, "case")
        tx.put(ROOT, "_schema", ScalarType.Int, 1)
    return doc


def chain(seed: int, length: int = 40) -> list[bytes]:
    """A random history: mostly good changes, some bad ones (mostly undone by the next
    change); in odd seeds, some on a concurrent branch, some reusing an actor's sequence
    numbers."""
    rng = random.Random(seed)
    doc = new_case(rng)
    bodies = [last_change(doc)]
    branches: list[Document] = []
    branching = 0.08 if seed % 2 else 0.0  # half the chains are linear
    for _ in range(length):
        roll = rng.random()
        if roll < branching:  # a concurrent branch from here, by another actor or the same one
            branch = doc.fork()
            if rng.random() < 0.3:
                branch.set_actor(doc.get_actor())  # its changes reuse sequence numbers
            branches.append(branch)
            continue
        target = rng.choice(branches) if branches and roll < 0.2 else doc
        step = rng.choice(BAD) if rng.random() < 0.08 else rng.choice(GOOD)
        body = edit(target, step, rng)
        if body is not None:
            bodies.append(body)
        if step in BAD and rng.random() < 0.8:
            undo = rng.choice((title, forget, extra))
            body = edit(target, undo, rng)
            if body is not None:
                bodies.append(body)
    if rng.random() < 0.3:
        bodies.append(rng.choice(bodies))  # a duplicate
    return bodies


@pytest.mark.parametrize("seed", range(60))
def test_random_chains_are_decided_alike(seed: int) -> None:
    bodies = chain(seed)
    both(bodies)
    rng = random.Random(seed)
    both(rng.sample(bodies, len(bodies)))  # arriving in any order


@pytest.mark.parametrize("seed", range(20))
def test_a_chain_after_a_stored_state_is_decided_alike(seed: int) -> None:
    """The second part of a history arrives over a stored first part (its history is
    then read back to follow it)."""
    bodies = chain(1000 + seed, length=60)
    cut = random.Random(seed).randint(1, len(bodies) // 2)
    first = both(bodies[:cut])
    if first.document is None:
        pytest.skip("nothing of the first part applied")
    applied = {h: "dev" for h in first.applied}
    both(bodies[cut:], first.document.save(), applied)


def test_a_text_grown_past_the_limit_over_several_changes_is_refused() -> None:
    """No single change is large, the state after the third is too long, the fourth
    shrinks it again: the third is refused and the fourth waits behind it."""
    rng = random.Random(1)
    doc = new_case(rng)
    bodies = [last_change(doc)]
    for _ in range(3):
        body = edit(
            doc, lambda r, tx, d: tx.splice_text(_text(tx, d), 0, 0, "x" * (MAX_TEXT // 3 + 1)), rng
        )
        assert body is not None
        bodies.append(body)
    body = edit(doc, lambda r, tx, d: tx.splice_text(_text(tx, d), 0, MAX_TEXT // 2, ""), rng)
    assert body is not None
    bodies.append(body)
    bodies.append(edit(doc, title, rng) or b"")
    result, hashes = refused_at(bodies, 3, "longer than")
    assert set(result.blocked) == set(hashes[4:])


def test_a_long_linear_history_of_small_edits_is_applied_whole() -> None:
    """The shape of a year of daily edits: every change applied, the fields read."""
    rng = random.Random(2)
    doc = new_case(rng)
    bodies = [last_change(doc)]
    for _ in range(150):
        for step in (splice, title):
            body = edit(doc, step, rng)
            if body is not None:
                bodies.append(body)
    result = both(bodies)
    assert len(result.applied) == len(bodies) and not result.refused
    assert result.data is not None and result.data["title"] == doc.get(ROOT, "title")[0][1]


def test_fields_added_past_the_limit_over_several_changes_are_refused() -> None:
    """Each change adds a third of the root fields allowed; the state after the fourth
    has too many, the fifth deletes them again."""
    rng = random.Random(3)
    doc = new_case(rng)
    bodies = [last_change(doc)]
    for _ in range(4):
        bodies.append(edit(doc, many_keys, rng) or b"")
    with doc.transaction() as tx:
        for key in doc.keys(ROOT):
            if key.startswith("x"):
                tx.delete(ROOT, key)
    bodies.append(last_change(doc))
    bodies.append(edit(doc, title, rng) or b"")
    result, hashes = refused_at(bodies, 4, "fields (at most")
    assert set(result.blocked) == set(hashes[5:])


def test_a_value_made_wrong_inside_a_nested_item_is_refused() -> None:
    """A change that only touches an item inside `persons` (an object two levels down)."""
    rng = random.Random(4)
    doc = new_case(rng)
    bodies = [last_change(doc)]
    for step in (person, title, person_int, person, title):
        bodies.append(edit(doc, step, rng) or b"")
    refused_at(bodies, 3, "persons.p1.name")


# -- other kinds: a directory entry (owned by its code) and a returns book (entries of codes)

OTHER_KINDS = {
    "directory": ("directory", "SN-CA", Author("dev", "SN-CA", "officer")),
    "return_book": ("returns/SN-CA", "returns-SN-CA-2026", Author("dev", "SN-CA", "officer")),
}


def kind_step(kind: str, rng: random.Random, tx: Any, doc: Document, bad: bool) -> None:
    """One random edit of a directory entry or a returns book; `bad`: one its checks refuse."""
    if kind == "directory":
        if not bad:
            step = rng.choice(("phones", "comments", "languages", "code"))
            if step == "phones":
                tx.put(ROOT, "phones", ScalarType.Str, f"+221 {rng.randint(1000, 9999)}")
            elif step == "comments":
                tx.splice_text(_text(tx, doc, "comments"), 0, 0, "note ")
            elif step == "languages":
                tx.put(
                    _map(tx, doc, "languages"), rng.choice(("fr", "en")), ScalarType.Boolean, True
                )
            else:
                tx.put(ROOT, "code", ScalarType.Str, "SN-CA")
        elif rng.random() < 0.5:
            tx.put(ROOT, "code", ScalarType.Str, "ML-CA")  # another authority's entry
        else:
            tx.put(ROOT, "phones", ScalarType.Bytes, b"\x00")
    else:
        key = f"case-{rng.randint(1, 5)}"
        if not bad:
            tx.put(ROOT, key, ScalarType.Str, f"k1.m2026{rng.randint(10, 12)}.s{rng.randint(0, 5)}")
        elif rng.random() < 0.5:
            tx.put(ROOT, key, ScalarType.Str, "z9.not codes")
        else:
            tx.put(ROOT, key, ScalarType.Int, 7)


def kind_chain(kind: str, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    doc = Document(actor_id=rng.randbytes(16))
    with doc.transaction() as tx:
        tx.put(ROOT, "_kind", ScalarType.Str, kind)
        tx.put(ROOT, "_schema", ScalarType.Int, 1)
        if kind == "directory":
            tx.put(ROOT, "code", ScalarType.Str, "SN-CA")
        else:
            tx.put(ROOT, "_doc", ScalarType.Str, "returns-SN-CA-2026")
    bodies = [last_change(doc)]
    for _ in range(30):
        bad = rng.random() < 0.1
        body = edit(doc, lambda r, tx, d, bad=bad: kind_step(kind, r, tx, d, bad), rng)
        if body is not None:
            bodies.append(body)
        if bad:  # undone by the next change, so that only the state in between is wrong
            body = edit(doc, lambda r, tx, d: kind_step(kind, r, tx, d, False), rng)
            if body is not None:
                bodies.append(body)
            with doc.transaction() as tx:
                if kind == "directory":
                    tx.put(ROOT, "code", ScalarType.Str, "SN-CA")
                    tx.put(ROOT, "phones", ScalarType.Str, "+221")
                else:
                    for key in doc.keys(ROOT):
                        if key.startswith("case-"):
                            tx.put(ROOT, key, ScalarType.Str, "k1")
            bodies.append(last_change(doc))
    return bodies


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("kind", sorted(OTHER_KINDS))
def test_other_kinds_are_decided_alike(kind: str, seed: int) -> None:
    space, doc_id, author = OTHER_KINDS[kind]
    bodies = kind_chain(kind, seed)
    candidates = [Candidate(change_hash(b), b, "dev") for b in bodies]
    results = [
        admit(space, doc_id, None, candidates, {"dev": author}, {}, incremental=incremental)
        for incremental in (True, False)
    ]
    assert outcome(results[0]) == outcome(results[1])
    assert results[0].applied  # at least the chain's start is applied
