"""A chain of changes arriving together is judged change by change, as when its changes
arrive one at a time: a forbidden value that a later change of the chain overwrites is
still refused, and the change after it waits behind it, whatever the batch holds."""

from __future__ import annotations

import os

from automerge.core import ROOT, Document, ObjType, ScalarType

from shared.changes import change_hash
from shared.policy import Author, Candidate, admit
from shared.policy.content import MAX_TEXT

from .hostile import last_change, new_doc, put

AUTHOR = {"dev": Author("dev", "SN", "officer")}
CASE = {"_kind": (ScalarType.Str, "case"), "_schema": (ScalarType.Int, 1)}


def candidate(body: bytes) -> Candidate:
    return Candidate(change_hash(body), body, "dev")


def one_at_a_time(bodies: list[bytes]) -> tuple[set[bytes], set[bytes]]:
    """(applied, refused or blocked) when each change arrives in a batch of its own."""
    state, applied, authors, set_aside = None, set(), {}, set()
    for body in bodies:
        result = admit(
            "authority/SN", "case1", state, [candidate(body)], AUTHOR, authors, set_aside
        )
        set_aside |= set(result.refused) | set(result.blocked)
        if result.document is not None:
            state = result.document.save()
            applied |= set(result.applied)
            authors.update({h: "dev" for h in result.applied})
    return applied, set_aside


def together(bodies: list[bytes]) -> tuple[set[bytes], set[bytes]]:
    result = admit("authority/SN", "case1", None, [candidate(b) for b in bodies], AUTHOR, {})
    return set(result.applied), set(result.refused) | set(result.blocked)


def test_a_bad_value_overwritten_later_in_the_chain_is_still_refused() -> None:
    doc = new_doc({**CASE, "title": (ScalarType.Str, "ok")}, actor=os.urandom(16))
    bodies = [last_change(doc)]
    bodies.append(put(doc, {"title": (ScalarType.Bytes, b"\x00poison")}))
    bodies.append(put(doc, {"title": (ScalarType.Str, "ok again")}))
    applied, set_aside = together(bodies)
    assert applied == {candidate(bodies[0]).hash}
    assert set_aside == {candidate(b).hash for b in bodies[1:]}
    assert (applied, set_aside) == one_at_a_time(bodies)


def test_a_text_too_long_in_the_middle_of_a_chain_is_refused() -> None:
    doc = new_doc(CASE, actor=os.urandom(16))
    bodies = [last_change(doc)]
    with doc.transaction() as tx:
        notes = tx.put_object(ROOT, "notes", ObjType.Text)
        tx.splice_text(notes, 0, 0, "x" * (MAX_TEXT + 1))
    bodies.append(last_change(doc))
    with doc.transaction() as tx:
        tx.splice_text(notes, 0, MAX_TEXT + 1, "short")
    bodies.append(last_change(doc))
    bodies.append(put(doc, {"title": (ScalarType.Str, "after")}))
    applied, set_aside = together(bodies)
    assert applied == {candidate(bodies[0]).hash}
    assert set_aside == {candidate(b).hash for b in bodies[1:]}
    assert (applied, set_aside) == one_at_a_time(bodies)


def test_a_good_chain_is_applied_whole_with_its_fields() -> None:
    doc = new_doc({**CASE, "title": (ScalarType.Str, "first")}, actor=os.urandom(16))
    bodies = [last_change(doc)]
    with doc.transaction() as tx:
        notes = tx.put_object(ROOT, "notes", ObjType.Text)
        tx.splice_text(notes, 0, 0, "witness heard")
    bodies.append(last_change(doc))
    bodies.append(put(doc, {"title": (ScalarType.Str, "last")}))
    result = admit("authority/SN", "case1", None, [candidate(b) for b in bodies[::-1]], AUTHOR, {})
    assert set(result.applied) == {candidate(b).hash for b in bodies} and not result.refused
    assert result.data is not None
    assert (result.data["title"], result.data["notes"]) == ("last", "witness heard")
    # The bytes kept for the store load to the same document.
    assert result.loaded is not None
    assert Document.load(result.loaded).get_heads() == result.document.get_heads()
