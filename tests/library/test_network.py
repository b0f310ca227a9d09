"""Library records through the real server and real USB bundles: only the secretariat
may write them, and the approved versions reach every device."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.bundles import export_bundle, import_bundle
from client.library import (
    LibraryError,
    find_bases,
    instruments,
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
