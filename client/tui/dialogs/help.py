"""Help for one screen: what it is for, and its keys."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from shared.i18n import N_, _

from ..bindings import translate_bindings


class HelpDialog(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", N_("Close")),
    ]

    def __init__(self, label: str, text: str, active_bindings: dict[str, Any]) -> None:
        super().__init__()
        translate_bindings(self)
        self.label = label
        self.text = text
        self.keys = [
            (self.app.get_key_display(active.binding), active.binding.description)
            for active in active_bindings.values()
            if active.binding.description and active.enabled
        ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static(_("Help: {screen}").format(screen=_(self.label)), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                if self.text:
                    yield Static(_(self.text), id="help-text")
                yield Static(_("Keys"), classes="dialog-title")
                width = max((len(k) for k, _d in self.keys), default=4) + 2
                yield Static(
                    "\n".join(f"{key.ljust(width)}{description}" for key, description in self.keys),
                    id="help-keys",
                    markup=False,
                )
            with Vertical(classes="dialog-buttons"):
                yield Button(_("Close"), id="close", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
