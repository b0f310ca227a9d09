"""Ask before anything destructive or irreversible; the safe answer is the default."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from shared.i18n import N_, _

from ..bindings import translate_bindings


class ConfirmDialog(ModalScreen[bool]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,n", "answer(False)", N_("No")),
        Binding("y", "answer(True)", N_("Yes")),
    ]

    def __init__(self, question: str, yes: str | None = None, title: str | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question
        self.yes = yes or _("Yes")
        self.title_text = title or _("Please confirm")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.question, id="question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("No"), id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
