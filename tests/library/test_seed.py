"""The shipped library: every fact carries a source or is flagged unverified, no guessed
dates, the 17 WACAP states covered, and the trust boundary checks the library kinds."""

from __future__ import annotations

from client.library import events_for, instruments, load_seed, seed_library
from shared.policy.spaces import space_rule
from shared.schema.kinds import SPECS_BY_KIND
from shared.schema.states import WACAP_STATES

SEED = load_seed()


def test_every_fact_has_a_source_or_is_flagged_unverified() -> None:
    for record in [*SEED["instruments"], *SEED["events"], *SEED["briefing_notes"]]:
        assert record["verified"] in ("yes", "no"), record
        if record["verified"] == "yes":
            assert record["source"].strip(), record
        else:
            assert record["source"].strip() or record.get("note"), record


def test_an_unverified_event_never_carries_a_date() -> None:
    for event in SEED["events"]:
        if event["verified"] == "no":
            assert event["date"] == "", event  # "party, date unverified", never a guess


def test_every_wacap_state_has_recorded_facts() -> None:
    states = {e["state"] for e in SEED["events"]}
    assert set(WACAP_STATES) <= states


def test_the_2025_ecowas_departures_are_dated_and_verified() -> None:
    ends = {e["state"]: e for e in SEED["events"] if e["event"] == "membership_end"}
    assert set(ends) == {"ML", "BF", "NE"}
    assert {e["date"] for e in ends.values()} == {"2025-01-29"}
    assert all(e["verified"] == "yes" and "unsettled" in e["note"] for e in ends.values())


def test_library_kinds_are_checked_by_the_trust_boundary() -> None:
    rule = space_rule("library")
    assert rule is not None and {"instrument", "party_event", "briefing_note"} <= set(rule.kinds)
    assert {"instrument", "party_event", "briefing_note"} <= set(SPECS_BY_KIND)


def test_seed_loads_approved_and_twice_is_idempotent(store) -> None:
    count = seed_library(store)
    assert count == len(SEED["instruments"]) + len(SEED["events"]) + len(SEED["briefing_notes"])
    assert {i["code"] for i in instruments(store)} >= {
        "untoc",
        "uncac",
        "vienna_1988",
        "ecowas_mla_1992",
    }
    assert all(i["approved"] for i in instruments(store))
    before = len(events_for(store))
    seed_library(store)
    assert len(events_for(store)) == before


def test_the_ecowas_conventions_are_uncertain_for_the_three_from_that_date() -> None:
    for code in ("ecowas_mla_1992", "ecowas_extradition_1994"):
        marked = {
            e["state"]: e
            for e in SEED["events"]
            if e["instrument"] == code and e["status"] == "uncertain"
        }
        assert set(marked) == {"ML", "BF", "NE"}
        assert all(e["date"] == "2025-01-29" and "unsettled" in e["note"] for e in marked.values())
