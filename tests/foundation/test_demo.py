"""The demo data: a full WACAP directory and ~50 cases in every status, reached validly."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from client import cases, directory
from client.demo import generate_cases, load_demo
from client.demo.cases import STATUS_PLAN, plan
from client.store import Store
from shared.schema.cases import ASSISTANCE_TYPES, STATUSES, TRANSITIONS
from shared.schema.states import STATES
from shared.schema.validation import clean_fields

WACAP = {
    "BJ": ["fr"], "BF": ["fr"], "CV": ["pt"], "TD": ["ar", "fr"], "CI": ["fr"], "GM": ["en"],
    "GH": ["en"], "GN": ["fr"], "GW": ["pt"], "LR": ["en"], "ML": ["fr"], "MR": ["ar", "fr"],
    "NE": ["fr"], "NG": ["en"], "SN": ["fr"], "SL": ["en"], "TG": ["fr"],
}  # fmt: skip


def test_directory_has_every_wacap_state_with_its_languages(demo_store: Store) -> None:
    entries = directory.list_entries(demo_store)
    assert {e["state"]: e["languages"] for e in entries} == WACAP
    assert {e["code"] for e in entries} == {f"{iso}-CA" for iso in WACAP}
    assert {e["approval"] for e in entries} == {"approved"}


def test_directory_contacts_are_fictitious_and_complete(demo_store: Store) -> None:
    for iso in WACAP:
        entry = directory.approved_entry(demo_store, f"{iso}-CA")
        assert entry is not None
        # Reserved .example domain and zero-filled numbers: nobody real can be reached.
        assert entry["emails"].endswith(".example"), entry["emails"]
        assert re.fullmatch(r"(\+\d{3} 00 00 00 0\d( \(urgent\))?; ?)+", entry["phones"] + ";")
        assert re.search(r"FICT[IÍ]", entry["comments"].upper())
        for name in (
            "authority_name",
            "contact_person",
            "office_hours",
            "time_zone",
            "documents_required",
            "urgent_procedure",
            "networks",
            "interpol_accepted",
        ):
            assert entry[name], f"{iso}: {name} is empty"
        assert "WACAP" in entry["networks"]


def test_fifty_cases_in_every_status(demo_store: Store) -> None:
    rows = cases.list_cases(demo_store, cases.CaseFilter(limit=None))
    assert len(rows) == 50
    assert Counter(r["status"] for r in rows) == Counter(dict(STATUS_PLAN))
    assert set(Counter(r["status"] for r in rows)) == set(STATUSES)
    assert {r["direction"] for r in rows} == {"incoming", "outgoing"}
    assert {r["kind"] for r in rows} == {"mla", "extradition"}
    assert demo_store.get_meta("authority") == "SN-CA"
    assert demo_store.get_meta("user_name")


def test_deadlines_are_relative_to_today(demo_store: Store) -> None:
    today = dt.date.today()
    assert cases.count_cases(demo_store, cases.CaseFilter(overdue=True)) == 7
    open_rows = cases.list_cases(demo_store, cases.CaseFilter(open_only=True, limit=None))
    soon = [
        r
        for r in open_rows
        if r["deadline"]
        and today <= dt.date.fromisoformat(r["deadline"]) <= today + dt.timedelta(days=14)
    ]
    assert len(soon) == 7


def test_every_case_history_follows_the_workflow(demo_store: Store) -> None:
    for row in cases.list_cases(demo_store, cases.CaseFilter(limit=None)):
        entries = cases.history(demo_store, row["id"])
        statuses = [e.fields["status"][1] for e in entries if "status" in e.fields]
        assert statuses[0] == "draft"
        for before, after in zip(statuses, statuses[1:], strict=False):
            assert after in TRANSITIONS[before], (row["our_ref"], statuses)
        assert statuses[-1] == row["status"]
        whens = [e.when for e in entries]
        assert whens == sorted(whens) and whens[-1] < dt.date.today().isoformat()
        assert {e.who for e in entries} == {demo_store.get_meta("user_name")}


def test_cases_hold_persons_documents_and_particulars(demo_store: Store) -> None:
    records = [
        cases.get_case(demo_store, r["id"])
        for r in cases.list_cases(demo_store, cases.CaseFilter(limit=None))
    ]
    assert all(r["persons"] and r["documents"] for r in records)
    assert all(r["refusal_grounds"] for r in records if r["status"] == "refused")
    bank = [
        r
        for r in records
        if "bank_records" in r["assistance_types"] and "bank_name" in r["particulars"]
    ]
    assert bank and all(r["particulars"]["account_numbers"] for r in bank)
    urgent = [r for r in records if r["urgency"] == "urgent"]
    assert urgent and all(r["urgency_reason"] for r in urgent)
    for r in records:  # what was stored is valid input again (nothing bypassed validation)
        clean_fields({k: v for k, v in r.items() if k in cases.service.FIELDS_BY_NAME})


def test_load_demo_is_idempotent(demo_store: Store) -> None:
    before = demo_store.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    summary = load_demo(demo_store)
    assert not summary.loaded and summary.cases == 50 and summary.directory_entries == 17
    assert demo_store.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before


def test_demo_is_deterministic(tmp_path) -> None:
    refs = []
    for name in ("a", "b"):
        store = Store(tmp_path / f"{name}.sqlite")
        load_demo(store)
        rows = cases.list_cases(store, cases.CaseFilter(limit=None, sort="our_ref"))
        refs.append(
            [
                (r["our_ref"], r["status"], r["requested_state"], r["deadline"], r["title"])
                for r in rows
            ]
        )
        store.close()
    assert refs[0] == refs[1]
    assert [p.status for p in plan()] == [p.status for p in plan()]


def test_demo_on_a_store_with_cases_adds_nothing(store: Store) -> None:
    cases.create_case(store, {"direction": "incoming", "kind": "mla", "title": "real case"})
    summary = load_demo(store)
    assert not summary.loaded and summary.cases == 1 and summary.directory_entries == 0


def test_generator_makes_varied_consistent_cases(store: Store) -> None:
    ids = generate_cases(store, 120, seed=3, batch_size=50)
    assert len(set(ids)) == 120 == cases.count_cases(store)
    rows = cases.list_cases(store, cases.CaseFilter(limit=None))
    assert set(r["status"] for r in rows) == set(STATUSES)
    assert len({r["requested_state"] for r in rows} | {r["requesting_state"] for r in rows}) >= 10
    today = dt.date.today().isoformat()
    for r in rows:
        assert all(r[d] <= today for d in ("date_received", "date_sent", "date_closed"))
        assert (r["status"] == "sent") <= (r["direction"] == "outgoing")
    assert cases.count_cases(store, cases.CaseFilter(search="pangolin")) > 0


def test_sent_requests_are_complete_and_drafts_are_not(demo_store: Store) -> None:
    """Outgoing requests past the draft stage pass the request checks; drafts still show gaps."""
    from client.requests.checker import check_case

    outgoing = cases.list_cases(demo_store, cases.CaseFilter(direction="outgoing", limit=None))
    drafts = [r for r in outgoing if r["status"] == "draft"]
    assert drafts
    for row in outgoing:
        blocking = [f.rule_id for f in check_case(demo_store, row["id"]) if f.blocking]
        if row["status"] == "draft":
            assert blocking, row["our_ref"]
        else:
            assert blocking == [], (row["our_ref"], blocking)


def test_french_free_text_names_states_in_french(demo_store: Store) -> None:
    """The demo's free text is French: a French document must not read « (Chad) »."""
    english_only = {s.names["en"] for s in STATES if s.names["en"] != s.names["fr"]}
    texts = [
        str(value)
        for row in cases.list_cases(demo_store)
        for value in cases.get_case(demo_store, row["id"]).values()
        if isinstance(value, str)
    ]
    assert texts
    found = {name for name in english_only for text in texts if f"({name})" in text}
    assert not found, found
    codes = {t.replace("_", " ") for t in ASSISTANCE_TYPES if "_" in t}
    raw = {code for code in codes for text in texts if code in text}
    assert not raw, raw  # types of assistance by their French names, not their codes
