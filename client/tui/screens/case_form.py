"""Create or edit a case. Invalid values are explained next to their field; nothing typed
is ever lost: the form stays open until it is saved or the user agrees to discard it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from client.cases import create_case, get_case, update_case
from client.cases.references import next_reference
from client.cases.warnings import case_warnings
from client.directory.choices import authority_options, state_options
from client.store import Store
from shared.i18n import N_, _
from shared.schema.validation import ValidationError
from shared.schema.workflow import initial_status

from ..widgets.case.fields import STATES_GROUP, SUBSTANCE_GROUP
from ..widgets.forms import FormField
from .form_base import FormScreen, norm_value

# The form, section by section: (section title, field names).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        N_("The request"),
        ("direction", "kind", "our_ref", "their_ref", "title", "urgency", "urgency_reason"),
    ),
    STATES_GROUP,
    # The categories feed the de-identified statistics return (client.returns).
    (SUBSTANCE_GROUP[0], (*SUBSTANCE_GROUP[1], "offence_categories", "legal_basis_category")),
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
    (
        N_("Follow-up"),
        ("assigned_officer", "outcome", "outcome_category", "refusal_grounds", "notes"),
    ),
)
REQUIRED = ("direction", "kind")
STATE_FIELDS = ("requesting_state", "requested_state")
AUTHORITY_FIELDS = ("requesting_authority", "requested_authority")


class CaseFormScreen(FormScreen):
    CSS_PATH = "case_form.tcss"
    LABEL = N_("Case form")
    SECTION = "cases"
    HELP = N_(
        "Fill in what you know; only the direction and the kind of request are required. "
        "Dates are written 31/03/2025 or 2025-03-31; T in a date field writes today's date. "
        "For a State or an authority, type a few letters and choose with Down and Enter. "
        "Our reference is proposed from your office's numbering when you choose the "
        "direction; you may change it. Tab and Shift+Tab move between fields; Space ticks "
        "an entry in a list.\n\n"
        "Remarks in yellow (a date in the future, dates out of order, a reference already "
        "used) are worth a second look but do not prevent saving.\n\n"
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
        self._choices: dict[str, list[tuple[str, str]]] | None = None  # read at first use

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
        value = self.original.get(name)
        if not self.case_id and name == "urgency":
            value = "normal"
        field = self.schema_field(name, value, required=name in REQUIRED)
        if name in STATE_FIELDS or name in AUTHORITY_FIELDS:
            field.kind = "picker"
            field.options = self._options(name)
        return field

    def _options(self, name: str) -> list[tuple[str, str]]:
        if self._choices is None:
            self._choices = {
                "state": state_options(self.store),
                "authority": authority_options(self.store),
            }
        return self._choices["state" if name in STATE_FIELDS else "authority"]

    def on_mount(self) -> None:
        self._proposed_ref = ""
        self.query_one("#field-direction", FormField).widget.focus()
        self.refresh_warnings()

    # -- help while typing ----------------------------------------------------------------
    def refresh_warnings(self) -> None:
        """Remarks that do not stop saving, under their fields, as the values change."""
        try:
            found = case_warnings(self.store, self.values(), self.entraide.today, self.case_id)
        except Exception:  # noqa: BLE001 - a remark must never get in the way of typing
            return
        messages = {w.field: w.message for w in found}
        for form_field in self.query(FormField):
            form_field.show_warning(messages.get(form_field.field_name))

    def on_input_changed(self) -> None:
        self.refresh_warnings()

    def on_picker_changed(self) -> None:
        self.refresh_warnings()

    def on_select_changed(self, event) -> None:  # noqa: ANN001 - a Select.Changed
        field = event.select.parent
        is_direction = isinstance(field, FormField) and field.field_name == "direction"
        if self.case_id is None and is_direction:
            self._propose_reference(str(event.value) if isinstance(event.value, str) else "")
        self.refresh_warnings()

    def _propose_reference(self, direction: str) -> None:
        """A new case gets the next reference of its direction, unless one was typed."""
        ref_input = self.query_one("#field-our_ref", FormField).widget
        if not direction or ref_input.value.strip() not in ("", self._proposed_ref):  # type: ignore[attr-defined]
            return
        self._proposed_ref = next_reference(self.store, direction, self.entraide.today)
        ref_input.value = self._proposed_ref  # type: ignore[attr-defined]

    # -- reading and checking ----------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {f.field_name: f.value for f in self.query(FormField)}

    def changes(self) -> dict[str, Any]:
        """Only what differs from the stored case (for a new case: what is filled in)."""
        if self.case_id is None:
            return {name: value for name, value in self.values().items() if norm_value(value)}
        return {
            name: value
            for name, value in self.values().items()
            if norm_value(value) != norm_value(self.original.get(name))
        }

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        errors = self.field_errors(values)
        for name in REQUIRED:
            if not values.get(name) and name not in errors:
                errors[name] = _("Required.")
        return errors

    # -- actions ---------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:  # a second ctrl+s while the first save is being written
            return
        values = self.values()
        errors = self.check(values)
        if errors:
            self.show_errors(errors)
            return
        case_id = self.case_id
        changes = self.changes()
        if case_id and not changes:
            self.saved(case_id)
            return
        # A request we receive is registered as received; one we send starts a draft.
        new = {**changes, "status": initial_status(values["direction"])}

        def job(store: Store) -> str:
            if case_id:
                update_case(store, case_id, changes)
                return case_id
            return create_case(store, new)

        # On the store's writer thread, awaited from a worker: the form answers keys while
        # SQLite writes, and what is typed stays if the save fails.
        self.saving = True
        self.entraide.write_then(job, self.saved, self.save_failed)

    def saved(self, case_id: str) -> None:
        self.saving = False
        self.notify(_("Saved."))
        if self.is_current:
            self.dismiss(case_id)
        else:  # a dialog opened on top meanwhile: the form now edits the saved case
            self.case_id, self.original = case_id, get_case(self.store, case_id)

    def save_failed(self, exc: Exception) -> bool:
        self.saving = False
        if isinstance(exc, ValidationError):
            self.show_domain_error(exc)
            return True
        return False  # shown by the app; the form stays open, with what was typed
