"""No server at all: USB bundles carry Nigeria's request to Senegal through a third authority's
office, which can read nothing; re-delivery changes nothing; a tampered or truncated package
is refused whole; a package sealed to a key that has since rotated still opens."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from bundles.conftest import Network

from client.bundles import export_bundle, import_bundle
from client.cases import get_case
from client.exchange import (
    accept,
    case_attachments,
    make_exchange_key,
    read_attachment,
    send_message,
    thread_items,
    transmit,
)
from client.exchange.envelopes import write_envelope
from client.store import Store
from client.sync import sync_status
from shared.access import exchange_space
from shared.exchange import Envelope, part_fields, split_parts
from tests.crypto.helpers import leaks

from .net import SECRETS, Pair, annex_file, approve_all, publish_entry, ready_request

_names = itertools.count()
RESULT = "STATEMENT of account 0042 held by Obinna Chukwuemeka-Adeyemi, January to March"


def carry(source: Store, target: Store, tmp_path: Path) -> Path:
    """One stick from `source` to `target`: every group the source holds."""
    bundle = export_bundle(source, tmp_path / f"stick{next(_names)}.entraide").path
    import_bundle(target, bundle)
    return bundle


def files_of(store: Store) -> bytes:
    return b"".join(
        p.read_bytes() for p in store.path.parent.iterdir() if p.name.startswith(store.path.name)
    )


@pytest.fixture
def offline(network: Network, tmp_path: Path) -> tuple[Pair, Store]:
    ng, sn = network.enroll("ng", "NG-CAU"), network.enroll("sn", "SN-CA")
    gh = network.enroll("gh", "GH-CA")  # the third office the sticks go through
    sec = network.enroll("sec", "WACAP", "secretariat")
    for store in (ng, sn, gh):
        network.share_keys(store)
    publish_entry(ng, "NG", "Central Authority Unit, Abuja")
    publish_entry(sn, "SN", "Direction des affaires criminelles et des grâces")
    carry(ng, sec, tmp_path)
    carry(sn, sec, tmp_path)
    approve_all(sec, "NG-CAU", "SN-CA")
    for store in (ng, sn, gh):
        carry(sec, store, tmp_path)
    return Pair(ng, sn, sec), gh


def test_round_trip_relayed_by_a_third_office_that_reads_nothing(
    offline: tuple[Pair, Store], tmp_path: Path
) -> None:
    pair, gh = offline
    case_id = ready_request(pair, tmp_path)
    transmit(pair.ng, case_id, with_pdf=False)

    to_gh = carry(pair.ng, gh, tmp_path)
    assert gh.doc_ids("package") == [] and gh.doc_ids("case") == []  # kept only to forward
    to_sn = carry(gh, pair.sn, tmp_path)
    [incoming] = pair.sn.doc_ids("case")
    case = get_case(pair.sn, incoming)
    assert (case["status"], case["their_ref"]) == ("received", SECRETS["reference"])
    annex = {a.name: a for a in case_attachments(pair.sn, incoming)}["ledger.txt"]
    assert read_attachment(pair.sn, annex.sha256) == annex_file(tmp_path).read_bytes()

    # The same bundle again, and the package again through another stick: nothing new.
    assert import_bundle(pair.sn, to_sn).exchange.cases == []
    assert carry(pair.ng, pair.sn, tmp_path) and pair.sn.doc_ids("case") == [incoming]

    send_message(pair.sn, incoming, "ack")
    send_message(pair.sn, incoming, "status", "in_execution", "Witness summoned for 3 March")
    back = carry(pair.sn, gh, tmp_path)
    report = import_bundle(pair.ng, export_bundle(gh, tmp_path / "gh-ng.entraide").path)
    assert report.exchange.messages == 2
    items = thread_items(pair.ng, case_id)
    assert [(i.type, i.status, i.proposal) for i in items] == [
        ("request", "", ""),
        ("ack", "acknowledged", "pending"),
        ("status", "in_execution", "pending"),
    ]
    accept(pair.ng, case_id, items[1].envelope_id)
    accept(pair.ng, case_id, items[2].envelope_id)
    assert get_case(pair.ng, case_id)["status"] == "in_execution"

    # A question and a partial execution with its result file, by the same road.
    result = tmp_path / "result.txt"
    result.write_text(RESULT, encoding="utf-8")
    send_message(pair.sn, incoming, "info_request", text="Which account numbers?")
    send_message(pair.sn, incoming, "execution", execution="partial", files=[result])
    results = carry(pair.sn, gh, tmp_path)
    report = import_bundle(pair.ng, export_bundle(gh, tmp_path / "gh-ng-2.entraide").path)
    assert report.exchange.messages == 2 and report.exchange.refused == []
    asked, executed = thread_items(pair.ng, case_id)[-2:]
    assert (asked.type, executed.type, executed.status) == (
        "info_request",
        "execution",
        "partially_executed",
    )
    got = {a.name: a.sha256 for a in case_attachments(pair.ng, case_id)}
    assert read_attachment(pair.ng, got["result.txt"]) == result.read_bytes()
    accept(pair.ng, case_id, executed.envelope_id)
    assert get_case(pair.ng, case_id)["status"] == "partially_executed"

    # The carrier: holds the groups, reads nothing; nor do the sticks.
    secrets = [*SECRETS.values(), RESULT]
    for what, data in [
        ("third office's store", files_of(gh)),
        ("stick to the third office", to_gh.read_bytes()),
        ("stick to Senegal", to_sn.read_bytes()),
        ("stick back", back.read_bytes()),
        ("stick with the results", results.read_bytes()),
    ]:
        assert leaks(data, secrets) == [], f"plaintext in the {what}"
    assert leaks(files_of(pair.sn), [SECRETS["annex"], SECRETS["suspect"]])  # the search works


def _tampered(envelope: Envelope) -> Envelope:
    sealed = bytearray(envelope.sealed)
    sealed[40] ^= 1
    return dataclasses.replace(envelope, sealed=bytes(sealed))


def _sent_envelope(pair: Pair) -> Envelope:
    """The envelope Nigeria just transmitted, read back from its parts."""
    from client.exchange.envelopes import arrived_envelopes

    [item] = [a for a in arrived_envelopes(pair.ng, set()) if a.kind == "package"]
    assert item.data is not None
    return Envelope.from_bytes(item.data)


def test_tampered_and_truncated_packages_are_refused_whole(
    offline: tuple[Pair, Store], tmp_path: Path
) -> None:
    pair, _gh = offline
    transmit(pair.ng, ready_request(pair, tmp_path), with_pdf=False)
    good = _sent_envelope(pair)
    space = exchange_space("NG-CAU", "SN-CA")
    # A device of Nigeria (a bug, or a thief with a revoked key's replacement) writes a
    # package whose sealed bytes were altered after signing ...
    tampered = _tampered(good)
    with pair.ng.write():
        write_envelope(pair.ng, tampered, space)
        # ... and one whose last part lost its tail.
        parts = split_parts(dataclasses.replace(good, device="x" + good.device).to_bytes())
        for part in parts:
            data = part.data[:-100] if part.index == part.count - 1 else part.data
            fields = part_fields(dataclasses.replace(part, data=data))
            pair.ng.create(space, "package", fields, doc_id=f"t{part.envelope}-{part.index}")
    report = import_bundle(pair.sn, export_bundle(pair.ng, tmp_path / "t.entraide").path)
    assert len(report.exchange.cases) == 1  # the honest package
    refused = sorted(report.exchange.refused)
    assert len(refused) == 2
    assert any("does not verify" in r for r in refused)
    assert any("altered or truncated" in r for r in refused)
    assert len(pair.sn.doc_ids("case")) == 1  # nothing of the refused ones
    shown = sync_status(pair.sn).exchange_refused
    assert len(shown) == 2 and all(line.startswith("NG-CAU ") for line in shown)


def test_a_package_sealed_to_a_rotated_key_still_opens(
    offline: tuple[Pair, Store], tmp_path: Path
) -> None:
    pair, _gh = offline
    old = make_exchange_key(pair.sn)
    case_id = ready_request(pair, tmp_path)
    transmit(pair.ng, case_id, with_pdf=False)  # sealed to Senegal's first key
    fresh = make_exchange_key(pair.sn, rotate=True)
    assert fresh.key_id != old.key_id and fresh.generation == 2
    carry(pair.sn, pair.sec, tmp_path)
    approve_all(pair.sec, "SN-CA")
    carry(pair.sec, pair.ng, tmp_path)
    carry(pair.sec, pair.sn, tmp_path)
    report = import_bundle(pair.sn, export_bundle(pair.ng, tmp_path / "p.entraide").path)
    assert len(report.exchange.cases) == 1
    # The thread goes on under the new key; Nigeria's own rotation, not approved yet, does
    # not strand what it sends (it signs with the pair its approved entry publishes).
    make_exchange_key(pair.ng, rotate=True)
    second = ready_request(pair, tmp_path)
    transmit(pair.ng, second, with_pdf=False)
    assert (
        len(
            import_bundle(
                pair.sn, export_bundle(pair.ng, tmp_path / "q.entraide").path
            ).exchange.cases
        )
        == 1
    )
    send_message(pair.sn, report.exchange.cases[0], "ack")
    assert (
        import_bundle(
            pair.ng, export_bundle(pair.sn, tmp_path / "a.entraide").path
        ).exchange.messages
        == 1
    )
    assert [i.type for i in thread_items(pair.ng, case_id)] == ["request", "ack"]
