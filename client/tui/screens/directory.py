"""Directory: the competent authorities of each State, with what their requests require."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Select, Static

from client.approvals import may_review
from client.cases.service import own_authority
from client.directory import visible_entries
from client.library.briefing import own_state
from shared.i18n import N_, _, ngettext
from shared.i18n.labels import APPROVAL_SHORT, label

from ..errors import guarded
from ..widgets.tables import cell, fit_columns, text_width
from .base import EntraideScreen


class DirectoryScreen(EntraideScreen):
    CSS_PATH = "directory.tcss"
    LABEL = N_("Directory")
    SECTION = "directory"
    HELP = N_(
        "The directory of central and competent authorities, State by State. Choose a "
        "State in the list at the top to see only its authorities. Enter opens an "
        "authority: its contacts and what a request to it must contain (languages, "
        "documents, channels, INTERPOL, urgent procedure).\n\n"
        "M opens your own authority's entry, which you can edit: your changes are "
        "proposed to the secretariat and shown as awaiting approval until it approves them.\n\n"
        "On the secretariat's device, S opens its review of proposals and the export of "
        "dated editions."
    )
    BINDINGS = [
        Binding("enter", "open_entry", N_("Open"), show=False),
        Binding("m", "own_entry", N_("My authority")),
        Binding("b", "briefing", N_("Briefing note"), show=False),
        Binding("r", "reload", N_("Refresh")),
        Binding("s", "secretariat", N_("Secretariat")),
    ]
    reviews = False  # this device may approve and reject (set on mount)

    def compose_body(self) -> ComposeResult:
        yield Select([], prompt=_("All States"), id="state-filter", compact=True)
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Static("", id="directory-info")

    def on_mount(self) -> None:
        self.reviews = may_review(self.store)
        self.refresh_data()
        self.query_one("#entries").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "secretariat":
            return self.reviews  # hidden from other devices' footers
        return True

    def refresh_data(self) -> None:
        entries = visible_entries(self.store)
        select = self.query_one("#state-filter", Select)
        states = sorted({e["state"] for e in entries if e["state"]})
        chosen = select.value if isinstance(select.value, str) else None
        with self.prevent(Select.Changed):
            select.set_options([(s, s) for s in states])
            if chosen in states:
                select.value = chosen
        own = own_authority(self.store)
        shown = [e for e in entries if not chosen or e["state"] == chosen]
        table = self.query_one("#entries", DataTable)
        table.clear(columns=True)
        languages = [", ".join(e["languages"]).upper() for e in shown]
        approvals = [label(APPROVAL_SHORT, e["approval"]) for e in shown]
        # Short columns as wide as their longest text in this language; the name takes the
        # rest and is cut with an ellipsis (the entry opens whole with Enter).
        fit_columns(
            table,
            [
                ("state", _("State"), text_width([e["state"] for e in shown] + [_("State")])),
                ("code", _("Code"), text_width([e["code"] for e in shown] + [_("Code")])),
                ("name", _("Authority"), None),
                ("languages", _("Languages"), text_width([*languages, _("Languages")])),
                ("approval", _("Approval"), text_width([*approvals, _("Approval")], 4, 24)),
            ],
        )
        for entry, shown_languages, approval in zip(shown, languages, approvals, strict=True):
            name = entry["authority_name"] or ""
            if entry["code"] == own:
                name = "» " + name
            table.add_row(
                entry["state"],
                entry["code"],
                cell(name),
                shown_languages,
                approval,
                key=entry["code"],
            )
        if not entries:
            info = _("The directory is empty. It arrives with the first sync or USB import.")
        else:
            info = ngettext(
                "{count} authority  ·  » your authority ({code})",
                "{count} authorities  ·  » your authority ({code})",
                len(shown),
            ).format(count=len(shown), code=own)
        self.query_one("#directory-info", Static).update(info)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_data()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_entry()

    @guarded
    def action_open_entry(self) -> None:
        table = self.query_one("#entries", DataTable)
        if not table.row_count:
            return
        code = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if code:
            from .directory_entry import DirectoryEntryScreen

            self.app.push_screen(DirectoryEntryScreen(code))

    @guarded
    def action_briefing(self) -> None:
        """The briefing note of the highlighted authority's State (from the library)."""
        table = self.query_one("#entries", DataTable)
        if table.row_count:
            state = table.get_row_at(table.cursor_row)[0]
            from ..dialogs.briefing import BriefingNoteDialog

            self.app.push_screen(BriefingNoteDialog(str(state), own_state(self.store)))

    @guarded
    def action_own_entry(self) -> None:
        from .directory_entry import DirectoryEntryScreen

        code = own_authority(self.store)
        if not self.store.exists(code):
            self.notify(
                _("Your authority ({code}) has no entry in the directory yet.").format(code=code),
                severity="warning",
            )
            return
        self.app.push_screen(DirectoryEntryScreen(code))

    def action_reload(self) -> None:
        self.reload()

    def action_secretariat(self) -> None:
        from .secretariat import SecretariatScreen

        self.app.push_screen(SecretariatScreen(), lambda _done: self.reload())

    def palette_commands(self):  # noqa: ANN201
        yield (_("My authority's entry"), _("View and propose changes"), self.action_own_entry)
        if not self.reviews:
            return
        yield (
            _("Secretariat: review proposals"),
            _("Approve or reject directory proposals; export an edition"),
            self.action_secretariat,
        )
