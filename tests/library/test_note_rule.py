"""Who may write which library document: the rule the server and every device share."""

from __future__ import annotations

import pytest

from shared.access import authority_state, briefing_note_id, may_write


@pytest.mark.parametrize(
    ("code", "state"),
    [
        ("SN-CA", "SN"),
        ("SN", "SN"),
        ("GH_MOJ", "GH"),
        ("WACAP", None),
        ("sn-ca", None),
        ("S-CA", None),
        ("SNX-CA", None),
        ("", None),
    ],
)
def test_an_authoritys_state_is_the_iso_code_its_code_begins_with(code, state) -> None:
    assert authority_state(code) == state


def test_an_authority_writes_only_its_own_states_note_in_the_library() -> None:
    assert may_write("SN-CA", "officer", "library", briefing_note_id("SN"))
    assert may_write("SN-CA", "admin", "library", "note-SN")
    assert not may_write("SN-CA", "officer", "library", "note-GH")
    assert not may_write("SN-CA", "officer", "library", "instr-untoc")
    assert not may_write("SN-CA", "officer", "library", "approvals")
    assert not may_write("WACAP-X", "officer", "library", "note-WA")
    assert may_write("WACAP", "secretariat", "library", "instr-untoc")
