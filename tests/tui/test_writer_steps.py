"""The request writer's steps change from any field (Ctrl+PgDn/PgUp, Alt+Right/Left,
Ctrl+N/B), the cursor lands on the new step's first field, and the footer's keys all
show whole at 80 columns in English, French and Portuguese."""

from __future__ import annotations

import pytest
from textual.widgets import TabbedContent, Tabs, TextArea

from client.tui.app import make_app
from client.tui.screens.request_writer import RequestWriterScreen
from client.tui.widgets.forms import FormField

from .conftest import saved, screen_text


def _field(screen, name: str):  # noqa: ANN001, ANN202
    return screen.query_one(f"#field-{name}", FormField).widget


def _in_field(screen, name: str) -> bool:  # noqa: ANN001
    """The focus is on the field's input (a choice's own parts included)."""
    return screen.query_one(f"#field-{name}", FormField) in screen.focused.ancestors


async def _writer(app, pilot) -> RequestWriterScreen:  # noqa: ANN001
    app.push_screen(RequestWriterScreen("case0006"))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RequestWriterScreen)
    return screen


async def test_step_keys_work_from_any_field_and_focus_the_first_field(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _writer(app, pilot)
        steps = screen.query_one(TabbedContent)
        assert _in_field(screen, "our_ref")

        await pilot.press(*"X1", "ctrl+pagedown")  # from a text box, after typing
        await pilot.pause()
        assert steps.active == "step-proceedings"
        assert _in_field(screen, "proceeding_nature")

        summary = _field(screen, "summary")
        summary.focus()
        assert isinstance(summary, TextArea)
        await pilot.pause()
        await pilot.press("alt+right")  # a text area keeps its own arrows, not these
        await pilot.pause()
        assert steps.active == "step-persons"
        persons = screen.query_one("#step-persons")
        assert persons in screen.focused.ancestors

        await pilot.press("ctrl+pageup")
        await pilot.pause()
        assert steps.active == "step-proceedings"
        assert _in_field(screen, "proceeding_nature")

        await pilot.press("alt+left")
        await pilot.pause()
        assert steps.active == "step-basics"
        assert _in_field(screen, "our_ref")
        assert _field(screen, "our_ref").value.endswith("X1")  # what was typed stays

        _field(screen, "assistance_types").focus()  # a selection list
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert steps.active == "step-proceedings"
        await pilot.press("ctrl+b", "ctrl+b")  # no step before the first
        await pilot.pause()
        assert steps.active == "step-basics"
        assert _in_field(screen, "our_ref")


async def test_typing_after_a_step_key_goes_to_the_new_step(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _writer(app, pilot)
        for _step in range(4):  # to "Formalities": its first field is a choice
            await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "step-formalities"
        assert _in_field(screen, "confidentiality")
        await pilot.press("tab", "tab", "tab", "tab")  # urgency, its reason, the deadline
        await pilot.pause()
        deadline = _field(screen, "deadline")
        deadline.focus()
        await pilot.press(*"2027-01-15")
        assert deadline.value == "2027-01-15"


async def test_browsing_the_step_list_with_arrows_keeps_the_focus_there(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _writer(app, pilot)
        tabs = screen.query_one(Tabs)
        tabs.focus()
        await pilot.press("right", "right")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "step-persons"
        assert screen.focused is tabs  # a third arrow still moves along the list
        await pilot.press("enter")  # and the step keys then enter the step
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "step-assistance"
        assert _in_field(screen, "assistance_description")


async def test_a_field_shown_with_its_error_keeps_the_focus(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _writer(app, pilot)
        _field(screen, "deadline").value = "31/13/2026"  # no 13th month
        await pilot.press("ctrl+s")
        await saved(pilot)
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "step-formalities"
        assert _in_field(screen, "deadline")


async def test_help_lists_both_step_keys(app):
    async with app.run_test(size=(80, 40)) as pilot:
        await _writer(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "^pgdn, alt+→, ^n  Next step" in text
        assert "^pgup, alt+←, ^b  Previous step" in text


def footer_entries(app) -> list[str]:  # noqa: ANN001
    """'key description' of every binding the footer of the current screen shows."""
    from textual.widgets._footer import FooterKey

    return [
        f"{key.key_display} {key.description}".strip()
        for key in app.screen.query(FooterKey)
        if key.display
    ]


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
async def test_every_footer_key_of_the_writer_shows_whole_at_80_columns(sample, settings, lang):
    settings.language = lang
    app = make_app(sample, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await _writer(app, pilot)
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        entries = footer_entries(app)
        assert len(entries) >= 5  # save, next step, close, help, commands
        for entry in entries:
            assert entry in footer, (entry, footer)
