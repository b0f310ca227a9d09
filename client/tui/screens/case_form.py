"""Create or edit a case. Invalid values are explained next to their field; nothing typed
is ever lost: the form stays open until it is saved or the user agrees to discard it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from client.cases import create_case, get_case, update_case
from shared.i18n import N_, _
from shared.i18n import labels as L
from shared.schema.cases import FIELDS_BY_NAME
from shared.schema.validation import ValidationError, clean_value

from ..widgets.forms import FormField
from .base import EntraideScreen

# The form, section by section: (section title, field names).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        N_("The request"),
        ("direction", "kind", "our_ref", "their_ref", "title", "urgency", "urgency_reason"),
    ),
    (
        N_("States and authorities"),
        ("requesting_state", "requesting_authority", "requested_state", "requested_authority"),
    ),
    (N_("Substance"), ("assistance_types", "offences", "legal_basis", "summary")),
    (
        N_("Dates"),
        (
            "date_received",
            "date_sent",
            "deadline",
            "deadline_reason",
            "date_acknowledged",
            "date_executed",
            "date_closed",
        ),
    ),
    (N_("Follow-up"), ("assigned_officer", "outcome", "refusal_grounds", "notes")),
)
REQUIRED = ("direction", "kind")


def error_text(error: ValidationError) -> str:
    """The schema's message, in the user's language, for the kinds of mistakes a form allows."""
    spec = FIELDS_BY_NAME.get(error.field)
    if spec is not None and spec.kind == "date":
        return _("Not a valid date. Write it as YYYY-MM-DD, for example 2025-03-31.")
    if spec is not None and spec.kind == "choice":
        return _("Choose a value from the list.")
    return _(error.message)


class CaseFormScreen(EntraideScreen):
    CSS_PATH = "case_form.tcss"
    LABEL = N_("Case form")
    SECTION = "cases"
    HELP = N_(
        "Fill in what you know; only the direction and the kind of request are required. "
        "Dates are written YYYY-MM-DD. Tab and Shift+Tab move between fields; Space ticks "
        "an entry in a list.\n\n"
        "Ctrl+S saves. If a value cannot be saved, the reason appears in red under the "
        "field and everything you typed stays in the form. Escape closes the form and asks "
        "first if you typed something.\n\n"
        "The status is not changed here: use the status action on the case."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, case_id: str | None) -> None:
        super().__init__()
        self.case_id = case_id
        self.original: dict[str, Any] = get_case(self.store, case_id) if case_id else {}

    def compose_body(self) -> ComposeResult:
        title = (
            _("Edit request {ref}").format(ref=self.original.get("our_ref") or self.case_id)
            if self.case_id
            else _("New request")
        )
        yield Static(title, id="form-title")
        with VerticalScroll(id="form"):
            for section, names in SECTIONS:
                yield Static(_(section), classes="form-section")
                for name in names:
                    yield self._field(name)
            with Horizontal(id="form-buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def _field(self, name: str) -> FormField:
        spec = FIELDS_BY_NAME[name]
        value = self.original.get(name)
        if not self.case_id and name == "urgency":
            value = "normal"
        return FormField(
            name,
            spec.kind,
            L.field_label(name),
            value,
            spec.choices,
            L.VALUE_LABELS.get(name),
            required=name in REQUIRED,
        )

    def on_mount(self) -> None:
        self.query_one("#field-direction", FormField).widget.focus()

    def refresh_data(self) -> None:
        """A form never reloads under the user's fingers."""

    def after_recompose(self) -> None:
        """Rebuilt after a language change: nothing to reload."""

    # -- reading and checking ----------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {f.field_name: f.value for f in self.query(FormField)}

    def changes(self) -> dict[str, Any]:
        """Only what differs from the stored case (for a new case: what is filled in)."""
        out = {}
        for name, value in self.values().items():
            if self.case_id is None:
                if _norm(value):
                    out[name] = value
            elif _norm(value) != _norm(self.original.get(name)):
                out[name] = value
        return out

    @property
    def dirty(self) -> bool:
        return any(_norm(f.value) != _norm(f.initial) for f in self.query(FormField))

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        for name, value in values.items():
            try:
                clean_value(FIELDS_BY_NAME[name], value)
            except ValidationError as exc:
                errors[name] = error_text(exc)
        for name in REQUIRED:
            if not values.get(name) and name not in errors:
                errors[name] = _("Required.")
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for form_field in self.query(FormField):
            message = errors.get(form_field.field_name)
            form_field.show_error(message)
            if message and first is None:
                first = form_field
        if first is not None:
            first.widget.focus()
            first.scroll_visible(animate=False)
            self.notify(
                _("Please correct the fields marked in red."), severity="warning", timeout=5
            )

    # -- actions ---------------------------------------------------------------------------
    def action_save(self) -> None:
        values = self.values()
        errors = self.check(values)
        if errors:
            self.show_errors(errors)
            return
        try:
            if self.case_id:
                changes = self.changes()
                if changes:
                    update_case(self.store, self.case_id, changes)
                case_id = self.case_id
            else:
                case_id = create_case(self.store, self.changes())
        except ValidationError as exc:
            # The domain has the last word; its objection goes next to the field too.
            field = exc.field.split(".")[0]
            if self.query(f"#field-{field}"):
                self.show_errors({field: error_text(exc)})
            else:
                self.entraide.show_error(exc)
            return
        except Exception as exc:  # noqa: BLE001 - the form stays open, with what was typed
            self.entraide.show_error(exc)
            return
        self.notify(_("Saved."))
        self.dismiss(case_id)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from ..dialogs.confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(_("Discard what you typed in this form?"), yes=_("Discard")), answered
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()


def _norm(value: Any) -> Any:
    """Compare values of any kind: None is empty, lists are unordered."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return sorted(value) or ""
    return value
