"""Reply on a case's thread: an acknowledgement, a status change or further information.

The kinds and the statuses offered follow the side of the request: the requested
authority acknowledges and reports execution; the requesting one may withdraw.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static, TextArea

from shared.i18n import N_, _
from shared.i18n.labels import STATUS, label

from ..bindings import translate_bindings
from ..widgets.case.thread import kind_label

# What each side may propose on the other's register.
STATUSES_BY_DIRECTION = {
    "incoming": ("in_execution", "partially_executed", "executed", "refused"),
    "outgoing": ("withdrawn",),
}
KINDS_BY_DIRECTION = {"incoming": ("ack", "status", "info"), "outgoing": ("status", "info")}


@dataclass(frozen=True)
class Reply:
    kind: str
    status: str
    text: str


class ReplyDialog(ModalScreen[Reply | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "send", N_("Send"), priority=True),
    ]

    def __init__(self, direction: str, peer: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.kinds = KINDS_BY_DIRECTION.get(direction, ("status", "info"))
        self.statuses = STATUSES_BY_DIRECTION.get(direction, ())
        self.peer = peer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="reply-dialog"):
            title = _("Reply to {peer}").format(peer=self.peer) if self.peer else _("Reply")
            yield Static(title, classes="dialog-title")
            yield Static(_("Kind of message:"), classes="hint")
            yield Select(
                [(kind_label(k), k) for k in self.kinds],
                value=self.kinds[0],
                allow_blank=False,
                id="reply-kind",
                compact=True,
            )
            with Vertical(id="reply-status-box"):
                yield Static(_("Status proposed to the other authority:"), classes="hint")
                yield Select(
                    [(label(STATUS, s), s) for s in self.statuses],
                    value=self.statuses[0] if self.statuses else Select.BLANK,
                    allow_blank=not self.statuses,
                    id="reply-status",
                    compact=True,
                )
            yield Static("", id="reply-text-label", classes="hint")
            yield TextArea(id="reply-text")
            yield Static("", id="reply-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Send"), id="send", variant="primary")

    def on_mount(self) -> None:
        self._show_kind()
        self.query_one("#reply-kind", Select).focus()

    def _kind(self) -> str:
        value = self.query_one("#reply-kind", Select).value
        return value if isinstance(value, str) else self.kinds[0]

    def _show_kind(self) -> None:
        kind = self._kind()
        self.query_one("#reply-status-box").display = kind == "status"
        self.query_one("#reply-text-label", Static).update(
            _("What you ask or tell (required):")
            if kind == "info"
            else _("A note for the other authority (optional):")
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "reply-kind":
            self._show_kind()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        else:
            self.action_cancel()

    def action_send(self) -> None:
        kind = self._kind()
        text = self.query_one("#reply-text", TextArea).text.strip()
        status = ""
        if kind == "status":
            value = self.query_one("#reply-status", Select).value
            status = value if isinstance(value, str) else ""
            if not status:
                self.query_one("#reply-error", Static).update(_("Choose the status."))
                return
        if kind == "info" and not text:
            self.query_one("#reply-error", Static).update(_("Type what you ask or tell."))
            self.query_one("#reply-text", TextArea).focus()
            return
        self.dismiss(Reply(kind, status, text))

    def action_cancel(self) -> None:
        self.dismiss(None)
