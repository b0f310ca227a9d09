"""People on a shared PC, in the app: add named users in Settings, choose who you are at
start (PIN asked when set, the last user remembered), the history shows the person; the
handover dialog writes the report and passes the open cases on in one step."""

from __future__ import annotations

from textual.widgets import Select

from client.cases import get_case, history, update_case
from client.tui.app import make_app
from client.tui.dialogs.export_done import ExportDoneDialog
from client.tui.dialogs.handover import HandoverDialog
from client.tui.dialogs.users import AddUserDialog, WhoDialog
from client.tui.widgets.picker import Picker
from client.users import add_user

from .conftest import saved, screen_text, wait_for


async def press(pilot, selector: str) -> None:  # noqa: ANN001
    """Press a button, wherever the screen is scrolled (Settings is longer than 24 lines)."""
    button = pilot.app.screen.query_one(selector)
    button.scroll_visible(animate=False)
    await pilot.pause()
    button.press()
    await pilot.pause()


async def test_add_users_then_choose_at_start_with_pin(sample, settings):
    app = make_app(store=sample, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not isinstance(app.screen, WhoDialog)  # no named users yet: no question
        await pilot.press("f7")
        await press(pilot, "#add-user")
        await pilot.pause()
        assert isinstance(app.screen, AddUserDialog)
        await pilot.press(*"Awa Ndiaye", "enter", *"4821", "enter")
        await saved(pilot)
        assert "Awa Ndiaye" in screen_text(app)
    add_user(sample, "Moussa Fall")

    app = make_app(store=sample, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WhoDialog))
        assert "Awa Ndiaye" in screen_text(app) and "Moussa Fall" in screen_text(app)
        await pilot.press("enter")  # Awa (first): her PIN is asked
        await pilot.press(*"0000", "enter")
        await pilot.pause()
        assert "wrong PIN" in screen_text(app)
        await pilot.press(*"4821", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, WhoDialog)
        assert sample.author == "Awa Ndiaye"
        update_case(sample, "case0001", {"title": "Changé par Awa"})
        assert history(sample, "case0001")[-1].who == "Awa Ndiaye"

    # The next start proposes the one who worked last.
    app = make_app(store=sample, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WhoDialog))
        await pilot.press("down", "enter")  # Moussa, no PIN
        await pilot.pause()
        assert sample.author == "Moussa Fall"


async def test_handover_report_and_reassign(sample, settings):
    for case_id in ("case0001", "case0003"):
        update_case(sample, case_id, {"assigned_officer": "Awa Ndiaye"})
    app = make_app(store=sample, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        app.handover()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, HandoverDialog)
        dialog.query_one("#handover-from", Select).value = "Awa Ndiaye"
        await pilot.pause()
        assert "2 open cases." in screen_text(app)
        dialog.query_one(Picker).text_input.value = "Moussa Fall"
        await press(pilot, "#report-md")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDoneDialog))
        report = app.screen.path
        assert report.suffix == ".md" and "SN/0001" in report.read_text(encoding="utf-8")
        await pilot.press("escape")
        await pilot.pause()
        await press(pilot, "#reassign")
        await pilot.pause()
        assert not isinstance(app.screen, HandoverDialog)
    assert {get_case(sample, c)["assigned_officer"] for c in ("case0001", "case0003")} == {
        "Moussa Fall"
    }
