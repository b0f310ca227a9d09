"""Transmit an outgoing request over the channel: the gate, the confirmation, the sealing.

The dialog shows to whom the request goes and with which files, and the blocking
findings that stop it; the officer completes the request or records an override
with a reason (as `entraide request override`). Sealing runs in a worker; the
package then waits in the store and leaves at the next sync or USB export.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState

from client.exchange import Transmitted, transmit
from client.exchange.readiness import Readiness, transmit_readiness
from client.requests.gate import record_override
from shared.i18n import N_, _, get_language, ngettext
from shared.i18n.labels import LANGUAGE, label

from ..bindings import translate_bindings
from ..errors import plain_error


class TransmitDialog(ModalScreen[Transmitted | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, case_id: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.case_id = case_id
        self.sent: Transmitted | None = None
        self.readiness: Readiness | None = None

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="transmit-dialog"):
            yield Static(_("Transmit the request"), classes="dialog-title")
            yield Static("", id="transmit-to")
            with VerticalScroll(id="transmit-findings"):
                yield Static("", id="transmit-findings-text")
            yield Input(placeholder=_("Reason of the override"), id="override-reason")
            yield ProgressBar(total=None, show_eta=False, id="transmit-progress")
            yield Static("", id="transmit-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Record override"), id="override", variant="warning")
                yield Button(_("Transmit"), id="transmit", variant="primary")
                yield Button(_("Sync now"), id="sync-now")
                yield Button(_("Close"), id="close", variant="primary")

    def on_mount(self) -> None:
        self._check()

    # -- the states of the dialog -------------------------------------------------------------
    def _check(self) -> None:
        """Read what stands in the way and show it; the buttons follow."""
        self.readiness = ready = transmit_readiness(self.store, self.case_id)
        lang = get_language()
        lines = Text()
        if ready.problem:
            lines.append(ready.problem, style="bold red")
        else:
            lines.append(
                _("To: {authority}. Sealed to its key: only it can open the package.").format(
                    authority=ready.recipient
                )
                + "\n"
            )
            lines.append(
                ngettext(
                    "The request (.docx, {language}) and {n} attached file.",
                    "The request (.docx, {language}) and {n} attached files.",
                    len(ready.files),
                ).format(n=len(ready.files), language=label(LANGUAGE, ready.language))
            )
        self.query_one("#transmit-to", Static).update(lines)
        findings = Text()
        if ready.blocking:
            findings.append(
                ngettext(
                    "{n} blocking finding stops the transmission:",
                    "{n} blocking findings stop the transmission:",
                    len(ready.blocking),
                ).format(n=len(ready.blocking))
                + "\n",
                style="bold",
            )
            for finding in ready.blocking:
                findings.append("■ ", style="bold red")
                findings.append(finding.message(lang) + "\n")
            findings.append(
                _(
                    "Complete the request in the writer (W), or record an override: "
                    "type its reason below."
                ),
                style="italic",
            )
        elif not ready.problem:
            findings.append(_("Nothing blocks the transmission."))
        self.query_one("#transmit-findings-text", Static).update(findings)
        self._buttons("check")

    def _buttons(self, state: str) -> None:
        ready = self.readiness
        blocked = bool(ready and ready.blocking and not ready.problem)
        shown = {
            "check": {"cancel", "override" if blocked else "transmit"},
            "sending": set(),
            "done": {"sync-now", "close"},
        }[state]
        if state == "check" and ready is not None and ready.problem:
            shown = {"close"}
        for button in self.query(Button):
            button.display = button.id in shown
        self.query_one("#override-reason").display = state == "check" and blocked
        self.query_one("#transmit-progress").display = state == "sending"
        self.query_one("#transmit-findings").display = state == "check"
        focus = {"check": "override-reason" if blocked else "transmit", "done": "close"}
        if ready is not None and ready.problem:
            focus["check"] = "close"
        if state in focus:
            self.query_one(f"#{focus[state]}").focus()

    # -- doing --------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        handlers = {
            "override": self._record_override,
            "transmit": self._transmit,
            "sync-now": self._sync_now,
        }
        handlers.get(str(event.button.id), self.action_close)()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "override-reason":
            self._record_override()

    def _record_override(self) -> None:
        reason = self.query_one("#override-reason", Input).value.strip()
        error = self.query_one("#transmit-error", Static)
        if not reason:
            error.update(_("Type the reason of the override: it is kept in the case."))
            return
        case_id = self.case_id

        def recorded(_result: object) -> None:
            error.update("")
            self.notify(_("Override recorded."))
            if self.is_mounted:
                self._check()

        def refused(exc: Exception) -> bool:  # shown in the dialog, nothing written
            error.update(plain_error(exc))
            return True

        self.app.write_then(  # type: ignore[attr-defined]
            lambda store: record_override(store, case_id, reason), recorded, refused
        )

    def _transmit(self) -> None:
        self.query_one("#transmit-error", Static).update("")
        self.query_one("#transmit-to", Static).update(
            _("Sealing the request for {authority}…").format(
                authority=self.readiness.recipient if self.readiness else ""
            )
        )
        self._buttons("sending")
        store, case_id = self.store, self.case_id
        self.run_worker(
            lambda: transmit(store, case_id), name="transmit", thread=True, exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "transmit":
            return
        if event.state == WorkerState.SUCCESS:
            self.sent = sent = event.worker.result
            self.query_one("#transmit-to", Static).update(
                _(
                    "Sealed to {authority}: {size} KiB, {annexes} attached file(s).\n\n"
                    "The package waits in this device's store. It leaves at the next sync "
                    "with the server, or with the next USB export (Sync section). "
                    "The answers of {authority} will appear in the case's thread (M)."
                ).format(
                    authority=sent.recipient,
                    size=max(1, sent.size // 1024),
                    annexes=sent.annexes,
                )
            )
            self._buttons("done")
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._check()
            error = event.worker.error or RuntimeError(_("cancelled"))
            self.query_one("#transmit-error", Static).update(plain_error(error))

    def _sync_now(self) -> None:
        self.app.sync_now()  # type: ignore[attr-defined]
        self.dismiss(self.sent)

    def action_close(self) -> None:
        if self.query_one("#transmit-progress").display:
            return  # sealing: the dialog stays until it is done
        self.dismiss(self.sent)
