"""The secretariat's desk: proposals to the directory awaiting review, each with what it
changes field by field; approve or reject it; export a dated edition of the directory."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import DataTable, Static

from client.directory import PendingEntry, approve_entry, pending_entries, reject_entry
from client.directory.edition import build_edition
from client.directory.edition_render import write_edition
from shared.i18n import N_, _
from shared.i18n.labels import APPROVAL, field_label, label, state_label, value_label

from ..dialogs.edition import EditionChoice, EditionDialog
from ..errors import guarded
from .base import EntraideScreen


class SecretariatScreen(EntraideScreen):
    CSS_PATH = "secretariat.tcss"
    LABEL = N_("Secretariat")
    SECTION = "directory"
    HELP = N_(
        "The secretariat's review of the directory. The list shows the entries that "
        "authorities created or changed since the secretariat last approved them; below it, "
        "what the selected proposal changes, field by field (approved value, then proposed "
        "value).\n\n"
        "A approves exactly the version shown: a change the authority makes afterwards stays "
        "pending. J rejects it with a reason, which the authority sees on its entry. E exports "
        "a dated edition of the approved directory (Word, Markdown or CSV, in English, French "
        "or Portuguese). Only the secretariat's devices can approve or reject."
    )
    BINDINGS = [
        Binding("a", "approve", N_("Approve")),
        Binding("j", "reject", N_("Reject")),
        Binding("e", "edition", N_("Export edition")),
        Binding("escape", "back", N_("Back")),
        Binding("r", "reload", N_("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[PendingEntry] = []

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="pending", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="diff-scroll"):
            yield Static("", id="diff")
        yield Static("", id="secretariat-info")

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#pending").focus()

    def refresh_data(self) -> None:
        self.items = pending_entries(self.store)
        table = self.query_one("#pending", DataTable)
        table.clear(columns=True)
        table.add_columns(_("Code"), _("State"), _("Approval"), _("Changes"))
        for item in self.items:
            table.add_row(
                item.code,
                state_label(item.state),
                label(APPROVAL, item.review.state.value),
                str(len(item.changes)),
                key=item.code,
            )
        info = (
            _("{count} proposal(s) awaiting review").format(count=len(self.items))
            if self.items
            else _("No proposal awaits review.")
        )
        self.query_one("#secretariat-info", Static).update(info)
        self._show_diff()

    def _selected(self) -> PendingEntry | None:
        table = self.query_one("#pending", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_diff()

    def _show_diff(self) -> None:
        item = self._selected()
        if item is None:
            self.query_one("#diff", Static).update("")
            return
        lines = [
            f"[b]{escape(item.code)}[/b]  "
            + _("version {version}").format(version=item.review.version)
        ]
        if not item.review.approved:
            lines.append(_("A new entry: nothing of it has been approved yet."))
        for change in item.changes:
            before = value_label(change.field, change.before) or "—"
            after = value_label(change.field, change.after) or "—"
            lines.append(f"[b]{escape(field_label(change.field))}[/b]")
            lines.append(f"  [red]- {escape(before)}[/red]")
            lines.append(f"  [green]+ {escape(after)}[/green]")
        self.query_one("#diff", Static).update("\n".join(lines))

    @guarded
    def action_approve(self) -> None:
        item = self._selected()
        if item is None:
            return
        code, version = item.code, item.review.version
        self.write_then(
            lambda store: approve_entry(store, code, version),
            _("{code}: approved.").format(code=code),
        )

    @guarded
    def action_reject(self) -> None:
        item = self._selected()
        if item is None:
            return
        from ..dialogs.reason import ReasonDialog

        def done(reason: str | None) -> None:
            if reason:
                self._reject(item, reason)

        self.app.push_screen(
            ReasonDialog(
                _("Reject the proposal of {code}").format(code=item.code),
                _("Why? The authority will read this on its entry."),
            ),
            done,
        )

    def _reject(self, item: PendingEntry, reason: str) -> None:
        code, version = item.code, item.review.version
        self.write_then(
            lambda store: reject_entry(store, code, reason, version),
            _("{code}: rejected.").format(code=code),
        )

    @guarded
    def action_edition(self) -> None:
        def done(choice: EditionChoice | None) -> None:
            if choice is not None:
                self._export(choice)

        self.app.push_screen(EditionDialog(self.entraide.data_dir, self.entraide.today), done)

    @guarded
    def _export(self, choice: EditionChoice) -> None:
        edition = build_edition(self.store, choice.as_of, choice.lang)
        write_edition(edition, choice.fmt, choice.path)
        count = sum(len(s.entries) for s in edition.sections)
        self.notify(
            _("Edition {number}: {count} entries written to {path}").format(
                number=edition.number, count=count, path=choice.path
            )
        )

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.reload()
