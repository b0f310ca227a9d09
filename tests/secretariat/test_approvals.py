"""The secretariat's review of directory entries, on real stores: approve exactly the
version reviewed, reject with a reason, owners see both versions and others the approved."""

from __future__ import annotations

from pathlib import Path

import pytest
from nacl.signing import SigningKey

from client import directory
from client.approvals import ApprovalError, ReviewState
from client.bundles import export_bundle, import_bundle
from client.store import Store
from shared.schema.validation import ValidationError
from tests.crypto.helpers import enrolled_store

SERVER_KEY = SigningKey.generate()  # the network's certificate authority for these devices


def _device(tmp_path: Path, name: str, authority: str, role: str | None) -> Store:
    return enrolled_store(tmp_path / f"{name}.sqlite", authority, SERVER_KEY, role or "officer")


def _copy_into(source: Store, target: Store) -> None:
    """Carry everything `source` holds to `target` on a real USB bundle."""
    bundle = export_bundle(source, Path(source.path).with_suffix(f".to-{target.device_id}"))
    import_bundle(target, bundle.path)


@pytest.fixture
def network(tmp_path: Path):
    sn = _device(tmp_path, "sn", "SN-CA", "officer")
    gh = _device(tmp_path, "gh", "GH-CA", "officer")
    sec = _device(tmp_path, "sec", "WACAP", "secretariat")
    yield sn, gh, sec
    for s in (sn, gh, sec):
        s.close()


def test_first_entry_is_proposed_until_approved(network) -> None:
    sn, gh, sec = network
    directory.propose_edit(sn, "SN-CA", {"state": "SN", "authority_name": "DACG"})
    assert directory.approval_state(sn, "SN-CA") == ReviewState.UNREVIEWED
    for other in (gh, sec):
        _copy_into(sn, other)
    assert directory.visible_entry(gh, "SN-CA") is None  # nothing to rely on yet
    assert directory.visible_entries(gh) == []
    assert directory.visible_entry(sn, "SN-CA")["authority_name"] == "DACG"  # the owner
    [item] = directory.pending_entries(sec)
    assert item.code == "SN-CA" and not item.review.approved
    assert {c.field: c.after for c in item.changes} == {
        "code": "SN-CA",
        "state": "SN",
        "authority_name": "DACG",
    }
    directory.approve_entry(sec, "SN-CA", item.review.version)
    _copy_into(sec, gh)
    assert directory.visible_entry(gh, "SN-CA")["authority_name"] == "DACG"
    assert [e["code"] for e in directory.visible_entries(gh)] == ["SN-CA"]


def test_an_edit_after_the_reviewed_version_stays_pending(network) -> None:
    sn, gh, sec = network
    directory.propose_edit(sn, "SN-CA", {"state": "SN", "authority_name": "DACG"})
    _copy_into(sn, sec)
    directory.approve_entry(sec, "SN-CA")
    directory.propose_edit(sn, "SN-CA", {"phones": "+221 1"})
    _copy_into(sn, sec)
    [shown] = directory.pending_entries(sec)
    assert [(c.field, c.before, c.after) for c in shown.changes] == [("phones", None, "+221 1")]
    directory.propose_edit(sn, "SN-CA", {"phones": "+221 2"})  # made after the review
    _copy_into(sn, sec)
    directory.approve_entry(sec, "SN-CA", shown.review.version)  # exactly what was shown
    for source, target in ((sec, gh), (sn, gh), (sec, sn)):
        _copy_into(source, target)
    assert directory.approved_entry(gh, "SN-CA")["phones"] == "+221 1"
    assert directory.visible_entry(gh, "SN-CA")["phones"] == "+221 1"
    assert directory.approval_state(sec, "SN-CA") == ReviewState.PROPOSED
    [still] = directory.pending_entries(sec)
    assert [(c.before, c.after) for c in still.changes] == [("+221 1", "+221 2")]
    assert directory.visible_entry(sn, "SN-CA")["phones"] == "+221 2"  # the owner's own


def test_rejection_reason_reaches_the_owner_and_a_new_edit_is_a_new_proposal(network) -> None:
    sn, gh, sec = network
    directory.propose_edit(sn, "SN-CA", {"state": "SN", "authority_name": "DACG"})
    _copy_into(sn, sec)
    directory.approve_entry(sec, "SN-CA")
    directory.propose_edit(sn, "SN-CA", {"emails": "not an address"})
    _copy_into(sn, sec)
    directory.reject_entry(sec, "SN-CA", "give a real e-mail address")
    assert directory.pending_entries(sec) == []
    _copy_into(sec, sn)
    _copy_into(sec, gh)
    _copy_into(sn, gh)
    mine = directory.review(sn, "SN-CA")
    assert mine.state == ReviewState.REJECTED and mine.reason == "give a real e-mail address"
    assert directory.visible_entry(gh, "SN-CA")["emails"] == ""  # still the approved version
    directory.propose_edit(sn, "SN-CA", {"emails": "entraide@justice.sn"})
    assert directory.approval_state(sn, "SN-CA") == ReviewState.PROPOSED
    with pytest.raises(ApprovalError):
        directory.reject_entry(sec, "SN-CA", "   ")


def test_only_the_secretariat_reviews_and_creates_others_entries(network) -> None:
    sn, gh, sec = network
    directory.propose_edit(sn, "SN-CA", {"state": "SN", "authority_name": "DACG"})
    _copy_into(sn, gh)
    with pytest.raises(ApprovalError, match="secretariat"):
        directory.approve_entry(gh, "SN-CA")
    with pytest.raises(ValidationError, match="secretariat"):
        directory.create_entry(gh, {"code": "ML-CA", "state": "ML", "authority_name": "X"})
    directory.create_entry(sec, {"code": "ML-CA", "state": "ML", "authority_name": "Mali CA"})
    assert directory.approval_state(sec, "ML-CA") == ReviewState.UNREVIEWED
    with pytest.raises(ValidationError, match="already has an entry"):
        directory.create_entry(sec, {"code": "ML-CA", "state": "ML", "authority_name": "Y"})
    with pytest.raises(ApprovalError, match="not a version"):
        directory.approve_entry(sec, "ML-CA", "deadbeef0000")
    with pytest.raises(ApprovalError, match="nothing to review"):
        directory.approve_entry(sec, "XX-CA")


def test_editions_show_entries_as_approved_on_the_date(network) -> None:
    sn, gh, sec = network
    directory.propose_edit(sn, "SN-CA", {"state": "SN", "authority_name": "Old name"})
    _copy_into(sn, sec)
    directory.approve_entry(sec, "SN-CA", when="2026-01-10T09:00:00+00:00")
    directory.propose_edit(sn, "SN-CA", {"authority_name": "New name"})
    _copy_into(sn, sec)
    directory.approve_entry(sec, "SN-CA", when="2026-07-01T09:00:00+00:00")
    assert directory.entries_as_of(sec, "2025-12-31") == []
    names = [
        directory.entries_as_of(sec, day)[0]["authority_name"]
        for day in ("2026-01-10", "2026-06-30", "2026-07-01", "2027-01-01")
    ]
    assert names == ["Old name", "Old name", "New name", "New name"]
