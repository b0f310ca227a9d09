"""Add or edit one person or document of a case (its sub-lists)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from shared.i18n import N_, _
from shared.i18n.labels import ANNEXED, DOCUMENT_KIND, ITEM_FIELD, PERSON_TYPE, ROLE
from shared.schema.cases import DOCUMENT_KINDS, ITEM_FIELDS, PERSON_ROLES, PERSON_TYPES
from shared.schema.validation import ValidationError, parse_date

from ..bindings import translate_bindings
from ..widgets.forms import FormField

CHOICES = {
    ("persons", "role"): (PERSON_ROLES, ROLE),
    ("documents", "kind"): (DOCUMENT_KINDS, DOCUMENT_KIND),
    ("persons", "person_type"): (PERSON_TYPES, PERSON_TYPE),
    ("documents", "annexed"): (("yes", "no"), ANNEXED),
}
REQUIRED = {"persons": "name", "documents": "title"}


class ItemDialog(ModalScreen[dict[str, str] | None]):
    LABEL = N_("Person or document")
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, kind: str, values: dict[str, str] | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.kind = kind  # "persons" | "documents"
        self.values_in = values or {}

    def compose(self) -> ComposeResult:
        if self.kind == "persons":
            title = _("Edit person") if self.values_in else _("Add a person")
        else:
            title = _("Edit document") if self.values_in else _("Add a document")
        with Vertical(classes="dialog", id="item-dialog"):
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="item-fields"):
                for name in ITEM_FIELDS[self.kind]:
                    choices, labels = CHOICES.get((self.kind, name), ((), None))
                    kind = (
                        "choice"
                        if choices
                        else ("date" if name in ("date", "date_of_birth") else "str")
                    )
                    yield FormField(
                        name,
                        kind,
                        _(ITEM_FIELD[name]),
                        self.values_in.get(name, ""),
                        tuple(choices),
                        labels,
                        required=REQUIRED[self.kind] == name,
                    )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query(FormField).first().widget.focus()

    def action_save(self) -> None:
        values = {f.field_name: f.value for f in self.query(FormField)}
        errors = {}
        for name, value in values.items():
            if name in ("date", "date_of_birth"):
                try:
                    values[name] = parse_date(name, value)
                except ValidationError:
                    errors[name] = _("Not a valid date. Write it as 31/03/2025 or 2025-03-31.")
        required = REQUIRED[self.kind]
        if not values.get(required, "").strip():
            errors[required] = _("Required.")
        for form_field in self.query(FormField):
            form_field.show_error(errors.get(form_field.field_name))
        if errors:
            return
        cleaned = {k: v.strip() for k, v in values.items()}
        # An unchosen role or kind is left out rather than stored as an invalid "".
        for choice in ("role", "kind"):
            if choice in cleaned and not cleaned[choice]:
                del cleaned[choice]
        self.dismiss(cleaned)

    def has_changes(self) -> bool:
        return any(
            (f.value or "").strip() != (f.initial or "").strip() for f in self.query(FormField)
        )

    def holds_typed_text(self) -> bool:
        return self.is_mounted and self.has_changes()

    def action_cancel(self) -> None:
        if not self.has_changes():
            self.dismiss(None)
            return
        from .confirm import ConfirmDialog

        question = (
            _("Discard what you typed about this person?")
            if self.kind == "persons"
            else _("Discard what you typed about this document?")
        )

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(question, yes=_("Discard")), answered)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()


def item_summary(kind: str, item: dict[str, Any]) -> list[str]:
    """The cells of one row of the persons or documents table."""
    from shared.i18n.labels import label

    if kind == "persons":
        return [
            label(ROLE, item.get("role", "") or "other"),
            item.get("name", ""),
            item.get("nationality", ""),
            item.get("date_of_birth", ""),
        ]
    return [
        item.get("title", ""),
        label(DOCUMENT_KIND, item.get("kind", "")) if item.get("kind") else "",
        item.get("date", ""),
        item.get("reference", ""),
    ]
