"""The send gate in update_case: outgoing requests with blocking findings are not sent unless overridden."""

from __future__ import annotations

from typing import Any

import pytest

from client.cases import create_case, get_case, set_status, update_case
from client.requests.gate import blocking_without_override, record_override
from shared.schema.validation import ValidationError

from .data import SN_ENTRY, add_entry, mla_all


@pytest.fixture
def draft(store: Any) -> str:
    add_entry(store, SN_ENTRY)
    case = mla_all().case
    case["purpose"] = ""
    return create_case(store, case)


def test_sent_refused_with_the_rule_ids(store: Any, draft: str) -> None:
    with pytest.raises(ValidationError) as caught:
        set_status(store, draft, "sent")
    assert caught.value.field == "status" and "mla.purpose" in caught.value.message
    assert get_case(store, draft)["status"] == "draft"


def test_values_saved_with_the_status_count(store: Any, draft: str) -> None:
    """Completing the last item and sending in one save is allowed."""
    update_case(store, draft, {"purpose": "To prove the flow of funds", "status": "sent"})
    assert get_case(store, draft)["status"] == "sent"


def test_incoming_requests_are_not_gated(store: Any) -> None:
    case_id = create_case(store, {"direction": "incoming", "kind": "mla"})
    set_status(store, case_id, "received")
    assert get_case(store, case_id)["status"] == "received"


def test_override_covers_only_the_findings_it_lists(store: Any, draft: str) -> None:
    item = record_override(store, draft, "Purpose given orally at the coordination meeting")
    assert item["findings"] == "mla.purpose"
    update_case(store, draft, {"legal_basis": ""})  # a new blocking finding after the override
    assert [f.rule_id for f in blocking_without_override(store, draft)] == ["mla.legal-basis"]
    with pytest.raises(ValidationError, match="mla.legal-basis"):
        set_status(store, draft, "sent")
    update_case(store, draft, {"legal_basis": "ECOWAS A/P1/7/92"})
    set_status(store, draft, "sent")
    assert get_case(store, draft)["status"] == "sent"


def test_second_override_keeps_the_first(store: Any, draft: str) -> None:
    record_override(store, draft, "first")
    update_case(store, draft, {"legal_basis": ""})
    record_override(store, draft, "second")
    reasons = sorted(o["reason"] for o in get_case(store, draft)["overrides"].values())
    assert reasons == ["first", "second"]


def test_nothing_to_override_is_refused(store: Any) -> None:
    add_entry(store, SN_ENTRY)
    case_id = create_case(store, mla_all().case)
    with pytest.raises(ValidationError, match="nothing to override"):
        record_override(store, case_id, "just in case")
    assert get_case(store, case_id)["overrides"] == {}
