"""Typing a secret: a new passphrase (twice), or the passphrase or recovery code that opens
the authority's keys. The secret goes back to the caller; nothing is stored here."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from shared.i18n import N_, _

from ..bindings import translate_bindings
from ..running_app import entraide_app

MIN_PASSPHRASE = 12  # as client.keys.manage.set_passphrase requires


class SecretDialog(ModalScreen[dict[str, str] | None]):
    """new=True: a new passphrase typed twice -> {"passphrase": ...}.
    new=False: the passphrase or the recovery code -> {"passphrase"|"recovery_code": ...}."""

    LABEL: ClassVar[str] = N_("Passphrase")
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "ok", N_("OK"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, title: str, explanation: str, new: bool) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.explanation = explanation
        self.new = new

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="secret-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.explanation, classes="hint")
            if not self.new:
                yield Select(
                    [(_("Passphrase"), "passphrase"), (_("Recovery code"), "recovery_code")],
                    value="passphrase",
                    allow_blank=False,
                    id="secret-kind",
                    compact=True,
                )
            yield Input(password=True, id="secret", placeholder=_("Passphrase"), compact=True)
            if self.new:
                yield Input(
                    password=True, id="again", placeholder=_("Same passphrase again"), compact=True
                )
            yield Static("", id="secret-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("OK"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#secret", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        secret = self.query_one("#secret", Input)
        secret.placeholder = (
            _("Recovery code") if event.value == "recovery_code" else _("Passphrase")
        )
        # A recovery code is printed on paper: showing it while typing is safe and helps.
        secret.password = event.value != "recovery_code"

    def holds_typed_text(self) -> bool:
        return self.is_mounted and bool(self.query_one("#secret", Input).value)

    def problem(self, secret: str) -> str | None:
        if not secret:
            return _("Type it first.")
        if self.new:
            if len(secret) < MIN_PASSPHRASE:
                return _("At least {count} characters: use several words.").format(
                    count=MIN_PASSPHRASE
                )
            if self.query_one("#again", Input).value != secret:
                return _("The two passphrases differ.")
        return None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "secret" and self.new:
            self.query_one("#again", Input).focus()
        else:
            self.action_ok()

    def action_ok(self) -> None:
        secret = self.query_one("#secret", Input).value
        error = self.problem(secret)
        self.query_one("#secret-error", Static).update(error or "")
        if error:
            return
        kind = "passphrase"
        if not self.new:
            value = self.query_one("#secret-kind", Select).value
            kind = value if isinstance(value, str) else "passphrase"
        self.dismiss({kind: secret.strip() if kind == "recovery_code" else secret})

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_ok()
        else:
            self.action_cancel()


class RecoveryCodeDialog(ModalScreen[None]):
    """Shows a new recovery code once: to print (through a file) or copy, then keep in a safe."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("c", "copy", N_("Copy")),
        Binding("p", "save", N_("Save to print")),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="recovery-dialog"):
            yield Static(_("Recovery code"), classes="dialog-title")
            yield Static(
                _(
                    "Print this code and keep it in a safe. With it, the cases can be read "
                    "again if the passphrase is forgotten or this PC is lost. It replaces "
                    "any earlier code. It is shown only now."
                ),
                classes="hint",
            )
            yield Static(self.code, id="recovery-code", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Copy"), id="copy")
                yield Button(_("Save to print"), id="save")
                yield Button(_("Close"), id="close", variant="primary")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.code)
        self.notify(_("Recovery code copied."))

    def action_save(self) -> None:
        from .file_picker import FilePickerDialog

        folder = entraide_app(self.app).settings.start_folder
        from pathlib import Path

        self.app.push_screen(
            FilePickerDialog(
                True,
                folder or Path.home(),
                "entraide-recovery-code.txt",
                title=_("Save the recovery code to print"),
            ),
            self._save_to,
        )

    def _save_to(self, path) -> None:  # noqa: ANN001 - a Path or None
        if path is None:
            return
        from client.keys.setup import write_recovery_sheet

        from .export_done import ExportDoneDialog

        try:
            written = write_recovery_sheet(path, self.code)
        except OSError as exc:
            self.notify(
                _("The file could not be written: {reason}").format(reason=exc.strerror or exc),
                severity="error",
            )
            return
        self.app.push_screen(ExportDoneDialog(written))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"copy": self.action_copy, "save": self.action_save}.get(
            str(event.button.id), self.action_close
        )()
