"""Through a real server: one incoming case shared by two Senegalese devices, then every
typed message of the thread both ways (questions, consultation, partial execution with a
result file, refusal and postponement with grounds), receipts, the advance-copy mark and
the reminder of an unanswered request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from serverproc import ServerProcess

from client.bundles import export_bundle, import_bundle
from client.cases import get_case, update_case
from client.directory import propose_edit
from client.exchange import (
    ExchangeError,
    MessageError,
    accept,
    case_attachments,
    incoming_case_id,
    mark_read,
    published_key,
    read_attachment,
    reminders,
    revoke_exchange_key,
    send_message,
    set_reminder_days,
    thread_items,
    transmit,
)
from client.exchange.attachments import MAX_ATTACHMENT
from client.exchange.log import envelopes
from client.store import Store
from client.sync.transport import SyncError

from .net import Pair, approve_all, authority_of, publish_entry, ready_request, sync


@pytest.fixture
def trio(make_device) -> tuple[Pair, Store]:
    """Nigeria, Senegal (two devices, the second made once the exchange key exists) and the
    secretariat; Senegal's approved entry says the original must follow by the formal channel."""
    ng, sn = make_device("NG"), make_device("SN")
    sec = make_device("WACAP", role="secretariat")
    publish_entry(ng, "NG", "Central Authority Unit, Abuja")
    publish_entry(sn, "SN", "Direction des affaires criminelles et des grâces")
    propose_edit(sn, authority_of(sn), {"original_required": "yes"})
    sn2 = make_device("SN")  # shares Senegal's keyset, exchange key included
    for store in (ng, sn, sec):
        sync(store)
    pair = Pair(ng, sn, sec)
    approve_all(sec, pair.ng_code, pair.sn_code)
    for store in (sec, ng, sn, sn2):
        sync(store)
    return pair, sn2


def test_two_devices_open_one_case_and_the_thread_flows_back(
    trio: tuple[Pair, Store], server: ServerProcess, tmp_path: Path
) -> None:
    pair, sn2 = trio
    case_id = ready_request(pair, tmp_path)
    sent = transmit(pair.ng, case_id, with_pdf=False)
    assert sent.original_required  # Nigeria is told the original must follow
    assert get_case(pair.ng, case_id)["exchange_thread"] == sent.thread
    sync(pair.ng)

    # Both Senegalese devices open the package before seeing each other's case.
    first, second = sync(pair.sn), sync(sn2)
    incoming = incoming_case_id(sent.thread)
    assert first.exchange.cases == [incoming] and second.exchange.cases == [incoming]
    for store in (pair.sn, sn2, pair.sn, sn2):
        sync(store)
    for store in (pair.sn, sn2):
        assert store.doc_ids("case") == [incoming]  # one case, merged, on both devices
        case = get_case(store, incoming)
        assert case["exchange_thread"] == sent.thread and case["exchange_peer"] == pair.ng_code
        assert case["advance_copy"] == "original_to_follow"
        assert case["status"] == "received"
    update_case(sn2, incoming, {"assigned_officer": "A. Diop"})
    sync(sn2)
    sync(pair.sn)
    assert get_case(pair.sn, incoming)["assigned_officer"] == "A. Diop"

    # Nigeria: delivery receipts came back; the request is marked as an advance copy.
    sync(pair.ng)
    (request,) = thread_items(pair.ng, case_id)
    assert request.type == "request" and request.delivered_at and not request.read_at
    assert request.advance_copy and request.files == ("ledger.txt",)

    # Senegal asks for further information; Nigeria answers with a file; Senegal consults.
    send_message(pair.sn, incoming, "info_request", text="Give the witness's address in Dakar")
    sync(pair.sn)
    sync(pair.ng)
    asked = thread_items(pair.ng, case_id)[-1]
    assert (asked.direction, asked.type, asked.proposal) == ("in", "info_request", "")
    assert mark_read(pair.ng, case_id) == 1 and mark_read(pair.ng, case_id) == 0
    address = tmp_path / "address.txt"
    address.write_text("Rue 10, Medina, Dakar", encoding="utf-8")
    send_message(pair.ng, case_id, "info", text="Address attached", files=[address])
    sync(pair.ng)
    sync(pair.sn)
    items = thread_items(pair.sn, incoming)
    assert items[1].type == "info_request" and items[1].delivered_at and items[1].read_at
    assert items[2].files == ("address.txt",)
    names = {a.name: a.sha256 for a in case_attachments(pair.sn, incoming)}
    assert read_attachment(pair.sn, names["address.txt"]) == address.read_bytes()

    send_message(pair.sn, incoming, "consultation", text="Could a hearing by video suit you?")
    # Partial execution with a result file; Nigeria's case follows only once confirmed.
    minutes = tmp_path / "hearing-minutes.txt"
    minutes.write_text("Minutes of the hearing of the witness, 3 March", encoding="utf-8")
    send_message(
        pair.sn, incoming, "execution", execution="partial", text="Witness heard", files=[minutes]
    )
    sync(pair.sn)
    got = sync(pair.ng)
    assert got.exchange.messages == 2 and got.exchange.refused == []
    consult, execution = thread_items(pair.ng, case_id)[-2:]
    assert consult.type == "consultation" and consult.proposal == ""
    assert (execution.type, execution.execution, execution.status, execution.proposal) == (
        "execution",
        "partial",
        "partially_executed",
        "pending",
    )
    assert get_case(pair.ng, case_id)["status"] == "sent"
    result = {a.name: a.sha256 for a in case_attachments(pair.ng, case_id)}
    assert read_attachment(pair.ng, result["hearing-minutes.txt"]) == minutes.read_bytes()
    assert accept(pair.ng, case_id, execution.envelope_id) == "partially_executed"
    assert get_case(pair.ng, case_id)["status"] == "partially_executed"


def test_refusal_and_postponement_carry_their_grounds(
    trio: tuple[Pair, Store], server: ServerProcess, tmp_path: Path
) -> None:
    pair, _sn2 = trio
    case_id = ready_request(pair, tmp_path)
    sent = transmit(pair.ng, case_id, with_pdf=False)
    sync(pair.ng)
    sync(pair.sn)
    incoming = incoming_case_id(sent.thread)

    # Bad replies are refused in one sentence, and nothing is sent.
    before = len(envelopes(pair.sn))
    with pytest.raises(MessageError, match="grounds"):
        send_message(pair.sn, incoming, "refusal", text="No")
    with pytest.raises(MessageError, match="not one of"):
        send_message(pair.sn, incoming, "refusal", grounds=["because"])
    with pytest.raises(MessageError, match="grounds"):
        send_message(pair.sn, incoming, "postponement", grounds=["essential_interests"])
    with pytest.raises(MessageError, match="text"):
        send_message(pair.sn, incoming, "info_request")
    big = tmp_path / "scan.tiff"
    with big.open("wb") as out:
        out.truncate(MAX_ATTACHMENT + 1)
    with pytest.raises(ExchangeError, match="at most 20 MiB"):
        send_message(pair.sn, incoming, "execution", execution="full", files=[big])
    assert len(envelopes(pair.sn)) == before and len(case_attachments(pair.sn, incoming)) == 2

    send_message(
        pair.sn, incoming, "postponement", grounds=["ongoing_proceedings"], text="Until June"
    )
    send_message(
        pair.sn,
        incoming,
        "refusal",
        grounds=["essential_interests", "domestic_law_prohibits"],
        text="See the attached decision",
    )
    sync(pair.sn)
    sync(pair.ng)
    postponed, refused = thread_items(pair.ng, case_id)[-2:]
    assert postponed.grounds == ("ongoing_proceedings",) and postponed.proposal == ""
    assert refused.grounds == ("essential_interests", "domestic_law_prohibits")
    assert refused.status == "refused" and refused.proposal == "pending"
    accept(pair.ng, case_id, refused.envelope_id[:8])
    case = get_case(pair.ng, case_id)
    assert case["status"] == "refused"
    assert sorted(case["refusal_grounds"]) == ["domestic_law_prohibits", "essential_interests"]


def test_a_request_left_unanswered_is_reminded(
    trio: tuple[Pair, Store], server: ServerProcess, tmp_path: Path, make_device
) -> None:
    pair, _sn2 = trio
    ng2 = make_device("NG")  # another Nigerian device: it did not transmit
    case_id = ready_request(pair, tmp_path)
    transmit(pair.ng, case_id, with_pdf=False)
    sync(pair.ng)
    sync(ng2)
    today = dt.date.today()
    # The other device finds the thread from the case, and reminds too.
    assert [i.type for i in thread_items(ng2, case_id)] == ["request"]
    assert [r.case_id for r in reminders(ng2, today + dt.timedelta(days=14))] == [case_id]
    assert reminders(pair.ng, today + dt.timedelta(days=13)) == []
    (due,) = reminders(pair.ng, today + dt.timedelta(days=14))
    assert (due.case_id, due.peer, due.days, due.delivered) == (case_id, pair.sn_code, 14, False)
    set_reminder_days(pair.ng, 30)
    assert reminders(pair.ng, today + dt.timedelta(days=14)) == []
    with pytest.raises(ExchangeError):
        set_reminder_days(pair.ng, 0)

    sync(pair.sn)  # delivered: still due, but known to have arrived
    sync(pair.ng)
    (due,) = reminders(pair.ng, today + dt.timedelta(days=40))
    assert due.delivered
    incoming = incoming_case_id(due.thread)
    send_message(pair.sn, incoming, "ack")
    sync(pair.sn)
    sync(pair.ng)
    assert reminders(pair.ng, today + dt.timedelta(days=40)) == []
    sync(ng2)  # the acknowledgement reaches every Nigerian device
    assert reminders(ng2, today + dt.timedelta(days=40)) == []
    assert [i.type for i in thread_items(ng2, case_id)] == ["request", "ack"]


def test_envelopes_signed_with_a_revoked_key_are_refused(
    trio: tuple[Pair, Store], server: ServerProcess, tmp_path: Path
) -> None:
    pair, _sn2 = trio
    before = transmit(pair.ng, ready_request(pair, tmp_path), with_pdf=False)
    sync(pair.ng)
    assert sync(pair.sn).exchange.cases == [incoming_case_id(before.thread)]
    old_key = published_key(pair.ng, pair.ng_code).key_id

    # Signed with the old key, then the key is revoked before Senegal opens it.
    late = transmit(pair.ng, ready_request(pair, tmp_path), with_pdf=False)
    new = revoke_exchange_key(pair.ng, old_key)
    assert new.key_id != old_key
    with pytest.raises(ExchangeError, match="not one of"):
        revoke_exchange_key(pair.ng, "0" * 16)
    sync(pair.ng)
    sync(pair.sec)
    approve_all(pair.sec, pair.ng_code)
    sync(pair.sec)
    got = sync(pair.sn)
    assert got.exchange.cases == [] and len(got.exchange.refused) == 1
    assert "revoked" in got.exchange.refused[0]
    assert not pair.sn.exists(incoming_case_id(late.thread))
    assert pair.sn.exists(incoming_case_id(before.thread))  # opened before: kept

    # Signed with the new key, a request goes through.
    sync(pair.ng)
    after = transmit(pair.ng, ready_request(pair, tmp_path), with_pdf=False)
    sync(pair.ng)
    assert sync(pair.sn).exchange.cases == [incoming_case_id(after.thread)]


def test_a_revoked_device_cannot_send(
    trio: tuple[Pair, Store], server: ServerProcess, tmp_path: Path, make_device, revoke
) -> None:
    pair, _sn2 = trio
    ng2 = make_device("NG")  # a second Nigerian device, with the exchange key
    sync(ng2)
    revoke(ng2)
    case_id = ready_request(Pair(ng2, pair.sn, pair.sec), tmp_path)
    sent = transmit(ng2, case_id, with_pdf=False)  # signs and seals fine, locally
    with pytest.raises(SyncError, match="revoked"):  # the server refuses it
        sync(ng2)
    # By hand, on a stick: Senegal knows of the revocation and refuses its groups.
    sync(pair.sn)
    imported = import_bundle(pair.sn, export_bundle(ng2, tmp_path / "ng2.entraide").path)
    assert imported.revoked > 0
    assert imported.exchange.cases == [] and sync(pair.sn).exchange.cases == []
    assert not pair.sn.exists(incoming_case_id(sent.thread))
    assert [d for d in pair.sn.doc_ids("package") if sent.thread in d] == []
    # The authority's other device still sends.
    sync(pair.ng)
    other = transmit(pair.ng, ready_request(pair, tmp_path), with_pdf=False)
    sync(pair.ng)
    assert sync(pair.sn).exchange.cases == [incoming_case_id(other.thread)]
