"""Choose the date, format, language and file of a directory edition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from client.directory.edition_render import FORMATS
from shared.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, get_language
from shared.schema.validation import ValidationError, parse_date

from ..bindings import translate_bindings


@dataclass(frozen=True)
class EditionChoice:
    as_of: str
    fmt: str
    lang: str
    path: Path


class EditionDialog(ModalScreen[EditionChoice | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Export"), priority=True),
    ]

    def __init__(self, folder: Path, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self.folder = folder
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="edition-dialog"):
            yield Static(_("Export a dated edition of the directory"), classes="dialog-title")
            yield Static(_("As of (YYYY-MM-DD)"))
            yield Input(self.today.isoformat(), id="as-of")
            with Horizontal(id="edition-choices"):
                yield Select(
                    [(f.upper(), f) for f in FORMATS], value="docx", allow_blank=False, id="fmt"
                )
                yield Select(
                    [(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES],
                    value=get_language(),
                    allow_blank=False,
                    id="lang",
                )
            yield Static(_("File"))
            yield Input(str(self.folder / f"directory-{self.today.isoformat()}.docx"), id="path")
            yield Static("", id="edition-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Export"), id="ok", variant="primary")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "fmt" and isinstance(event.value, str):
            path = self.query_one("#path", Input)
            path.value = str(Path(path.value).with_suffix(f".{event.value}"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        error = self.query_one("#edition-error", Static)
        try:
            as_of = parse_date("as_of", self.query_one("#as-of", Input).value)
        except ValidationError:
            as_of = ""
        if not as_of:
            error.update(_("Not a valid date. Write it as YYYY-MM-DD, for example 2025-03-31."))
            return
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not path.name or not path.parent.is_dir():
            error.update(_("Choose a file in an existing folder."))
            return
        fmt = str(self.query_one("#fmt", Select).value)
        lang = str(self.query_one("#lang", Select).value)
        self.dismiss(EditionChoice(as_of, fmt, lang, path))

    def action_cancel(self) -> None:
        self.dismiss(None)
