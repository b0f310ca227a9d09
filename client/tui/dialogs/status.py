"""Change a case's status: only the moves the workflow allows are offered."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from shared.i18n import N_, _
from shared.i18n.labels import STATUS, label
from shared.schema.workflow import next_statuses

from ..bindings import translate_bindings


class StatusDialog(ModalScreen[str | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, current: str, direction: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.current = current or "draft"
        # Only what makes sense for the direction: an incoming request is never "sent".
        self.allowed = next_statuses(self.current, direction)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="status-dialog"):
            yield Static(_("Change the status"), classes="dialog-title")
            yield Static(_("Current status: {status}").format(status=label(STATUS, self.current)))
            if self.allowed:
                yield Static(_("Choose the new status and press Enter:"), classes="hint")
                yield OptionList(
                    *[Option(label(STATUS, s), id=s) for s in self.allowed], id="choices"
                )
            else:
                yield Static(_("This case is closed: its status can no longer change."))
            yield Static(_("Escape: cancel"), classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
