"""Edit one's own directory entry; saving proposes the change to the secretariat."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from client.directory import get_entry, propose_edit
from shared.i18n import N_, _
from shared.i18n import labels as L
from shared.schema.directory import DIRECTORY_FIELDS, DIRECTORY_FIELDS_BY_NAME
from shared.schema.validation import ValidationError, clean_value

from ..widgets.forms import FormField
from .base import EntraideScreen

EDITABLE = tuple(f.name for f in DIRECTORY_FIELDS if f.name not in ("code", "state"))


class DirectoryFormScreen(EntraideScreen):
    CSS_PATH = "case_form.tcss"
    LABEL = N_("Edit my entry")
    SECTION = "directory"
    HELP = N_(
        "Correct or complete your authority's entry. Ctrl+S saves your changes as a "
        "proposal to the secretariat; they are marked as awaiting approval until the "
        "secretariat approves them. Escape closes the form and asks first if you typed "
        "something."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Propose"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.original: dict[str, Any] = get_entry(self.store, code)

    def compose_body(self) -> ComposeResult:
        yield Static(
            _("Proposed changes to {name} ({code})").format(
                name=self.original.get("authority_name") or "", code=self.code
            ),
            id="form-title",
        )
        with VerticalScroll(id="form"):
            for name in EDITABLE:
                spec = DIRECTORY_FIELDS_BY_NAME[name]
                yield FormField(
                    name,
                    spec.kind,
                    L.field_label(name),
                    self.original.get(name),
                    spec.choices,
                    L.VALUE_LABELS.get(name),
                )
            with Horizontal(id="form-buttons"):
                yield Button(_("Propose changes"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def refresh_data(self) -> None:
        """Never reload a form the user is typing in."""

    def after_recompose(self) -> None:
        """Nothing to reload."""

    def changes(self) -> dict[str, Any]:
        out = {}
        for form_field in self.query(FormField):
            before, after = form_field.initial, form_field.value
            if _norm(before) != _norm(after):
                out[form_field.field_name] = after
        return out

    def action_save(self) -> None:
        changes = self.changes()
        errors = {}
        for name, value in changes.items():
            try:
                clean_value(DIRECTORY_FIELDS_BY_NAME[name], value)
            except ValidationError as exc:
                errors[name] = _(exc.message)
        for form_field in self.query(FormField):
            form_field.show_error(errors.get(form_field.field_name))
        if errors:
            return
        if not changes:
            self.dismiss(False)
            return
        try:
            propose_edit(self.store, self.code, changes)
        except Exception as exc:  # noqa: BLE001 - the form stays open with what was typed
            self.entraide.show_error(exc)
            return
        self.notify(_("Changes proposed. They await the secretariat's approval."))
        self.dismiss(True)

    def action_cancel(self) -> None:
        if not self.changes():
            self.dismiss(False)
            return
        from ..dialogs.confirm import ConfirmDialog

        self.app.push_screen(
            ConfirmDialog(_("Discard what you typed in this form?"), yes=_("Discard")),
            lambda discard: self.dismiss(False) if discard else None,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()


def _norm(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return sorted(value) or ""
    return value
