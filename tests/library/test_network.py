"""Library records through the real server and real USB bundles: only the secretariat
may write them, and the approved versions reach every device."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.bundles import export_bundle, import_bundle
from client.library import (
    LibraryError,
    briefing_note,
    edit_note,
    find_bases,
    instrument,
    instruments,
    note_review,
    pending_items,
    put_event,
    seed_library,
)
from client.library.records import BOOK
from tests.sync.util import sync


def test_library_edit_by_a_non_secretariat_device_is_refused(server, make_device) -> None:
    officer, reader = make_device("SN"), make_device("GH")
    with pytest.raises(LibraryError):
        put_event(
            officer,
            {
                "instrument": "untoc",
                "state": "SN",
                "event": "withdrawal",
                "date": "2020-01-01",
                "source": "x",
                "verified": "yes",
            },
        )
    # A modified client writes the record anyway: the server refuses it.
    officer.create(
        "library",
        "party_event",
        {
            "instrument": "untoc",
            "state": "SN",
            "event": "withdrawal",
            "date": "2020-01-01",
            "source": "forged",
            "verified": "yes",
        },
        doc_id="event-forged",
    )
    report = sync(officer, server.url)
    assert report.refused
    sync(reader, server.url)
    assert not reader.exists("event-forged")


def test_approved_library_reaches_devices_by_network_and_usb(
    server, make_device, tmp_path: Path
) -> None:
    sec = make_device("WACAP", role="secretariat")
    by_network, by_usb = make_device("SN"), make_device("ML")
    seed_library(sec)
    # A draft the secretariat has not approved yet stays invisible to others.
    put_event(
        sec,
        {
            "instrument": "untoc",
            "state": "GH",
            "event": "party_as_of",
            "date": "2010-01-01",
            "source": "draft under review",
            "verified": "no",
        },
        doc_id="event-draft-gh",
    )
    assert not sync(sec, server.url).refused
    sync(by_network, server.url)
    bundle = export_bundle(sec, tmp_path / "sec.bundle")
    import_bundle(by_usb, bundle.path)
    for device in (by_network, by_usb):
        assert {i["code"] for i in instruments(device)} >= {"untoc", "uncac", "ecowas_mla_1992"}
        report = find_bases(device, "NG", "BJ", "2006-01-01", "trafficking_in_persons")
        assert [b.code for b in report.bases][0] == "untoc"
        # GH's draft is not relied on: UNTOC between Ghana and Nigeria is not established.
        gh = find_bases(device, "NG", "GH", "2015-01-01")
        assert "untoc" not in [b.code for b in gh.bases]
    # Once approved, the record reaches them too.
    BOOK.approve(sec, "event-draft-gh")
    sync(sec, server.url)
    sync(by_network, server.url)
    gh = find_bases(by_network, "NG", "GH", "2015-01-01")
    assert "untoc" in [b.code for b in gh.bases]


def test_an_authority_proposes_its_own_states_note_and_nothing_else(
    server, make_device, tmp_path: Path
) -> None:
    """An authority proposes its own State's briefing note; the real server and every
    device refuse its edits of another State's note or of an instrument; once the
    secretariat approves the proposal, a third authority sees it (network and USB)."""
    sec = make_device("WACAP", role="secretariat")
    senegal, ghana, mali = make_device("SN"), make_device("GH"), make_device("ML")
    seed_library(sec)
    sync(sec, server.url)
    for device in (senegal, ghana, mali):
        sync(device, server.url)
    approved_tips = briefing_note(mali, "SN")["tips"]

    # Senegal proposes an edit of its own note: accepted by the server, pending.
    edit_note(senegal, "SN", {"tips": "Send the request in French, by e-mail first."})
    assert not sync(senegal, server.url).refused
    assert briefing_note(senegal, "SN")["tips"].startswith("Send the request in French")
    assert briefing_note(senegal, "SN")["approved"] is False

    # Its client refuses another State's note; a modified client writes it anyway and the
    # server refuses it, as it refuses an edit of an instrument.
    with pytest.raises(LibraryError):
        edit_note(senegal, "GH", {"tips": "forged"})
    senegal.update("note-GH", {"tips": "forged by another State"})
    assert "may not write 'note-GH'" in " ".join(sync(senegal, server.url).refused)
    senegal.update("instr-untoc", {"title_en": "forged title"})
    assert "may not write 'instr-untoc'" in " ".join(sync(senegal, server.url).refused)
    for device in (ghana, mali):
        sync(device, server.url)
        assert briefing_note(device, "GH")["tips"] != "forged by another State"
        assert instrument(device, "untoc")["title_en"] != "forged title"
        # Until approved, the others see the approved version only.
        assert briefing_note(device, "SN")["tips"] == approved_tips

    # The secretariat sees the proposal in the approval book and approves it.
    sync(sec, server.url)
    assert "note-SN" in [r.doc_id for r in pending_items(sec)]
    assert note_review(sec, "SN").state.value == "proposed"
    BOOK.approve(sec, "note-SN")
    sync(sec, server.url)
    sync(mali, server.url)
    note = briefing_note(mali, "SN")
    assert note["tips"] == "Send the request in French, by e-mail first."
    assert note["written_by"] == "authority" and note["proposed_by"].startswith("SN-")
    assert note["approved"] is True
    # The secretariat's translation of the old tips is dropped, not shown as current.
    assert not any(k.startswith("tips@") for k in note["translations"])
    # By USB too, from the secretariat's device (tests/library/test_proposals_usb.py: the
    # receiving devices refuse forged edits carried by USB, as the server does).
    by_usb = make_device("BJ")
    import_bundle(by_usb, export_bundle(sec, tmp_path / "sec2.bundle").path)
    assert briefing_note(by_usb, "SN")["tips"] == "Send the request in French, by e-mail first."


def test_a_forged_note_under_an_own_id_is_refused_by_the_server(server, make_device) -> None:
    """A note whose State is not its id's, or another kind under a note id, is refused."""
    senegal, mali, reader = make_device("SN"), make_device("ML"), make_device("GH")
    senegal.create("library", "briefing_note", {"state": "GH", "tips": "forged"}, doc_id="note-SN")
    mali.create("library", "instrument", {"code": "forged"}, doc_id="note-ML")
    assert len(sync(senegal, server.url).refused) == 1
    assert len(sync(mali, server.url).refused) == 1
    sync(reader, server.url)
    # (The server outlives the test: an earlier test may have seeded the genuine notes.)
    for doc_id in ("note-SN", "note-ML"):
        if reader.exists(doc_id):
            assert reader.kind_of(doc_id) == "briefing_note"
            assert reader.read(doc_id).get("tips") != "forged"
