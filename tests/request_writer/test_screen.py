"""The request writer screen under Pilot, in the real app: live findings, saving, errors, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from client.cases import create_case, get_case
from client.tui.app import make_app
from client.tui.screens.request_writer import RequestWriterScreen
from client.tui.settings import TuiSettings
from client.tui.widgets.forms import FormField
from shared import i18n

from .data import SN_ENTRY, add_entry


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """A screen in French must not leave the domain messages of later tests in French."""
    yield
    i18n.set_language("en")


async def test_wizard_checks_live_saves_and_exports(store: Any, tmp_path: Path) -> None:
    add_entry(store, SN_ENTRY)
    case_id = create_case(
        store,
        {
            "direction": "outgoing",
            "kind": "mla",
            "requesting_state": "NG",
            "requested_state": "SN",
            "assistance_types": ["bank_records"],
        },
    )
    app = make_app(store, TuiSettings(auto_sync=False, data_dir=tmp_path, language="en"))
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(RequestWriterScreen(case_id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RequestWriterScreen)
        ids = {f.rule_id for f in screen.findings}
        assert {"mla.requesting-authority", "bank.accounts"} <= ids
        # Only the chosen type's particulars are shown.
        assert screen.query_one("#group-bank_records").display
        assert not screen.query_one("#group-search_and_seizure").display

        # Typing fixes a finding, live, before saving.
        screen.query_one("#field-requesting_authority", FormField).widget.focus()
        await pilot.press(*"Federal Ministry of Justice")
        await pilot.pause(0.4)
        assert "mla.requesting-authority" not in {f.rule_id for f in screen.findings}
        panel = str(screen.query_one("#findings").render())
        assert "UNTOC art. 18(3)(f)" in panel and "Give the account numbers" in panel

        # A bad date is explained next to its field, and nothing is saved.
        screen.query_one("#field-deadline", FormField).widget.value = "31/13/2025"  # no 13th month
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "YYYY-MM-DD" in str(screen.query_one("#field-deadline .field-error").render())
        assert get_case(store, case_id)["requesting_authority"] == ""

        screen.query_one("#field-deadline", FormField).widget.value = "2025-12-31"
        screen.query_one("#field-p-account_numbers", FormField).widget.value = "SN012 0001"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = get_case(store, case_id)
        assert saved["requesting_authority"] == "Federal Ministry of Justice"
        assert saved["deadline"] == "2025-12-31"
        assert saved["particulars"]["account_numbers"] == "SN012 0001"
        assert "deadline-reason" in {f.rule_id for f in screen.findings}

        # Preview and export to the typed path, in the requested state's language.
        screen.action_step(10)
        await pilot.pause()
        out = tmp_path / "export" / "demande.docx"
        out.parent.mkdir()
        screen.query_one("#export-path").value = str(out)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert out.exists()
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        assert "DEMANDE D'ENTRAIDE JUDICIAIRE" in text and "SN012 0001" in text
        assert [r["file"] for r in get_case(store, case_id)["renders"].values()] == [
            str(out.resolve())
        ]
        # The path is shown (open folder, copy path); a second export keeps the first file.
        assert type(app.screen).__name__ == "ExportDoneDialog"
        title = str(app.screen.query_one(".dialog-title").render())
        assert out.name not in title  # the path is shown once, under the title
        await pilot.press("escape")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert (out.parent / "demande (2).docx").exists()
        await pilot.press("escape")
        await pilot.pause()

        # An unwritable path is shown under the path, never a crash.
        screen.query_one("#export-path").value = str(tmp_path / "no-such-dir" / "x.docx")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert "no-such-dir does not exist" in str(screen.query_one("#export-error").render())
        assert app.screen is screen


async def test_wizard_marks_overrides_and_unverified_sources_and_offers_arabic(
    store: Any, tmp_path: Path
) -> None:
    from textual.widgets import Select

    from client.requests.gate import record_override
    from client.tui.widgets.forms import FormField as Field

    from .data import extradition
    from .test_second_round import MR_ENTRY

    add_entry(store, MR_ENTRY)
    case = extradition().case
    case.update(requested_state="MR", assistance_types=[])
    del case["particulars"]["limitation"]
    case_id = create_case(store, case)
    record_override(store, case_id, "Limitation shown in the annexed judgment")
    app = make_app(store, TuiSettings(auto_sync=False, data_dir=tmp_path, language="fr"))
    async with app.run_test(size=(110, 40)) as pilot:
        await app.push_screen(RequestWriterScreen(case_id))
        await pilot.pause()
        screen = app.screen
        panel = str(screen.query_one("#findings").render())
        assert "Levée : Limitation shown in the annexed judgment" in panel
        assert "(non vérifié)" in panel  # ext.limitation cites UNTOC 16(7), unverified
        # An extradition asks for its court and case number whatever the types ticked.
        assert screen.query_one("#kind-extradition").display
        assert screen.query_one("#field-p-court", Field).value == "Federal High Court, Lagos"
        screen.action_step(10)
        await pilot.pause()
        languages = [value for _label, value in screen.query_one("#export-lang", Select)._options]
        assert "ar" in languages  # Mauritania's entry lists Arabic; the app itself stays French
        # The requesting authority is not this device's: the writer says so, in the UI language.
        assert "n'est pas celle de cet appareil" in str(screen.query_one("#export-error").render())
