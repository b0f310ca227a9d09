"""The returns book: codes that decode to the very return, vocabularies that only grow at
their end, a content check that lets nothing but codes into a book, and the per-case
return documents of older versions still counted, end to end with a real server."""

from __future__ import annotations

import random
from dataclasses import asdict

import pytest
from automerge.core import ROOT, Document, ObjType, ScalarType

from client.cases import create_case, update_case
from client.returns import case_return, read_returns, return_id
from client.returns.service import own_state
from client.stats.network import network_statistics
from client.sync import SyncAgent
from shared.policy.content import ContentError, check_content
from shared.schema import cases as vocab
from shared.schema.kinds import SPECS_BY_KIND
from shared.schema.returns import (
    BOOK_KIND,
    MAX_ENTRY_CHARS,
    RETURN_FIELDS,
    BookEntryError,
    decode_return,
    encode_return,
    parse_entry,
)

from .net import Net

# The vocabularies as the first books were written with them: a code is a position in its
# list, so a list may grow at its end but never be reordered nor lose a value.
PINNED = {
    "DIRECTIONS": ("incoming", "outgoing"),
    "KINDS": ("mla", "extradition", "transfer_sentenced"),
    "URGENCIES": ("normal", "urgent"),
    "STATUSES": vocab.STATUSES[:10],
    "ASSISTANCE_TYPES": vocab.ASSISTANCE_TYPES[:20],
    "OFFENCE_CATEGORIES": vocab.OFFENCE_CATEGORIES[:13],
    "LEGAL_BASIS_CATEGORIES": vocab.LEGAL_BASIS_CATEGORIES[:9],
    "OUTCOME_CATEGORIES": ("executed", "partially_executed", "refused", "withdrawn", "other"),
    "REFUSAL_GROUNDS": vocab.REFUSAL_GROUNDS[:10],
}


def test_vocabularies_only_grow_at_their_end() -> None:
    assert PINNED["STATUSES"][:3] == ("draft", "sent", "received")
    assert PINNED["OFFENCE_CATEGORIES"][0] == "trafficking_in_persons"
    for name, pinned in PINNED.items():
        assert getattr(vocab, name)[: len(pinned)] == pinned, name


def _random_return(rng: random.Random) -> dict:
    case: dict = {}
    for field in RETURN_FIELDS:
        if field.kind == "choice":
            case[field.name] = rng.choice([*field.choices, "", "not-a-value"])
        elif field.kind == "set":
            case[field.name] = rng.sample(field.choices, rng.randint(0, 3))
    direction = rng.choice(["incoming", "outgoing", ""])
    day = lambda: rng.choice(["", f"20{rng.randint(10, 30)}-{rng.randint(1, 12):02d}-15"])  # noqa: E731
    case.update(
        direction=direction,
        requesting_state=rng.choice(["SN", "NG", "", "Ghana"]),
        requested_state=rng.choice(["GH", "ML", ""]),
        date_received=day(),
        date_sent=day(),
        date_executed=day(),
        date_closed=day(),
        deadline=day(),
    )
    return case_return(case, rng.choice(["SN", ""]))


def test_a_book_entry_decodes_to_the_very_return() -> None:
    rng = random.Random(12)
    for _ in range(3000):
        values = _random_return(rng)
        entry = encode_return(values)
        assert decode_return(entry) == values, (values, entry)
        assert parse_entry(entry) and len(entry) <= MAX_ENTRY_CHARS, entry
    # A draft with nothing filled in costs nothing but its key in the book.
    assert encode_return(case_return({"direction": "incoming", "kind": "mla"})) == ""


def _book(entry: object, kind: ScalarType = ScalarType.Str) -> Document:
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "_kind", ScalarType.Str, BOOK_KIND)
        tx.put(ROOT, "c0ffee00c0ffee00", kind, entry)
    return doc


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("sMr Mensah", "not a key and a code"),
        ("s3.rSN.cGHANA", "not a key and a code"),
        ("s3.z1", "'z' is not a code of a return"),
        ("s3.s4", "'s' is given twice"),
        ("s3..k1", "not a key and a code"),
        ("s3.", "not a key and a code"),
        ("s99999999999999999999", "not a key and a code"),
        ("s9999999999999999999", "out of range"),
        ("rsn", "not a key and a code"),
        ("s 3", "not a key and a code"),
        ("s\u0663", "not a key and a code"),  # an Arabic-Indic digit is not a code
        (".".join(["s1"] * 200), "longer than 300"),
    ],
)
def test_a_book_holds_codes_only(entry: str, reason: str) -> None:
    with pytest.raises(ContentError, match=reason):
        check_content(_book(entry), SPECS_BY_KIND[BOOK_KIND])
    with pytest.raises(BookEntryError, match=reason):
        decode_return(entry)


@pytest.mark.parametrize(
    ("value", "kind", "reason"),
    [
        (b"s3", ScalarType.Bytes, "may not hold a value of type Bytes"),
        (1.5, ScalarType.F64, "may not hold a value of type F64"),
        (3, ScalarType.Int, "may not hold a value of type Int"),
    ],
)
def test_a_book_entry_is_a_string(value: object, kind: ScalarType, reason: str) -> None:
    with pytest.raises(ContentError, match=reason):
        check_content(_book(value, kind), SPECS_BY_KIND[BOOK_KIND])


def test_a_book_entry_is_a_string_of_codes() -> None:
    assert check_content(_book("s3.rSN.n-1"), SPECS_BY_KIND[BOOK_KIND]) == {
        "_kind": BOOK_KIND,
        "c0ffee00c0ffee00": "s3.rSN.n-1",
    }
    assert parse_entry("s3.rSN.n-1") == {"s": 3, "r": "SN", "n": -1}
    assert check_content(_book(""), SPECS_BY_KIND[BOOK_KIND])["c0ffee00c0ffee00"] == ""
    # A map per case (what the book's first draft wrote, never released) is refused.
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "_kind", ScalarType.Str, BOOK_KIND)
        record = tx.put_object(ROOT, "c0ffee00c0ffee00", ObjType.Map)
        tx.put(record, "s", ScalarType.Int, 3)
    with pytest.raises(ContentError, match="must be a plain value, not Map"):
        check_content(doc, SPECS_BY_KIND[BOOK_KIND])


@pytest.mark.parametrize("key", ["_note", "updated_by", "created_at"])
def test_a_book_carries_no_other_field_nor_stamp(key: str) -> None:
    doc = _book("s3")
    with doc.transaction() as tx:
        tx.put(ROOT, key, ScalarType.Str, "Awa Diop")
    with pytest.raises(ContentError, match="not an entry of codes"):
        check_content(doc, SPECS_BY_KIND[BOOK_KIND])


def _write_as_an_older_version(store, case_id: str, authority: str) -> None:
    """What versions before the book wrote at each save: a return document per case."""
    store.conn.execute("DELETE FROM returns_staged WHERE case_id = ?", (case_id,))
    store.conn.execute("DELETE FROM returns WHERE doc_id = ?", (return_id(case_id),))
    values = case_return(store.read(case_id), own_state(store, authority))
    store.create(f"returns/{authority}", "return", values, doc_id=return_id(case_id))


def test_older_per_case_returns_and_the_book_reach_equal_figures(net: Net) -> None:
    """An office whose first returns were written one document per case by an older
    version, then by this one: the secretariat counts each case once, from its latest."""
    a, sec = net.a, net.sec
    code = a.get_meta("authority")
    old = []
    for _ in range(3):
        case_id = create_case(a, {"direction": "incoming", "kind": "mla", "requesting_state": "NG"})
        with a.write():
            _write_as_an_older_version(a, case_id, code)
        old.append(case_id)
    SyncAgent(a).sync_once()
    SyncAgent(sec).sync_once()
    assert sorted(r["status"] for r in read_returns(sec)) == ["draft"] * 3
    # After the upgrade: one old case saved again, two new cases.
    update_case(a, old[0], {"status": "received", "offence_categories": ["fraud"]})
    for _ in range(2):
        create_case(a, {"direction": "outgoing", "kind": "extradition", "requested_state": "GH"})
    SyncAgent(a).sync_once()
    SyncAgent(sec).sync_once()
    assert len(read_returns(sec)) == 5
    assert asdict(network_statistics(sec, authority=code)) == asdict(
        network_statistics(a, authority=code)
    )
    assert network_statistics(sec).by_offence == [("fraud", 1)]
    assert sec.doc_ids(BOOK_KIND) and len(sec.doc_ids("return")) == 3
