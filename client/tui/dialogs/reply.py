"""Reply on a case's thread with a typed message (shared/exchange_messages.py).

The requested authority acknowledges, asks for further information, consults
before refusing or postponing, reports a status or an execution (with result
files), refuses or postpones with grounds; the requesting one answers and may
withdraw. What a message of each type must say is checked by the shared
`message_content` before the dialog closes, so nothing typed is lost on an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, SelectionList, Static, TextArea

from shared.exchange_messages import EXECUTIONS, MessageError, grounds_allowed, message_content
from shared.i18n import N_, _
from shared.i18n.labels import EXECUTION, MESSAGE_TYPE, POSTPONEMENT, REFUSAL, STATUS, label

from ..bindings import translate_bindings

# What each side may send, in the order an officer needs them.
KINDS_BY_DIRECTION = {
    "incoming": (
        "ack",
        "info_request",
        "consultation",
        "status",
        "execution",
        "refusal",
        "postponement",
        "info",
    ),
    "outgoing": ("info", "status"),
}
# The statuses a status message may propose, by side.
STATUSES_BY_DIRECTION = {
    "incoming": ("in_execution",),
    "outgoing": ("withdrawn",),
}
TEXT_REQUIRED = ("info_request", "consultation", "info")
GROUND_LABELS = {"refusal": REFUSAL, "postponement": POSTPONEMENT}


@dataclass(frozen=True)
class Reply:
    kind: str
    status: str = ""
    text: str = ""
    grounds: tuple[str, ...] = ()
    execution: str = ""
    files: tuple[Path, ...] = field(default_factory=tuple)


class ReplyDialog(ModalScreen[Reply | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "send", N_("Send"), priority=True),
    ]

    def __init__(self, direction: str, peer: str = "", start: Path | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.kinds = KINDS_BY_DIRECTION.get(direction, ("info", "status"))
        self.statuses = STATUSES_BY_DIRECTION.get(direction, ())
        self.peer = peer
        self.start = start or Path.home()
        self.files: list[Path] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="reply-dialog"):
            title = _("Reply to {peer}").format(peer=self.peer) if self.peer else _("Reply")
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="reply-body"):
                yield Static(_("Kind of message:"), classes="hint")
                yield Select(
                    [(label(MESSAGE_TYPE, k), k) for k in self.kinds],
                    value=self.kinds[0],
                    allow_blank=False,
                    id="reply-kind",
                    compact=True,
                )
                with Vertical(id="reply-status-box", classes="reply-part"):
                    yield Static(_("Status proposed to the other authority:"), classes="hint")
                    yield Select(
                        [(label(STATUS, s), s) for s in self.statuses],
                        value=self.statuses[0] if self.statuses else Select.BLANK,
                        allow_blank=not self.statuses,
                        id="reply-status",
                        compact=True,
                    )
                with Vertical(id="reply-execution-box", classes="reply-part"):
                    yield Select(
                        [(label(EXECUTION, e), e) for e in EXECUTIONS],
                        value=EXECUTIONS[0],
                        allow_blank=False,
                        id="reply-execution",
                        compact=True,
                    )
                    yield Static("", id="reply-files")
                    yield Button(_("Add a result file"), id="add-file")
                with Vertical(id="reply-grounds-box", classes="reply-part"):
                    yield Static(_("Grounds (Space selects):"), classes="hint")
                    yield SelectionList[str](id="reply-grounds")
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
        self.query_one("#reply-execution-box").display = kind == "execution"
        grounds = grounds_allowed(kind)
        self.query_one("#reply-grounds-box").display = bool(grounds)
        chooser = self.query_one("#reply-grounds", SelectionList)
        chooser.clear_options()
        chooser.add_options([(label(GROUND_LABELS.get(kind, {}), g), g) for g in grounds])
        self.query_one("#reply-text-label", Static).update(
            _("What you ask or tell (required):")
            if kind in TEXT_REQUIRED
            else _("A note for the other authority (optional):")
        )
        self.query_one("#reply-error", Static).update("")

    def _show_files(self) -> None:
        names = ", ".join(p.name for p in self.files)
        self.query_one("#reply-files", Static).update(
            _("Result files: {names}").format(names=names) if names else _("No result file yet.")
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "reply-kind":
            self._show_kind()
            self._show_files()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        elif event.button.id == "add-file":
            self._pick_file()
        else:
            self.action_cancel()

    def _pick_file(self) -> None:
        from .file_picker import FilePickerDialog

        def picked(path: Path | None) -> None:
            if path is not None and path not in self.files:
                self.files.append(path)
                self._show_files()

        self.app.push_screen(
            FilePickerDialog(False, self.start, title=_("Add a result file"), button=_("Add")),
            picked,
        )

    def reply(self) -> Reply:
        kind = self._kind()
        status = ""
        if kind == "status":
            value = self.query_one("#reply-status", Select).value
            status = value if isinstance(value, str) else ""
        execution = ""
        if kind == "execution":
            value = self.query_one("#reply-execution", Select).value
            execution = value if isinstance(value, str) else ""
        grounds = tuple(self.query_one("#reply-grounds", SelectionList).selected)
        return Reply(
            kind,
            status,
            self.query_one("#reply-text", TextArea).text.strip(),
            grounds if grounds_allowed(kind) else (),
            execution,
            tuple(self.files) if kind == "execution" else (),
        )

    def action_send(self) -> None:
        reply = self.reply()
        try:  # the shared rules of a message of this type, before anything is sent
            message_content(
                reply.kind,
                status=reply.status,
                text=reply.text,
                grounds=reply.grounds,
                execution=reply.execution,
            )
        except MessageError as exc:
            self.query_one("#reply-error", Static).update(str(exc))
            return
        self.dismiss(reply)

    def action_cancel(self) -> None:
        self.dismiss(None)
