"""What every form screen shares: checking values field by field, showing each error under
its field, and asking before typed changes are thrown away.

Used by the case form, the directory form and the request writer; each keeps its own
fields, required values and what saving does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual.widgets import Button

from shared.i18n import N_, _
from shared.i18n import labels as L
from shared.schema.cases import FIELDS_BY_NAME, Field
from shared.schema.validation import ValidationError, clean_value

from ..widgets.forms import FormField
from .base import EntraideScreen


def norm_value(value: Any) -> Any:
    """Compare values of any kind: None is empty, lists are unordered."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return sorted(value) or ""
    return value


def error_text(error: ValidationError) -> str:
    """What to show under the field: the domain builds its message in the user's language."""
    return error.message


class FormScreen(EntraideScreen):
    """A screen of FormFields with a Save (id "save") and a Cancel (id "cancel") button."""

    FIELD_SPECS: ClassVar[Mapping[str, Field]] = FIELDS_BY_NAME  # the schema of the fields
    DISCARD_QUESTION: ClassVar[str] = N_("Discard what you typed in this form?")
    CANCEL_RESULT: ClassVar[Any] = None  # what the screen returns when closed without saving

    saving = False  # a save is being written (on the store's writer thread)

    def refresh_data(self) -> None:
        """A form never reloads under the user's fingers."""

    def after_recompose(self) -> None:
        """Rebuilt after a language change: nothing to reload."""

    def action_save(self) -> Any:
        """Override: check and store what is typed."""

    def schema_field(self, name: str, value: Any, required: bool = False) -> FormField:
        """The field `name` of FIELD_SPECS, labelled in the user's language."""
        spec = self.FIELD_SPECS[name]
        return FormField(
            name,
            spec.kind,
            L.field_label(name),
            value,
            spec.choices,
            L.VALUE_LABELS.get(name),
            required=required,
        )

    # -- reading -----------------------------------------------------------------------------
    def edited_values(self) -> dict[str, Any]:
        """The fields whose value differs from the one the form opened with."""
        return {
            f.field_name: f.value
            for f in self.query(FormField)
            if norm_value(f.value) != norm_value(f.initial)
        }

    def has_changes(self) -> bool:
        """Override when more than the fields can be changed."""
        return bool(self.edited_values())

    def holds_typed_text(self) -> bool:
        return self.is_mounted and self.has_changes()

    # -- errors ------------------------------------------------------------------------------
    def field_errors(self, values: Mapping[str, Any]) -> dict[str, str]:
        """field name -> what is wrong with its value, for the values the schema refuses."""
        errors: dict[str, str] = {}
        for name, value in values.items():
            try:
                clean_value(self.FIELD_SPECS[name], value)
            except ValidationError as exc:
                errors[name] = error_text(exc)
        return errors

    def mark_errors(self, errors: Mapping[str, str]) -> FormField | None:
        """Show each message under its field (clearing the others); the first marked field."""
        first = None
        for form_field in self.query(FormField):
            message = errors.get(form_field.field_name)
            form_field.show_error(message)
            if message and first is None:
                first = form_field
        return first

    def show_errors(self, errors: Mapping[str, str]) -> None:
        first = self.mark_errors(errors)
        if first is not None:
            self.reveal(first)
            self.notify(_("Please correct the fields marked in red."), severity="warning")

    def reveal(self, form_field: FormField) -> None:
        form_field.widget.focus()
        form_field.scroll_visible(animate=False)

    def show_domain_error(self, exc: ValidationError) -> None:
        """The domain has the last word; its objection goes next to the field too."""
        field = exc.field.split(".")[0]
        if self.query(f"#field-{field}"):
            self.show_errors({field: error_text(exc)})
        else:
            self.entraide.show_error(exc)

    # -- leaving -----------------------------------------------------------------------------
    def action_cancel(self) -> None:
        if not self.has_changes():
            self.dismiss(self.CANCEL_RESULT)
            return
        from ..dialogs.confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(self.CANCEL_RESULT)

        self.app.push_screen(ConfirmDialog(_(self.DISCARD_QUESTION), yes=_("Discard")), answered)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        # Textual also calls a subclass's own handler; only these two ids are routed here.
        if event.button.id == "save":
            await self.run_action("save")
        elif event.button.id == "cancel":
            self.action_cancel()
