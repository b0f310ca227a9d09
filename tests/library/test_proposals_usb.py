"""Briefing-note proposals carried by USB only: every receiving device applies the same
rule as the server (shared.policy), so an authority's edit of another State's note or of
an instrument is refused on import, and its own-State proposal waits for approval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bundles.conftest import Network

from client.bundles import BundleError, export_bundle, import_bundle
from client.library import (
    BOOK,
    briefing_note,
    edit_note,
    instrument,
    note_review,
    seed_library,
)
from client.library.briefing import build_note
from client.library.briefing_render import render_markdown
from client.store import Store

TIPS = "Écrire en français ; envoyer d'abord par courriel."


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    net = Network(tmp_path)
    yield net
    for store in net.stores:
        store.close()


def _carry(source: Store, target: Store, path: Path) -> list[str]:
    return import_bundle(target, export_bundle(source, path).path).rejected


def test_usb_proposals_follow_the_same_rule_as_the_server(network, tmp_path: Path) -> None:
    sec = network.enroll("sec", "WACAP", role="secretariat")
    senegal, ghana = network.enroll("sn", "SN-CA"), network.enroll("gh", "GH-CA")
    forger, mali = network.enroll("sn2", "SN-CA"), network.enroll("ml", "ML-CA")
    seed_library(sec)
    for device in (senegal, ghana, forger, mali):
        assert _carry(sec, device, tmp_path / f"to-{device.path.stem}.bundle") == []
    old_tips = briefing_note(ghana, "SN")["tips"]
    old_gh, old_ml = briefing_note(ghana, "GH")["tips"], briefing_note(ghana, "ML")["tips"]

    # The own State's proposal travels, and is not relied on before approval.
    edit_note(senegal, "SN", {"tips": TIPS, "measures": {"freezing": "Décision du juge."}})
    assert _carry(senegal, ghana, tmp_path / "sn.bundle") == []
    assert briefing_note(ghana, "SN")["tips"] == old_tips

    # Another State's note, or an instrument: the whole stick is refused, as an
    # envelope its author may not write (shared.access.may_write).
    forger.update("note-GH", {"tips": "forged by another State"})
    with pytest.raises(BundleError, match="may not write 'note-GH'"):
        _carry(forger, ghana, tmp_path / "forged.bundle")
    other = network.enroll("sn3", "SN-CA")
    _carry(sec, other, tmp_path / "to-sn3.bundle")
    other.update("instr-untoc", {"title_en": "forged title"})
    with pytest.raises(BundleError, match="may not write 'instr-untoc'"):
        _carry(other, ghana, tmp_path / "forged2.bundle")
    # Its own note's id, naming another State: that change alone is set aside.
    mali.update("note-ML", {"state": "GH", "tips": "forged"})
    assert len(_carry(mali, ghana, tmp_path / "ml.bundle")) == 1
    assert {doc for _h, doc, _a in ghana.quarantined()} == {"note-ML"}
    assert briefing_note(ghana, "GH")["tips"] == old_gh
    assert briefing_note(ghana, "ML")["tips"] == old_ml
    assert instrument(ghana, "untoc")["title_en"] != "forged title"

    _carry(senegal, sec, tmp_path / "sn-to-sec.bundle")
    assert note_review(sec, "SN").state.value == "proposed"
    BOOK.approve(sec, "note-SN")
    _carry(sec, ghana, tmp_path / "approved.bundle")
    note = briefing_note(ghana, "SN")
    assert note["tips"] == TIPS and note["approved"] is True
    assert note["measures"]["freezing"] == "Décision du juge."
    # Measures the proposal did not touch are kept.
    assert len(note["measures"]) > 1
    # The note says who wrote it, in each language.
    for lang, words in (
        ("en", "Written by the central authority itself (SN-CA)"),
        ("fr", "Rédigée par l'autorité centrale elle-même (SN-CA)"),
    ):
        text = render_markdown(build_note(ghana, "SN", lang))
        assert words in text and TIPS in text
