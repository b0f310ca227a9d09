"""Edit one's own directory entry; saving proposes the change to the secretariat."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from client.directory import get_entry, propose_edit
from shared.i18n import N_, _
from shared.schema.directory import DIRECTORY_FIELDS, DIRECTORY_FIELDS_BY_NAME

from .form_base import FormScreen

EDITABLE = tuple(f.name for f in DIRECTORY_FIELDS if f.name not in ("code", "state"))


class DirectoryFormScreen(FormScreen):
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
    FIELD_SPECS = DIRECTORY_FIELDS_BY_NAME
    CANCEL_RESULT = False

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
                yield self.schema_field(name, self.original.get(name))
            with Horizontal(id="form-buttons"):
                yield Button(_("Propose changes"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def action_save(self) -> None:
        if self.saving:
            return
        changes = self.edited_values()
        if self.mark_errors(self.field_errors(changes)) is not None:
            return
        if not changes:
            self.dismiss(False)
            return
        code = self.code
        self.saving = True
        # On the store's writer thread, from a worker: keys are handled meanwhile, and the
        # form stays open with what was typed if it fails.
        self.entraide.write_then(
            lambda store: propose_edit(store, code, changes), self.proposed, self.not_proposed
        )

    def proposed(self, _result: object) -> None:
        self.saving = False
        self.notify(_("Changes proposed. They await the secretariat's approval."))
        if self.is_current:  # else a dialog opened on top meanwhile: the form stays
            self.dismiss(True)

    def not_proposed(self, _exc: Exception) -> bool:
        self.saving = False
        return False  # the app shows it
