"""What the forms share (client/tui/screens/form_base.py), through the directory form and the
request writer: nothing typed is lost without asking, and a save goes through the Save button."""

from __future__ import annotations

from textual.widgets import Button

from client.cases import get_case
from client.directory import get_entry
from client.tui.dialogs.confirm import ConfirmDialog
from client.tui.screens.directory_form import DirectoryFormScreen
from client.tui.screens.request_writer import RequestWriterScreen
from client.tui.widgets.forms import FormField

from .test_cases import type_into


async def test_directory_form_asks_before_discarding_then_proposes(app, sample):
    results = []
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(DirectoryFormScreen("SN-CA"), results.append)
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert results == [False]

        app.push_screen(DirectoryFormScreen("SN-CA"), results.append)
        await pilot.pause()
        await type_into(pilot, "contact_person", "Awa Diop")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Discard what you typed" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DirectoryFormScreen)
        assert app.screen.query_one("#field-contact_person", FormField).value == "Awa Diop"

        app.screen.query_one("#save", Button).press()
        await pilot.pause()
        assert results == [False, True]
        assert get_entry(sample, "SN-CA")["contact_person"].endswith("Awa Diop")


async def test_request_writer_asks_before_closing_unsaved(app, sample):
    results = []
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(RequestWriterScreen("case0006"), results.append)
        await pilot.pause()
        await type_into(pilot, "our_ref", "-X")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question").render())
        assert "Close the request writer without saving?" in question
        await pilot.press("y")
        await pilot.pause()
        assert results == [None]
        assert not get_case(sample, "case0006")["our_ref"].endswith("-X")
