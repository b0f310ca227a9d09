"""Enroll this device with the sync server: its address and the one-time code from the
administrator. The request runs in a worker; the result is shown under the fields."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static
from textual.worker import Worker, WorkerState

from shared.i18n import _

from ...errors import plain_error


class EnrollPanel(Vertical):
    DEFAULT_CSS = """
    EnrollPanel { height: auto; }
    EnrollPanel Input { width: 60; max-width: 100%; }
    EnrollPanel #enroll-result { height: auto; }
    EnrollPanel Horizontal { height: auto; }
    """

    class Enrolled(Message):
        """This device is now enrolled: the screen refreshes what depends on it."""

    def __init__(self, server_url: str = "") -> None:
        super().__init__(id="enroll-panel")
        self.server_url = server_url

    def compose(self) -> ComposeResult:
        yield Static(
            _("Type the server address and the enrollment code your administrator gave you."),
            classes="hint",
        )
        yield Input(self.server_url, placeholder="https://…", id="enroll-url", compact=True)
        yield Input(placeholder=_("Enrollment code"), id="enroll-code", compact=True)
        with Horizontal():
            yield Button(_("Enroll this device"), id="enroll", compact=True)
        yield Static("", id="enroll-result")

    def holds_typed_text(self) -> bool:
        return bool(self.query_one("#enroll-code", Input).value.strip())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "enroll":
            event.stop()
            self.start()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "enroll-url":
            self.query_one("#enroll-code", Input).focus()
        else:
            self.start()

    def start(self) -> None:
        url = self.query_one("#enroll-url", Input).value.strip()
        code = self.query_one("#enroll-code", Input).value.strip()
        result = self.query_one("#enroll-result", Static)
        if not url.startswith(("http://", "https://")):
            result.update(_("The address must start with http:// or https://"))
            return
        if not code:
            result.update(_("Type the enrollment code."))
            return
        result.update(_("Enrolling…"))
        store = self.app.store  # type: ignore[attr-defined]

        def work():  # noqa: ANN202 - runs in a thread: no widgets here
            from client.sync import enroll

            return enroll(store, url, code)

        self.run_worker(work, name="enroll", thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "enroll" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        event.stop()
        result = self.query_one("#enroll-result", Static)
        if event.state == WorkerState.ERROR:
            result.update(
                _("Not enrolled: {reason}").format(reason=plain_error(event.worker.error))
            )
            return
        done = event.worker.result
        self.query_one("#enroll-code", Input).value = ""
        text = _("Enrolled for {authority} at {url}.").format(
            authority=done.authority, url=done.server_url
        )
        result.update(text)
        self.notify(text)
        self.post_message(self.Enrolled())
