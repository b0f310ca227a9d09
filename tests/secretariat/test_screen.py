"""The secretariat's screen in the real app under Pilot: the queue with its diff, approve,
reject with a reason, export an edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from tui.conftest import screen_text, wait_for

from client.directory import approval_state, propose_edit, review
from client.store import Store
from client.tui.app import EntraideApp
from shared import i18n
from shared.i18n.labels import OFFENCE_CATEGORY


async def _open(pilot) -> None:  # noqa: ANN001
    pilot.app.action_section("directory")
    await pilot.pause()
    await pilot.press("s")
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SecretariatScreen")


async def test_queue_shows_the_diff_and_approves_the_version_shown(
    app: EntraideApp, sample: Store
) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(pilot)
        text = screen_text(app)
        assert "SN-CA" in text and "Office hours" in text and "08:00-16:00" in text
        propose_edit(sample, "SN-CA", {"phones": "+221 9"})  # arrives while the screen is open
        await wait_for(pilot, lambda: "+221 9" in screen_text(app))  # the queue follows
        shown = review(sample, "SN-CA").version
        assert shown in screen_text(app)  # the version the secretariat is looking at
        await pilot.press("a")
        await wait_for(pilot, lambda: "No proposal awaits review." in screen_text(app))
        assert review(sample, "SN-CA").approved_version == shown
        assert approval_state(sample, "SN-CA").value == "approved"


@pytest.mark.parametrize("role", ["officer", "secretariat"])
async def test_only_a_reviewing_device_has_the_secretariat_key(
    app: EntraideApp, sample: Store, role: str
) -> None:
    """The review is the secretariat's (and a never-enrolled store's, `may_review`): an
    authority's enrolled device neither shows the key nor opens the screen."""
    sample.set_meta("role", role)
    async with app.run_test(size=(100, 32)) as pilot:
        app.action_section("directory")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "My authority" in footer
        assert ("s Secretariat" in footer) == (role == "secretariat")
        await pilot.press("s")
        await pilot.pause()
        opened = type(app.screen).__name__ == "SecretariatScreen"
        assert opened == (role == "secretariat")


async def test_reject_with_a_reason(app: EntraideApp, sample: Store) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(pilot)
        await pilot.press("j")
        await wait_for(pilot, lambda: "Why?" in screen_text(app))
        await pilot.press("enter")  # empty: refused
        await wait_for(pilot, lambda: "Required." in screen_text(app))
        await pilot.press(*"Give the time zone")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "No proposal awaits review." in screen_text(app))
        assert review(sample, "SN-CA").reason == "Give the time zone"


async def test_export_an_edition_in_french(app: EntraideApp, sample: Store, tmp_path: Path) -> None:
    i18n.set_language("fr")
    target = tmp_path / "edition.docx"
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(pilot)
        assert "Heures d'ouverture" in screen_text(app)
        await pilot.press("e")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "EditionDialog")
        app.screen.query_one("#path").value = str(target)
        app.screen.query_one("#as-of").value = "2099-01-01"  # approvals were made today
        await pilot.press("ctrl+s")
        await wait_for(pilot, target.exists)
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Répertoire des autorités nationales compétentes" in text and "Sénégal" in text


async def test_network_statistics_screen_plots_by_category(app: EntraideApp, sample: Store) -> None:
    from client.cases import create_case

    sample.set_meta("authority", "SN-CA")
    for day, category in ((10, "corruption"), (11, "fraud"), (12, "corruption")):
        create_case(
            sample,
            {
                "direction": "incoming",
                "kind": "mla",
                "requesting_state": "NG",
                "date_received": f"2026-08-{day}",
                "offence_categories": [category],
                "legal_basis_category": "untoc",
            },
        )
    async with app.run_test(size=(120, 36)) as pilot:
        pilot.app.action_section("stats")
        await pilot.pause()
        await pilot.press("n")
        await wait_for(pilot, lambda: "UNTOC: 100 %" in screen_text(app))
        assert "Requests: 3" in screen_text(app)
        app.screen.query_one("#view").value = "offence"
        await wait_for(pilot, lambda: "Corruption" in screen_text(app))
        assert not re.search(r"\d\.\d", screen_text(app))  # whole-number ticks: 0 1 2
        await pilot.click("#period")
        await pilot.press(*"2025", "enter")
        await wait_for(pilot, lambda: "Requests: 0" in screen_text(app))
        await pilot.press("ctrl+a", *"2026-Q9", "enter")  # not a period: a message, no crash
        await pilot.pause()
        assert type(app.screen).__name__ == "NetworkStatsScreen"


async def test_case_form_fills_the_statistics_categories(app: EntraideApp, sample: Store) -> None:
    from textual.widgets import Select, SelectionList

    from client.cases import get_case
    from client.tui.screens.case_form import CaseFormScreen
    from client.tui.widgets.forms import FormField

    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(CaseFormScreen("case0002"))
        await pilot.pause()
        offences = app.screen.query_one("#field-offence_categories", FormField)
        assert isinstance(offences.widget, SelectionList)
        offences.widget.select("corruption")
        basis = app.screen.query_one("#field-legal_basis_category", FormField)
        assert isinstance(basis.widget, Select)
        basis.widget.value = "uncac"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: get_case(sample, "case0002")["legal_basis_category"] == "uncac"
        )
    assert get_case(sample, "case0002")["offence_categories"] == ["corruption"]


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
async def test_secretariat_screens_fit_80_columns(
    app: EntraideApp, sample: Store, lang: str
) -> None:
    """At 80x24 in each language: the Sync screen names the monitor's key, the queue's
    footer keeps its last key (F1 help), the
    statistics' breakdown list is drawn beside the period, category names are not cut."""
    from client.cases import create_case

    sample.set_meta("authority", "SN-CA")
    sample.set_meta("role", "secretariat")  # the Sync screen then names the monitor's key
    create_case(
        sample,
        {
            "direction": "incoming",
            "kind": "mla",
            "date_received": "2026-08-10",
            "offence_categories": ["trafficking_in_persons"],
        },
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await app.set_language(lang)
        pilot.app.action_section("sync")  # loads the Sync screen's stylesheet (app-wide)
        await pilot.pause()
        hint = i18n._("M opens the sync monitor: when each office last synced.")
        assert hint in " ".join(screen_text(app).split())  # wrapped at 80 columns
        await _open(pilot)
        assert app.screen.query_one("#pending").region.height > 6  # not the Sync screen's cap
        footer = screen_text(app).splitlines()[-1]
        assert f"f1 {i18n._('Help')}" in footer, footer
        await pilot.press("escape")
        pilot.app.action_section("stats")
        await pilot.pause()
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NetworkStatsScreen")
        assert app.screen.query_one("#view").region.width >= 20  # was 1 column wide
        assert app.screen.query_one("#period").region.width >= 20
        app.screen.query_one("#view").value = "offence"
        name = i18n._(OFFENCE_CATEGORY["trafficking_in_persons"])
        await wait_for(pilot, lambda: f" {name} " in screen_text(app))
        assert f" {i18n._('Offence categories')} " in screen_text(app)


async def test_the_monitor_says_when_the_server_cannot_be_asked(
    app: EntraideApp, sample: Store
) -> None:
    """Offline, the monitor shows why in one line; the app goes on (it used to stop)."""
    sample.set_meta("role", "secretariat")
    sample.set_meta("server_url", "http://127.0.0.1:9")  # nothing listens there
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_section("sync")
        await pilot.pause()
        await pilot.press("m")
        reason = i18n._("The server could not be asked: {reason}").split("{")[0]
        await wait_for(pilot, lambda: reason in screen_text(app))
        assert type(app.screen).__name__ == "SyncMonitorScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "SyncScreen"
