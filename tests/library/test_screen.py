"""The library screen under Textual's Pilot, on a real store holding the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, Static

from client.library import seed_library
from client.store import Store
from client.tui.app import make_app
from client.tui.settings import TuiSettings
from tests.tui.conftest import screen_text
from tests.tui.data import TODAY, sample_store


@pytest.fixture
def app(tmp_path: Path):
    store: Store = sample_store(tmp_path / "sample.sqlite")
    seed_library(store)
    settings = TuiSettings(today=TODAY, auto_sync=False, start_folder=tmp_path, page_size=100)
    yield make_app(store=store, settings=settings)
    store.close()


async def test_library_screen_finds_bases_and_shows_a_note(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert "United Nations Convention against Corruption" in screen_text(app)
        screen = app.screen
        screen.query_one("#library-tabs").active = "tab-bases"
        await pilot.pause()
        screen.query_one("#requesting", Input).value = "Nigeria"
        screen.query_one("#requested", Input).value = "ML"
        screen.query_one("#on", Input).value = "2025-06-01"
        await pilot.click("#find")
        await pilot.pause()
        result = str(screen.query_one("#bases-result", Static).render())
        assert "United Nations Convention against Transnational Organized Crime" in result
        assert "uncertain on 1 June 2025" in result
        # A second click within the button's 0.2 s press effect is ignored,
        # so the second search goes through Enter, as a typist would do it.
        screen.query_one("#requested", Input).focus()
        screen.query_one("#requested", Input).value = "Atlantis"
        await pilot.press("enter")
        await pilot.pause()
        assert "Type both States" in str(screen.query_one("#bases-result", Static).render())
        screen.query_one("#library-tabs").active = "tab-note"
        await pilot.pause()
        screen.query_one("#note-state", Input).focus()
        screen.query_one("#note-state", Input).value = "SN"
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "Country briefing note" in screen_text(app)


async def test_directory_screen_opens_the_briefing_note(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")  # the directory
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Briefing note" in text and "Country briefing note" in text
        await pilot.press("escape")


async def test_an_authority_proposes_its_own_note_from_the_library_screen(tmp_path: Path) -> None:
    from nacl.signing import SigningKey
    from textual.widgets import TextArea

    from client.bundles import export_bundle, import_bundle
    from client.library import briefing_note, note_review
    from client.tui.dialogs.note_edit import NoteEditDialog
    from tests.crypto.helpers import enrolled_store

    key = SigningKey.generate()
    sec = enrolled_store(tmp_path / "sec.sqlite", "WACAP", key, role="secretariat")
    seed_library(sec)
    store = enrolled_store(tmp_path / "sn.sqlite", "SN-CA", key)
    import_bundle(store, export_bundle(sec, tmp_path / "sec.bundle").path)
    sec.close()
    settings = TuiSettings(today=TODAY, auto_sync=False, start_folder=tmp_path)
    app = make_app(store=store, settings=settings)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f8")
            await pilot.pause()
            app.screen.query_one("#instruments").focus()
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, NoteEditDialog)
            assert "others see them once it approves" in screen_text(app)
            dialog.query_one("#field-tips TextArea", TextArea).text = "Écrire en français."
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            assert not isinstance(app.screen, NoteEditDialog)
            assert briefing_note(store, "SN")["tips"] == "Écrire en français."
            assert note_review(store, "SN").state.value == "proposed"
            note_view = app.screen.query_one("#note-view", Markdown)
            assert "Écrire en français." in note_view.source
    finally:
        store.close()
