"""Propose changes to a State's briefing note (an authority: its own State's; the
secretariat: any), field by field; only what was changed is returned."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from client.library.records import NOTE_EDITABLE
from client.requests.texts import assistance_label
from shared.i18n import N_, _, get_language
from shared.i18n.labels import LANGUAGE
from shared.schema.library import MEASURE_KEYS

from ..bindings import translate_bindings
from ..widgets.forms import FormField

TITLES = {
    "languages": N_("Languages accepted"),
    "channels": N_("Channels"),
    "timelines": N_("Typical timelines"),
    "tips": N_("Practical tips"),
}


class NoteEditDialog(ModalScreen[dict[str, Any] | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, state_label: str, note: dict[str, Any], proposing: bool) -> None:
        super().__init__()
        translate_bindings(self)
        self.state_label = state_label
        self.note = note
        self.proposing = proposing

    def compose(self) -> ComposeResult:
        lang = get_language() if get_language() in ("en", "fr", "pt") else "en"
        measures = self.note.get("measures") or {}
        with Vertical(classes="dialog", id="note-edit"):
            yield Static(
                _("Briefing note: {state}").format(state=self.state_label), classes="dialog-title"
            )
            if self.proposing:
                yield Static(
                    _("Your changes go to the secretariat; others see them once it approves."),
                    classes="hint",
                )
            with VerticalScroll(id="item-fields"):
                yield FormField(
                    "languages",
                    "set",
                    _(TITLES["languages"]),
                    self.note.get("languages") or [],
                    tuple(LANGUAGE),
                    LANGUAGE,
                )
                for name in ("channels", "timelines", "tips"):
                    yield FormField(name, "text", _(TITLES[name]), self.note.get(name) or "")
                for key in MEASURE_KEYS:
                    title = assistance_label(key, lang)
                    yield FormField(f"measures--{key}", "text", title, measures.get(key) or "")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Propose") if self.proposing else _("Save"), id="save")

    def on_mount(self) -> None:
        self.query(FormField).first().widget.focus()

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the note as it was opened."""
        out: dict[str, Any] = {}
        measures = self.note.get("measures") or {}
        for field in self.query(FormField):
            name, value = field.field_name, field.value
            group, _sep, key = name.partition("--")
            if group == "measures":
                if value.strip() != (measures.get(key) or "").strip():
                    out.setdefault("measures", {})[key] = value.strip()
            elif name == "languages":
                if sorted(value) != sorted(self.note.get("languages") or []):
                    out[name] = value
            elif value.strip() != (self.note.get(name) or "").strip():
                out[name] = value.strip()
        assert set(out) <= set(NOTE_EDITABLE)
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(self.changes())

    def action_cancel(self) -> None:
        self.dismiss(None)
