"""The returns book: bytes of codes that decode to the very return, vocabularies that only grow at
their end, a content check that lets nothing but codes into a book, and the per-case
return documents of older versions still counted, end to end with a real server."""

from __future__ import annotations

import random
from dataclasses import asdict

import pytest
from automerge.core import ROOT, Document, ObjType, ScalarType
from hypothesis import given, settings
from hypothesis import strategies as st

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
    ENTRY_STATES,
    MAX_ENTRY_BYTES,
    RETURN_FIELDS,
    BookEntryError,
    decode_return,
    encode_return,
    entry_key,
    is_entry_key,
    parse_entry,
    return_row_id,
)
from shared.schema.states import WACAP_STATES

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


def test_the_network_states_keep_their_numbers_in_an_entry() -> None:
    assert ENTRY_STATES == tuple(sorted(WACAP_STATES))  # as the first books numbered them
    values = case_return({"direction": "outgoing", "kind": "mla", "requested_state": "TG"}, "SN")
    assert encode_return(values, "SN") == b"\x11\x02\x11"  # outgoing, TG is the 17th
    values["counterpart_state"] = "FR"  # another State: 18 + F, R in base 26
    assert decode_return(encode_return(values, "SN"), "SN") == values


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
        state = rng.choice(["SN", "GH", ""])
        entry = encode_return(values, state)
        assert decode_return(entry, state) == values, (values, entry.hex())
        assert len(parse_entry(entry)) <= len(RETURN_FIELDS) and len(entry) <= MAX_ENTRY_BYTES
        assert check_content(_book(entry), SPECS_BY_KIND[BOOK_KIND])[KEY] == entry
    # A draft with nothing filled in costs one byte; the book's own State costs nothing.
    draft = case_return({"direction": "incoming", "kind": "mla"}, "SN")
    assert encode_return(draft, "SN") == b"\x00"
    assert decode_return(b"\x00", "SN") == draft
    # Months: the opened one from January 2026, the others from it (one byte each here).
    dated = {**draft, "opened_month": "2026-11", "deadline_month": "2027-02"}
    assert encode_return(dated, "SN").hex() == "8005" + "14" + "06"  # mask, +10, +3 zigzag
    dated["opened_month"], dated["deadline_month"] = "1998-04", "9999-12"
    assert decode_return(encode_return(dated, "SN"), "SN") == dated


def test_a_case_has_one_short_key_in_every_book() -> None:
    assert entry_key("c0ffee00c0ffee00") == entry_key("c0ffee00c0ffee00") == KEY
    assert len(KEY) == 8 and is_entry_key(KEY) and KEY != entry_key("c0ffee00c0ffee01")
    keys = {entry_key(f"{n:016x}") for n in range(20_000)}
    assert len(keys) == 20_000 and all(is_entry_key(k) for k in keys)


KEY = entry_key("c0ffee00c0ffee00")


def _book(entry: object, kind: ScalarType = ScalarType.Bytes, key: str = KEY) -> Document:
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "_kind", ScalarType.Str, BOOK_KIND)
        tx.put(ROOT, key, kind, entry)
    return doc


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (b"", "ends inside a number"),
        (b"\x80", "ends inside a number"),  # the mask's first byte says more follows
        (b"\x80\x80\x02", "field 15 is not a field of a return"),
        (b"\x80\x00", "not written in its shortest form"),
        (b"\x01", "ends inside a number"),  # direction given, its number missing
        (b"\x01\x02\x00", "bytes after its last number"),
        (b"\x01\x80\x10", "direction is out of range"),  # 2048: no list is that long
        (b"\x08" + bytes([0x80 | 0x25, 0x06]), "reporting_state is out of range"),  # 805
        (b"\x00" + b"Mr Mensah", "bytes after its last number"),
        (b"\x02" + b"\xff" * 9 + b"\x01", "longer than 9 bytes"),
        (b"\x00" * 161, "longer than 160 bytes"),
    ],
)
def test_a_book_holds_codes_only(entry: bytes, reason: str) -> None:
    with pytest.raises(ContentError, match=reason):
        check_content(_book(entry), SPECS_BY_KIND[BOOK_KIND])
    with pytest.raises(BookEntryError, match=reason):
        decode_return(entry)


@pytest.mark.parametrize(
    ("value", "kind", "reason"),
    [
        ("s3.rSN", ScalarType.Str, "may not hold a value of type Str"),  # the text entries
        (1.5, ScalarType.F64, "may not hold a value of type F64"),
        (3, ScalarType.Int, "may not hold a value of type Int"),
    ],
)
def test_a_book_entry_is_bytes(value: object, kind: ScalarType, reason: str) -> None:
    with pytest.raises(ContentError, match=reason):
        check_content(_book(value, kind), SPECS_BY_KIND[BOOK_KIND])


def test_a_book_entry_is_bytes_of_codes_under_a_case_key() -> None:
    entry = encode_return({**case_return({"status": "received"}), "days_to_completion": 3}, "SN")
    assert check_content(_book(entry), SPECS_BY_KIND[BOOK_KIND]) == {"_kind": BOOK_KIND, KEY: entry}
    # A case id, a reference or a name as the key is refused: only an 8-character digest.
    for key in ("c0ffee00c0ffee00", "SN/IN/2026/0048", "Awa Diop", "AAAAAAA", "AAAAAAA+"):
        with pytest.raises(ContentError, match="is not the key of an entry of codes"):
            check_content(_book(entry, key=key), SPECS_BY_KIND[BOOK_KIND])
    # A map per case (what the book's first draft wrote, never released) is refused.
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "_kind", ScalarType.Str, BOOK_KIND)
        record = tx.put_object(ROOT, KEY, ObjType.Map)
        tx.put(record, "s", ScalarType.Int, 3)
    with pytest.raises(ContentError, match="must be a plain value, not Map"):
        check_content(doc, SPECS_BY_KIND[BOOK_KIND])


@pytest.mark.parametrize("key", ["_note", "updated_by", "created_at"])
def test_a_book_carries_no_other_field_nor_stamp(key: str) -> None:
    doc = _book(b"\x00")
    with doc.transaction() as tx:
        tx.put(ROOT, key, ScalarType.Str, "Awa Diop")
    with pytest.raises(ContentError, match="not the key of an entry of codes"):
        check_content(doc, SPECS_BY_KIND[BOOK_KIND])


def _write_as_an_older_version(store, case_id: str, authority: str) -> None:
    """What versions before the book wrote at each save: a return document per case."""
    store.conn.execute("DELETE FROM returns_staged WHERE case_id = ?", (case_id,))
    store.conn.execute("DELETE FROM returns WHERE doc_id = ?", (return_row_id(case_id),))
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


@settings(max_examples=3000, deadline=None)
@given(st.binary(max_size=40))
def test_any_bytes_are_an_entry_or_refused_in_one_line(data: bytes) -> None:
    """The parser on arbitrary bytes: a BookEntryError with a one-line reason, or numbers
    that decode to a return that encodes back to an entry the parser takes."""
    try:
        codes = parse_entry(data)
    except BookEntryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert set(codes) <= set(range(len(RETURN_FIELDS)))
    values = decode_return(data, "SN")
    assert parse_entry(encode_return(values, "SN")) is not None
