"""Switching language redraws every open screen of every section, keeps what is typed, and
reaches Textual's own words: key descriptions in the footer and in help."""

from __future__ import annotations

from textual.widgets import Select

from client.tui.dialogs.help import HelpDialog
from client.tui.screens.case_form import CaseFormScreen
from client.tui.screens.settings import SettingsScreen
from client.tui.widgets.forms import FormField

from .conftest import screen_text, wait_for
from .test_cases import choose, type_into


async def test_switch_redraws_open_forms_and_keeps_typed_text(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "n")
        await choose(pilot, "direction", 1)
        await type_into(pilot, "title", "Banque Zeta")
        await type_into(pilot, "deadline", "31/03/2025")
        await pilot.press("f7")
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#language", Select).value = "pt"
        await wait_for(pilot, lambda: "Língua" in screen_text(app))

        await pilot.press("f3")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        text = screen_text(app)
        assert "Novo pedido" in text and "New request" not in text
        assert form.query_one("#field-title", FormField).value == "Banque Zeta"
        assert form.query_one("#field-deadline", FormField).value == "2025-03-31"
        assert form.query_one("#field-direction", FormField).value == "incoming"
        assert form.has_changes()  # still unsaved: quitting would still ask
        # The footer's keys, Textual's and ours, are in Portuguese.
        assert "Guardar" in text.splitlines()[-1]

        await pilot.press("f2")
        await pilot.pause()
        assert "F2 Início" in screen_text(app)


async def test_help_lists_the_screens_own_keys_first_in_the_language(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await app.set_language("fr")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, HelpDialog)
        descriptions = [d for _k, d in dialog.keys]
        # The case list's own keys come before those that work everywhere.
        assert descriptions.index("Trier") < descriptions.index("Quitter")
        assert "Cursor up" not in descriptions and "Move cursor left" not in descriptions
        assert not {"Select", "Quit", "Help"} & set(descriptions)
