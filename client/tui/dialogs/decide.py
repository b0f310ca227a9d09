"""Settle concurrent statuses: the officer chooses which one stands (client/cases/conflicts.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from client.cases import CaseConflict
from shared.i18n import N_, _
from shared.i18n.labels import STATUS, label

from ..bindings import translate_bindings


class DecideDialog(ModalScreen[str | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, conflict: CaseConflict) -> None:
        super().__init__()
        translate_bindings(self)
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="decide-dialog"):
            yield Static(_("Decide which status stands"), classes="dialog-title")
            yield Static(self.conflict.describe())
            yield Static(
                _("The other officer's edit stays in the history. Choose and press Enter:"),
                classes="hint",
            )
            options = []
            for status in self.conflict.choices:
                by = [v for v in self.conflict.versions if v.status == status][-1]
                text = _("{status} (by {who}, {when})").format(
                    status=label(STATUS, status), who=by.who, when=by.when.replace("T", " ")[:16]
                )
                options.append(Option(text, id=status))
            yield OptionList(*options, id="choices")
            yield Static(_("Escape: cancel"), classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
