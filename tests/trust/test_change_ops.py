"""Reading a change's op columns, and following a history with them (shared/policy)."""

from __future__ import annotations

import random

from automerge.core import ROOT, Document, ObjType, ScalarType

from shared.policy.change_ops import OpsError, change_ops
from shared.policy.touched import HistoryTracker, object_key

from .hostile import last_change

ACTOR, OTHER = bytes(range(16)), bytes(range(1, 17))


def first_change() -> tuple[Document, bytes, bytes]:
    doc = Document(actor_id=ACTOR)
    with doc.transaction() as tx:
        tx.put(ROOT, "title", ScalarType.Str, "héllo")  # 6 bytes, 5 characters
        notes = tx.put_object(ROOT, "notes", ObjType.Text)
        tx.splice_text(notes, 0, 0, "ab")
        persons = tx.put_object(ROOT, "persons", ObjType.Map)
        item = tx.put_object(persons, "p1", ObjType.Map)
        tx.put(item, "name", ScalarType.Str, "x")
    return doc, notes, last_change(doc)


def test_the_ops_of_a_change_name_their_objects_keys_actions_and_sizes() -> None:
    _doc, _notes, body = first_change()
    ops = change_ops(body)
    assert (ops.actors, ops.start_op, ops.count) == ([ACTOR], 1, 7)
    rows = [
        (step, index, ctr, key, action, meta and meta >> 4)
        for step, index, ctr, key, action, meta in ops.segments()
    ]
    assert rows == [
        (1, None, None, "title", 1, 6),  # a put at the root, 6 bytes
        (1, None, None, "notes", 4, 0),  # make text
        (2, 0, 2, None, 1, 1),  # two characters into object (actor 0, counter 2)
        (1, None, None, "persons", 0, 0),  # make map
        (1, 0, 5, "p1", 0, 0),  # a map inside it
        (1, 0, 6, "name", 1, 1),
    ]


def test_a_history_is_followed_field_by_field() -> None:
    doc, notes, body = first_change()
    tracker = HistoryTracker()
    touched = tracker.follow(body)
    assert touched is not None and touched.fields == {"title", "notes", "persons"}
    assert tracker.fields == {(ACTOR, 2): "notes", (ACTOR, 5): "persons", (ACTOR, 6): "persons"}
    assert object_key(notes) == (ACTOR, 2)
    other = doc.fork()
    other.set_actor(OTHER)
    with other.transaction() as tx:
        tx.splice_text(notes, 0, 1, "wxyz")
        tx.put(ROOT, "title", ScalarType.Int, 3)
    touched = tracker.follow(last_change(other))
    assert touched is not None
    assert (touched.fields, touched.texts, touched.inside) == ({"title"}, {(ACTOR, 2)}, set())
    # 2 characters, then 4 more (the deletion adds none): the most the text can show.
    assert tracker.text_bound(notes) == 6
    assert tracker.scalars_only("title") == ([ScalarType.Int, ScalarType.Str], 6)
    assert tracker.scalars_only("notes") is None  # it held an object


def test_damaged_changes_are_unreadable_never_an_error() -> None:
    """Bytes Automerge would refuse anyway: the tracker gives up (the change is then
    judged whole); nothing else escapes, nothing hangs."""
    _doc, _notes, body = first_change()
    rng = random.Random(0)
    for _ in range(3000):
        damaged = bytearray(body)
        for _edit in range(rng.randint(1, 4)):
            at = rng.randrange(len(damaged))
            if rng.random() < 0.7:
                damaged[at] = rng.randrange(256)
            else:
                del damaged[at]
        try:
            change_ops(bytes(damaged))
        except OpsError:
            pass
        HistoryTracker().follow(bytes(damaged))
