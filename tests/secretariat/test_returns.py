"""De-identified returns: only whitelisted, controlled values leave a case, and every case
save writes its return in the same transaction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from client.cases import create_case, update_case
from client.returns import case_return, publish_staged_returns, read_returns, return_id
from client.store import Store
from shared.schema.cases import CASE_FIELDS, ITEM_FIELDS
from shared.schema.returns import (
    CASE_FIELDS_READ,
    RETURN_FIELD_NAMES,
    book_id,
    decode_return,
    encode_return,
    entry_key,
    return_row_id,
)
from shared.schema.validation import ValidationError

# The case fields the issue allows into a return (by what they are about).
ALLOWED = {
    "direction",
    "kind",
    "assistance_types",
    "requesting_state",  # -> counterpart / reporting State (a code only)
    "requested_state",
    "offence_categories",
    "legal_basis_category",
    "date_received",  # dates -> months; durations in days
    "date_sent",
    "date_executed",
    "date_closed",
    "deadline",
    "status",
    "outcome_category",
    "refusal_grounds",
    "urgency",
}


def _marker_value(name: str, kind: str, choices: tuple[str, ...], tag: str) -> Any:
    if name.endswith("_state"):  # a State code: the only short text a return keeps
        return "NG" if tag == "a" else "GH"
    if kind in ("str", "text"):
        return f"LEAK-{name}-{tag}"
    if kind == "date":
        return "2026-02-03" if tag == "a" else "2025-11-30"
    if kind == "choice":
        options = [c for c in choices if c]
        return options[0] if tag == "a" else options[-1]
    if kind == "set":
        return [choices[0]] if tag == "a" else [choices[-1]]
    if kind == "map":
        return {"k": f"LEAK-{name}-{tag}"}
    if kind == "items":
        return {"x": {f: f"LEAK-{name}-{f}-{tag}" for f in ITEM_FIELDS[name] if f != "role"}}
    raise AssertionError(kind)


def _full_case(tag: str) -> dict[str, Any]:
    return {f.name: _marker_value(f.name, f.kind, f.choices, tag) for f in CASE_FIELDS}


def test_every_case_field_is_either_whitelisted_or_cannot_reach_a_return() -> None:
    assert set(CASE_FIELDS_READ) == ALLOWED
    for spec in CASE_FIELDS:
        reached = False
        # Each direction uses its own start date; closing counts when execution is unknown.
        for direction, executed in [(d, e) for d in ("incoming", "outgoing") for e in ("x", "")]:
            base = {**_full_case("a"), "direction": direction}
            if not executed:
                base["date_executed"] = ""
            reference = case_return(base, "SN")
            assert set(reference) == set(RETURN_FIELD_NAMES)
            changed = {**base, spec.name: _marker_value(spec.name, spec.kind, spec.choices, "b")}
            if spec.name == "date_executed" and not executed:
                continue
            reached |= case_return(changed, "SN") != reference
        assert reached == (spec.name in ALLOWED), spec.name
    # Nothing typed by people survives, whatever field it was typed into.
    for tag in ("a", "b"):
        assert "LEAK" not in json.dumps(case_return(_full_case(tag), "SN"))


def test_values_are_reduced_to_codes_and_months() -> None:
    record = case_return(
        {
            "direction": "outgoing",
            "requesting_state": "sn",
            "requested_state": "Ghana, Accra office of Mr Mensah",
            "date_sent": "2026-01-15",
            "date_executed": "2026-03-01",
            "deadline": "2026-02-20",
            "status": "executed",
            "offence_categories": ["corruption", "not-a-category"],
        }
    )
    assert record["reporting_state"] == "SN" and record["counterpart_state"] == ""
    assert (record["opened_month"], record["completed_month"]) == ("2026-01", "2026-03")
    assert record["deadline_month"] == "2026-02" and record["days_to_completion"] == 45
    assert record["offence_categories"] == ["corruption"]
    assert record["outcome_category"] == "executed"


def _staged(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT case_id, entry FROM returns_staged"))


def _book_of(store: Store, case_id: str) -> str:
    return store.conn.execute(
        "SELECT book FROM returns WHERE doc_id = ?", (return_row_id(case_id),)
    ).fetchone()[0]


def _book_changes(store: Store) -> int:
    return store.conn.execute(
        "SELECT count(*) FROM changes WHERE doc_id LIKE 'returns-SN-CA-%'"
    ).fetchone()[0]


def test_each_save_stages_the_return_in_the_same_transaction(store: Store) -> None:
    store.set_meta("authority", "SN-CA")
    case_id = create_case(
        store,
        {"direction": "incoming", "kind": "mla", "requesting_state": "NG", "title": "Op X"},
    )
    # Staged with the case, and counted in the authority's own figures at once.
    assert set(_staged(store)) == {case_id}
    [ret] = read_returns(store)
    assert (ret["authority"], ret["status"], ret["counterpart_state"]) == ("SN-CA", "draft", "NG")
    update_case(store, case_id, {"status": "received", "offence_categories": ["fraud"]})
    assert read_returns(store)[0]["offence_categories"] == ["fraud"]
    # The sealing folds it into the year's book, whose entry is the return as saved.
    assert publish_staged_returns(store) == 1 and _staged(store) == {}
    book = _book_of(store, case_id)
    assert book.startswith("returns-SN-CA-") and store.read(book)["space"] == "returns/SN-CA"
    entry = bytes.fromhex(store.read(book)[entry_key(case_id)])  # (hex in the JSON copy)
    assert decode_return(entry, "SN") == case_return(store.read(case_id), "SN")
    assert case_id not in store.read(book)  # the case id itself never travels
    changes = _book_changes(store)
    update_case(store, case_id, {"notes": "a note that changes no statistic"})
    assert publish_staged_returns(store) == 0 and _book_changes(store) == changes
    # A failed save leaves neither the case nor its staged return changed.
    update_case(store, case_id, {"status": "acknowledged"})
    staged = _staged(store)
    with pytest.raises(ValidationError):
        update_case(store, case_id, {"status": "closed"})  # not allowed from acknowledged
    assert _staged(store) == staged and read_returns(store)[0]["status"] == "acknowledged"


def test_ten_saves_travel_as_one_book_change(store: Store) -> None:
    store.set_meta("authority", "SN-CA")
    ids = [create_case(store, {"direction": "incoming", "kind": "mla"}) for _ in range(10)]
    publish_staged_returns(store)
    first = _book_changes(store)
    for case_id in ids:
        update_case(store, case_id, {"status": "received"})
        update_case(store, case_id, {"offence_categories": ["fraud"]})
    publish_staged_returns(store)
    assert _book_changes(store) == first + 1
    assert {r["status"] for r in read_returns(store)} == {"received"}


def test_a_return_carries_no_time_stamp_nor_author(store: Store) -> None:
    store.set_meta("authority", "SN-CA")
    store.set_meta("user_name", "Awa Diop")
    case_id = create_case(store, {"direction": "outgoing", "kind": "mla"})
    publish_staged_returns(store)
    book = _book_of(store, case_id)
    assert not {"created_at", "updated_at", "updated_by"} & set(store.read(book))
    bodies = store.conn.execute("SELECT body FROM changes WHERE doc_id = ?", (book,)).fetchall()
    assert bodies and not any(b"Awa Diop" in body for (body,) in bodies)


def test_a_per_case_return_of_an_older_version_counts_until_the_book_has_the_case(
    store: Store,
) -> None:
    """Stores and servers keep the per-case return documents older versions wrote: they
    are read as before, and a case's book entry, once there, takes precedence."""
    store.set_meta("authority", "SN-CA")
    case_id = create_case(store, {"direction": "outgoing", "kind": "mla"})
    publish_staged_returns(store)
    old = {**case_return(store.read(case_id), "SN"), "status": "refused"}
    store.create("returns/SN-CA", "return", old, doc_id=return_id(case_id))
    assert read_returns(store)[0]["status"] == "draft"  # the book's entry stays
    other = create_case(store, {"direction": "incoming", "kind": "extradition"})
    store.conn.execute("DELETE FROM returns WHERE doc_id = ?", (return_row_id(other),))
    store.conn.execute("DELETE FROM returns_staged WHERE case_id = ?", (other,))
    store.create("returns/SN-CA", "return", {**old, "kind": "extradition"}, doc_id=return_id(other))
    assert {r["kind"]: r["status"] for r in read_returns(store)} == {
        "mla": "draft",
        "extradition": "refused",  # an old document alone is still counted
    }
    store.update(return_id(other), {"status": "withdrawn"})
    assert {r["status"] for r in read_returns(store)} == {"draft", "withdrawn"}
    update_case(store, other, {"urgency": "urgent"})  # the next save puts it in the book
    publish_staged_returns(store)
    store.update(return_id(other), {"status": "executed"})  # an old device's late write
    assert {r["status"] for r in read_returns(store)} == {"draft"}


def test_the_latest_years_book_counts(store: Store) -> None:
    store.set_meta("authority", "SN-CA")
    case_id = create_case(store, {"direction": "incoming", "kind": "mla"})
    publish_staged_returns(store)
    book = _book_of(store, case_id)
    year = int(book.rpartition("-")[2])
    entry = encode_return({**case_return(store.read(case_id), "SN"), "status": "refused"}, "SN")
    key = entry_key(case_id)
    store.create(
        "returns/SN-CA", "return_book", {key: entry}, doc_id=book_id("SN-CA", str(year - 1))
    )
    assert read_returns(store)[0]["status"] == "draft"  # last year's entry does not win
    store.create(
        "returns/SN-CA", "return_book", {key: entry}, doc_id=book_id("SN-CA", str(year + 1))
    )
    assert read_returns(store)[0]["status"] == "refused"


def test_demo_cases_carry_the_new_categories(demo_store: Store) -> None:
    returns = read_returns(demo_store)
    assert len(returns) == 50
    assert sum(1 for r in returns if r["offence_categories"]) >= 40
    assert {r["legal_basis_category"] for r in returns} >= {"untoc", "ecowas_mla_1992"}


def test_cli_sets_the_new_fields(run_cli, tmp_path: Path) -> None:
    payload = json.dumps(
        {
            "direction": "outgoing",
            "kind": "mla",
            "offence_categories": ["money_laundering"],
            "legal_basis_category": "uncac",
        }
    )
    created = run_cli("case", "new", "--json", "-", input=payload)
    assert created.returncode == 0, created.stderr
    bad = run_cli("case", "new", "--json", "-", input=payload.replace("uncac", "treaty"))
    assert bad.returncode == 1 and "legal_basis_category" in bad.stderr
