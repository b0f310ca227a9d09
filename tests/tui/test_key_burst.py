"""Text and Tab arriving in one burst (a fast typist, a paste-like `tmux send-keys`, a
barcode reader) each land in their own field.

The terminal's driver posts every key to the app at once; Pilot's `press` waits after
each key, so these tests post them as the driver does. Before the fix, Tab travelled
through the focused field before it moved the focus, and the text after it had already
gone to the field before."""

from __future__ import annotations

from textual import events

from client.tui.screens.case_form import CaseFormScreen
from client.tui.widgets.forms import FormField


def _burst(app, *keys: str) -> None:  # noqa: ANN001
    """Post keys exactly as the terminal driver does: all at once, no waiting."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(key, key))
        else:
            app.post_message(events.Key(key, None))


async def test_a_burst_of_text_and_tabs_fills_each_field_in_turn(app):
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CaseFormScreen(None))
        await pilot.pause()
        screen = app.screen

        def field(name: str) -> FormField:
            return screen.query_one(f"#field-{name}", FormField)

        field("our_ref").widget.focus()
        await pilot.pause()
        _burst(app, *"ABC123", "tab", *"XYZ789", "tab", *"Gel des avoirs")
        await pilot.pause()
        await pilot.pause()
        assert field("our_ref").value == "ABC123"
        assert field("their_ref").value == "XYZ789"
        assert field("title").value == "Gel des avoirs"

        _burst(app, "shift+tab", *"-2")  # and back: the keys go to the field before
        await pilot.pause()
        await pilot.pause()
        assert screen.focused is field("their_ref").widget
        assert field("their_ref").value.endswith("-2")  # (focus selects the text first)
        assert field("title").value == "Gel des avoirs"
