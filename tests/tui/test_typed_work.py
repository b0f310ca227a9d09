"""Nothing typed is lost: quitting (Ctrl+Q, Ctrl+C, the palette's Quit) and closing the person
and document dialogs ask first; an export never overwrites an earlier file and shows its path."""

from __future__ import annotations

from pathlib import Path

from client.cases import create_case
from client.paths import unused_path
from client.tui.app import make_app
from client.tui.dialogs.confirm import ConfirmDialog
from client.tui.dialogs.export_done import ExportDoneDialog
from client.tui.dialogs.file_picker import FilePickerDialog
from client.tui.dialogs.item import ItemDialog
from client.tui.screens.case_detail import CaseDetailScreen
from client.tui.screens.case_form import CaseFormScreen
from client.tui.widgets.forms import FormField

from .conftest import screen_text, wait_for
from .test_cases import type_into


async def test_quit_keys_leave_at_once_when_nothing_is_typed(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "n")
        assert isinstance(app.screen, CaseFormScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_asks_before_losing_a_typed_form_and_no_keeps_it(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "n")
        await type_into(pilot, "title", "Banque Zeta")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Quit anyway" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        assert app.screen.query_one("#field-title", FormField).value == "Banque Zeta"
        assert app.is_running

        # Ctrl+C outside a text box asks the same question; "yes" quits.
        app.screen.query_one("#save").focus()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running


async def test_palette_quit_asks_when_a_form_in_another_section_holds_text(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "n")
        await type_into(pilot, "title", "Dossier Kovak")
        await pilot.press("f2")  # the form stays open in the Cases section
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Quit")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Case form" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_person_and_document_dialogs_ask_before_discarding(app, sample):
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CaseDetailScreen("case0001"))
        await pilot.pause()
        for tab, kind, field in (("2", "persons", "name"), ("3", "documents", "title")):
            await pilot.press(tab, "a")
            await pilot.pause()
            assert isinstance(app.screen, ItemDialog) and app.screen.kind == kind
            await pilot.press("escape")  # nothing typed: closes at once
            await pilot.pause()
            assert isinstance(app.screen, CaseDetailScreen)

            await pilot.press("a")
            await pilot.pause()
            await type_into(pilot, field, "Awa")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            assert "Discard what you typed" in screen_text(app)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, ItemDialog)
            assert app.screen.query_one(f"#field-{field}", FormField).value == "Awa"
            await pilot.press("escape", "y")
            await pilot.pause()
            assert isinstance(app.screen, CaseDetailScreen)


def test_unused_path_never_names_an_existing_file(tmp_path: Path) -> None:
    first = tmp_path / "export.entraide"
    assert unused_path(first) == first
    first.write_bytes(b"1")
    assert unused_path(first) == tmp_path / "export (2).entraide"
    (tmp_path / "export (2).entraide").write_bytes(b"2")
    assert unused_path(first) == tmp_path / "export (3).entraide"


async def test_usb_export_keeps_the_earlier_file_and_shows_the_path(make_device, settings):
    device = make_device("SN")
    create_case(device, {"direction": "incoming", "kind": "mla", "title": "Zeta"})
    earlier = settings.start_folder / "office.entraide"
    earlier.write_bytes(b"an earlier export")
    before = earlier.read_bytes()
    app = make_app(store=device, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "x")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilePickerDialog)
        picker.query_one("#path").value = str(earlier)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDoneDialog))
        written = settings.start_folder / "office (2).entraide"
        assert written.is_file() and earlier.read_bytes() == before
        await pilot.pause()
        assert str(app.screen.query_one("#export-path-shown").render()) == str(written)
        assert "Open folder" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == str(written)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDoneDialog)
