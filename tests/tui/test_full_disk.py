"""A full disk while the app saves: a plain message on screen, nothing half-saved, the app goes on."""

from __future__ import annotations

from disk_full import fill_database, unfill_database
from textual.widgets import TextArea

from client.cases import get_case
from client.tui.screens.case_form import CaseFormScreen
from client.tui.widgets.forms import FormField

from .conftest import wait_for


def messages(app) -> list[str]:  # noqa: ANN001
    return [str(n.message) for n in app._notifications]


async def test_full_disk_on_save_is_a_message_and_keeps_the_form(app, sample):
    before = get_case(sample, "case0006")["notes"]
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(CaseFormScreen("case0006"))
        await pilot.pause()
        fill_database(sample)
        notes = app.screen.query_one("#field-notes", FormField).widget
        assert isinstance(notes, TextArea)
        notes.load_text("Audition du témoin à Dakar. " * 3_000)  # far more than is left
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("the disk is full" in m for m in messages(app)))
        assert not any("Unexpected problem" in m for m in messages(app))
        assert isinstance(app.screen, CaseFormScreen)  # what was typed is still there
        assert get_case(sample, "case0006")["notes"] == before
        unfill_database(sample)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CaseFormScreen))
    assert get_case(sample, "case0006")["notes"].startswith("Audition du témoin")
