"""A state's briefing note in a dialog: opened beside the directory and the request writer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, Static

from client.library.briefing import build_note
from client.library.briefing_render import render_markdown
from shared.i18n import N_, _, get_language

from ..bindings import translate_bindings


class BriefingNoteDialog(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,q", "close", N_("Close"))]

    def __init__(self, state: str, requesting: str | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.state = state
        self.requesting = requesting

    def compose(self) -> ComposeResult:
        lang = get_language() if get_language() in ("en", "fr", "pt") else "en"
        note = build_note(self.app.store, self.state, lang, self.requesting)  # type: ignore[attr-defined]
        with Vertical(classes="dialog", id="briefing"):
            yield Static(_("Briefing note"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Markdown(render_markdown(note), id="briefing-note")
            with Vertical(classes="dialog-buttons"):
                yield Button(_("Close"), id="close", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
