"""After an export: where the file is, with "open folder" and "copy path"."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from client.paths import open_folder
from shared.i18n import N_, _

from ..bindings import translate_bindings


class ExportDoneDialog(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,enter", "close", N_("Close")),
        Binding("o", "open_folder", N_("Open folder")),
        Binding("c", "copy_path", N_("Copy path")),
    ]

    def __init__(self, path: Path | str, title: str | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.path = Path(path)
        self.title_text = title or _("File written")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-done"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(_("Saved as:"), classes="hint")
            yield Static(str(self.path), id="export-path-shown", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Open folder"), id="open-folder")
                yield Button(_("Copy path"), id="copy-path")
                yield Button(_("Close"), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def action_open_folder(self) -> None:
        try:
            open_folder(self.path.parent)
        except OSError as exc:
            self.notify(
                _("The folder could not be opened: {reason}").format(reason=exc.strerror or exc),
                severity="warning",
            )

    def action_copy_path(self) -> None:
        self.app.copy_to_clipboard(str(self.path))
        self.notify(_("Path copied."))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {
            "open-folder": self.action_open_folder,
            "copy-path": self.action_copy_path,
        }.get(str(event.button.id), self.action_close)()
