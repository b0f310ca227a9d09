"""The domain side of case input: typed dates, warnings, reference numbering, the workflow
by direction."""

from __future__ import annotations

import datetime as dt

import pytest

from client.cases import create_case
from client.cases.references import (
    check_pattern,
    next_reference,
    set_reference_pattern,
)
from client.cases.warnings import case_warnings
from client.store import Store
from shared.schema.dates import normalize_date_input, parse_user_date
from shared.schema.validation import ValidationError
from shared.schema.workflow import initial_status, next_statuses

TODAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2026-03-31", "2026-03-31"),
        ("31/03/2026", "2026-03-31"),
        ("3/4/2026", "2026-04-03"),
        ("03.04.2026", "2026-04-03"),
        (" 31-03-2026 ", "2026-03-31"),
        ("", ""),
        ("31/02/2026", None),
        ("2026-13-01", None),
        ("tomorrow", None),
    ],
)
def test_typed_dates(typed: str, iso: str | None) -> None:
    assert parse_user_date(typed) == iso
    assert normalize_date_input(typed) == (typed if iso is None else iso)


@pytest.fixture
def senegal(store: Store) -> Store:
    store.set_meta("authority", "SN-CA")
    return store


def test_references_follow_the_pattern_per_direction_and_year(senegal: Store) -> None:
    assert next_reference(senegal, "incoming", TODAY) == "SN/IN/2026/0001"
    create_case(senegal, {"direction": "incoming", "kind": "mla", "our_ref": "SN/IN/2026/0007"})
    create_case(senegal, {"direction": "incoming", "kind": "mla", "our_ref": "SN/IN/2025/0040"})
    create_case(senegal, {"direction": "outgoing", "kind": "mla", "our_ref": "free text"})
    assert next_reference(senegal, "incoming", TODAY) == "SN/IN/2026/0008"
    assert next_reference(senegal, "outgoing", TODAY) == "SN/OUT/2026/0001"

    set_reference_pattern(senegal, "{state}-MJ/{dir}/{seq:03d}/{year}")
    assert next_reference(senegal, "incoming", TODAY) == "SN-MJ/IN/001/2026"
    for bad in ("{state}/{year}", "{state}/{seq}/{nope}", "{seq"):
        with pytest.raises(ValidationError):
            check_pattern(bad)


def test_warnings_dates_deadline_and_duplicate_reference(senegal: Store) -> None:
    existing = create_case(
        senegal, {"direction": "incoming", "kind": "mla", "our_ref": "SN/IN/2026/0001"}
    )
    values = {
        "direction": "incoming",
        "our_ref": "SN/IN/2026/0001",
        "date_received": "2026-03-20",  # after today
        "date_acknowledged": "2026-03-01",  # before it was received
        "deadline": "2026-03-15",  # before it was received
    }
    warned = {w.field: w.message for w in case_warnings(senegal, values, TODAY)}
    assert set(warned) == {"our_ref", "date_received", "date_acknowledged", "deadline"}
    assert "20/03/2026" in warned["date_received"]
    assert "Another case already has this reference" in warned["our_ref"]
    # The case itself is no duplicate of itself; sensible values give no warning.
    fine = {"direction": "incoming", "our_ref": "SN/IN/2026/0001", "date_received": "2026-03-01",
            "date_acknowledged": "2026-03-02", "deadline": "2026-04-01"}  # fmt: skip
    assert case_warnings(senegal, fine, TODAY, case_id=existing) == []


def test_workflow_by_direction() -> None:
    assert initial_status("incoming") == "received"
    assert initial_status("outgoing") == "draft"
    assert "received" not in next_statuses("draft", "outgoing")
    assert next_statuses("draft", "outgoing") == ("sent", "withdrawn")
    assert "sent" not in next_statuses("draft", "incoming")
    assert next_statuses("received", "incoming")[0] == "acknowledged"
