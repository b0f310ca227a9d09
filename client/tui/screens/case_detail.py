"""One case: its fields, persons, documents and history; edits and status changes."""

from __future__ import annotations

import secrets
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from client.cases import decide_status, find_conflict, get_case, history, set_status, update_case
from client.exchange import reminders
from client.exchange.links import ChannelLink, channel_link
from shared.i18n import N_, _
from shared.i18n.labels import STATUS, label
from shared.schema.cases import OPEN_STATUSES
from shared.schema.workflow import next_statuses

from ..dialogs.confirm import ConfirmDialog
from ..dialogs.decide import DecideDialog
from ..dialogs.item import ItemDialog, item_summary
from ..dialogs.status import StatusDialog
from ..errors import guarded
from ..widgets.case.fields import case_markup
from ..widgets.case.history import history_rows
from ..widgets.case.thread import channel_line
from ..widgets.tables import cell, fit_columns
from .base import EntraideScreen
from .request_writer import RequestWriterScreen

TABS = ("details", "persons", "documents", "history")
# Moving to these statuses ends the work on a request: ask first.
FINAL = ("refused", "withdrawn", "closed")


class CaseDetailScreen(EntraideScreen):
    CSS_PATH = "case_detail.tcss"
    LABEL = N_("Case")
    SECTION = "cases"
    HELP = N_(
        "Everything about one request. The tabs show its details, the persons concerned, "
        "the documents, and its history: who changed what, and when.\n\n"
        "E edits the request. T changes its status: only the steps the workflow allows "
        "are offered. W opens the request writer.\n"
        "X transmits an outgoing request to the requested authority over the secure "
        "channel; M opens the thread of a request transmitted or received that way: "
        "the messages both ways, the files, the statuses proposed to confirm.\n"
        "When two officers changed the status at the same time and the result is one "
        "nobody chose, a red notice says so: D decides which status stands.\n"
        "On the Persons and Documents tabs, A adds an entry, Enter edits the selected "
        "one and Delete removes it (after confirmation).\n"
        "Keys 1 to 4 switch tabs; Escape goes back to the list."
    )
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("e", "edit", N_("Edit")),
        Binding("t", "change_status", N_("Status")),
        Binding("w", "write_request", N_("Request writer")),
        # Not in the footer (80 columns are full in French): the case header names them.
        Binding("x", "transmit", N_("Transmit"), show=False),
        Binding("m", "thread", N_("Thread"), show=False),
        Binding("d", "decide", N_("Decide")),
        Binding("a", "add_item", N_("Add")),
        Binding("delete", "remove_item", N_("Remove"), show=False),  # in help (F1)
        *(Binding(str(n), f"tab('{tab}')", show=False) for n, tab in enumerate(TABS, start=1)),
    ]

    def __init__(self, case_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: dict[str, Any] = get_case(self.store, case_id)
        self.conflict = find_conflict(self.store, case_id)
        self.link: ChannelLink | None = channel_link(self.store, self.case)

    def compose_body(self) -> ComposeResult:
        yield Static("", id="case-header")
        yield Static("", id="case-conflict")
        with TabbedContent(id="tabs"):
            with TabPane(_("1 Details"), id="details"):
                with VerticalScroll(id="details-scroll"):
                    yield Static("", id="details-text")
            with TabPane(_("2 Persons"), id="persons"):
                yield DataTable(id="persons-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("3 Documents"), id="documents"):
                yield DataTable(id="documents-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("4 History"), id="history"):
                yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.refresh_data(reread=False)

    # -- showing ------------------------------------------------------------------------------
    def refresh_data(self, reread: bool = True) -> None:
        if reread:
            self.case = get_case(self.store, self.case_id)
            self.conflict = find_conflict(self.store, self.case_id)
            self.link = channel_link(self.store, self.case)
        case = self.case
        status = case.get("status") or "draft"
        deadline = case.get("deadline") or ""
        overdue = (
            bool(deadline)
            and deadline < self.entraide.today.isoformat()
            and status in OPEN_STATUSES
        )
        header = _("{ref}  ·  Status: {status}").format(
            ref=case.get("our_ref") or _("(no reference)"), status=label(STATUS, status)
        )
        steps = next_statuses(status, case.get("direction") or "")
        if steps:
            header += "  ·  " + _("next: {steps}").format(
                steps=", ".join(label(STATUS, s) for s in steps)
            )
        due = {r.case_id: r for r in reminders(self.store, self.entraide.today)}
        channel = channel_line(self.link, case, due.get(self.case_id))
        if not channel and case.get("direction") == "outgoing" and status == "draft":
            channel = _("Not transmitted yet: X transmits it over the secure channel.")
        if channel:
            header += "\n" + channel
        self.query_one("#case-header", Static).update(header)
        self._show_conflict()
        self.refresh_bindings()
        self.query_one("#details-text", Static).update(case_markup(case, overdue))
        self._fill_items("persons", [_("Role"), _("Name"), _("Nationality"), _("Date of birth")])
        self._fill_items("documents", [_("Title"), _("Kind"), _("Date"), _("Reference")])
        if self.query_one(TabbedContent).active == "history":
            self._fill_history()

    def _show_conflict(self) -> None:
        panel = self.query_one("#case-conflict", Static)
        panel.display = self.conflict is not None
        if self.conflict is None:
            return
        lines = [
            _("Conflict: {what}.").format(what=self.conflict.describe()),
            *(
                "  • "
                + _("{status} (by {who}, {when})").format(
                    status=label(STATUS, v.status), who=v.who, when=v.when.replace("T", " ")[:16]
                )
                for v in self.conflict.versions
            ),
            _("Press D to decide which status stands."),
        ]
        panel.update(escape("\n".join(lines)))

    def _fill_items(self, kind: str, columns: list[str]) -> None:
        table = self.query_one(f"#{kind}-table", DataTable)
        table.clear(columns=True)
        table.add_columns(*columns)
        items = self.case.get(kind) or {}
        for item_id, item in sorted(items.items(), key=lambda kv: str(kv[1])):
            table.add_row(*item_summary(kind, item), key=item_id)
        if not items:
            empty = (
                _("No person yet. Press A to add one.")
                if kind == "persons"
                else _("No document yet. Press A to add one.")
            )
            table.add_row(empty, *[""] * (len(columns) - 1))

    def _fill_history(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear(columns=True)
        fit_columns(
            table,
            [("when", _("When"), 16), ("who", _("Who"), 16), ("what", _("What changed"), None)],
        )
        for when, who, what in history_rows(history(self.store, self.case_id)):
            table.add_row(when, cell(who), cell(what))

    def _show_history_entry(self, row: int) -> None:
        """Enter on a history row: that change in full, values not cut."""
        from ..dialogs.text import TextDialog

        rows = history_rows(history(self.store, self.case_id), limit=None)
        if not 0 <= row < len(rows):
            return
        start = row
        while start > 0 and not rows[start][0]:
            start -= 1  # the first row of this change carries its time and author
        when, who, _what = rows[start]
        end = start + 1
        while end < len(rows) and rows[end][0] in ("", when) and rows[end][1] in ("", who):
            end += 1
        text = "\n".join(what for _w, _who, what in rows[start:end])
        self.app.push_screen(TextDialog(f"{when} · {who}", text))

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "history":
            self._fill_history()

    # -- actions ------------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        pane_table = {
            "persons": "#persons-table",
            "documents": "#documents-table",
            "history": "#history-table",
        }
        if tab in pane_table:
            self.query_one(pane_table[tab]).focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        from .case_form import CaseFormScreen

        self.app.push_screen(CaseFormScreen(self.case_id), lambda _id: self.reload())

    def action_change_status(self) -> None:
        self.app.push_screen(
            StatusDialog(self.case.get("status") or "draft", self.case.get("direction") or ""),
            self._status_chosen,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """D (decide) is offered only while concurrent statuses wait for a decision; X
        (transmit) until the request is transmitted, then M (its thread)."""
        if action == "decide":
            return self.conflict is not None
        if action == "transmit":  # an outgoing request not transmitted yet
            return self.link is None and self.case.get("direction") == "outgoing"
        if action == "thread":
            return self.link is not None
        return True

    def action_decide(self) -> None:
        if self.conflict is None:
            self.notify(_("This case has no conflicting statuses to decide."))
            return
        self.app.push_screen(DecideDialog(self.conflict), self._decided)

    def _decided(self, status: str | None) -> None:
        if not status:
            return
        case_id = self.case_id
        self.write_then(
            lambda store: decide_status(store, case_id, status),
            _("Decided: {status} stands.").format(status=label(STATUS, status)),
        )

    def _status_chosen(self, status: str | None) -> None:
        if not status:
            return
        if status in FINAL:
            question = _("Set the status to “{status}”? This ends the work on the request.").format(
                status=label(STATUS, status)
            )
            self.app.push_screen(
                ConfirmDialog(question, yes=_("Change status")),
                lambda ok: self._set_status(status) if ok else None,
            )
        else:
            self._set_status(status)

    def _set_status(self, status: str) -> None:
        # The workflow check and the write, in one transaction on the writer thread.
        case_id = self.case_id
        self.write_then(
            lambda store: set_status(store, case_id, status),
            _("Status changed to {status}.").format(status=label(STATUS, status)),
        )

    def _item_kind(self) -> str | None:
        active = self.query_one(TabbedContent).active
        return active if active in ("persons", "documents") else None

    def _selected_item(self, kind: str) -> str | None:
        table = self.query_one(f"#{kind}-table", DataTable)
        if not table.row_count or not self.case.get(kind):
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_add_item(self) -> None:
        kind = self._item_kind()
        if kind is None:
            self.action_tab("persons")
            kind = "persons"
        self.app.push_screen(ItemDialog(kind), lambda values: self._save_item(kind, None, values))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "history-table":
            self._show_history_entry(event.cursor_row)
            return
        kind = self._item_kind()
        if kind is None or event.data_table.id != f"{kind}-table":
            return
        item_id = self._selected_item(kind)
        if item_id:
            current = dict(self.case[kind][item_id])
            self.app.push_screen(
                ItemDialog(kind, current), lambda values: self._save_item(kind, item_id, values)
            )

    def _save_item(self, kind: str, item_id: str | None, values: dict[str, str] | None) -> None:
        if values is None:
            return
        items = {k: dict(v) for k, v in (self.case.get(kind) or {}).items()}
        items[item_id or secrets.token_hex(4)] = values
        self._write_items(kind, items)

    def _write_items(
        self, kind: str, items: dict[str, dict[str, str]], message: str | None = None
    ) -> None:
        """A case's persons or documents, saved on the store's writer thread."""
        case_id = self.case_id
        self.write_then(lambda store: update_case(store, case_id, {kind: items}), message)

    def action_remove_item(self) -> None:
        kind = self._item_kind()
        item_id = self._selected_item(kind) if kind else None
        if not kind or not item_id:
            return
        item = self.case[kind][item_id]
        name = item.get("name") or item.get("title") or ""
        question = _("Remove “{name}” from this case?").format(name=name)
        self.app.push_screen(
            ConfirmDialog(question, yes=_("Remove")),
            lambda ok: self._remove_item(kind, item_id) if ok else None,
        )

    def _remove_item(self, kind: str, item_id: str) -> None:
        items = {k: dict(v) for k, v in (self.case.get(kind) or {}).items() if k != item_id}
        self._write_items(kind, items, _("Removed."))

    @guarded
    def action_write_request(self) -> None:
        self.app.push_screen(RequestWriterScreen(self.case_id))

    def action_transmit(self) -> None:
        from ..dialogs.transmit import TransmitDialog

        self.app.push_screen(TransmitDialog(self.case_id), lambda _sent: self.reload())

    def action_thread(self) -> None:
        from .case_thread import CaseThreadScreen

        if self.link is None:
            self.notify(_("This case was neither transmitted nor received over the channel."))
            return
        self.app.push_screen(CaseThreadScreen(self.case_id), lambda _r: self.reload())

    def palette_commands(self):  # noqa: ANN201
        yield (_("Edit this case"), _("Open the form"), self.action_edit)
        if self.check_action("transmit", ()):
            yield (
                _("Transmit the request"),
                _("Seal it to the requested authority and send it over the channel"),
                self.action_transmit,
            )
        if self.link is not None:
            yield (
                _("Open the thread"),
                _("Messages exchanged with the other authority, files, proposals"),
                self.action_thread,
            )
        yield (
            _("Change the status"),
            _("Move the case to its next step"),
            self.action_change_status,
        )
        if self.conflict is not None:
            yield (
                _("Decide the conflicting statuses"),
                _("Choose which concurrent status stands"),
                self.action_decide,
            )
        yield (
            _("Write the request"),
            _("Open the request writer for this case"),
            self.action_write_request,
        )
        yield (
            _("Show the history"),
            _("Who changed what, and when"),
            lambda: self.action_tab("history"),
        )
        yield (_("Add a person"), _("A person concerned by the request"), self._add_person)
        yield (_("Add a document"), _("A document of the file"), self._add_document)

    def _add_person(self) -> None:
        self.action_tab("persons")
        self.action_add_item()

    def _add_document(self) -> None:
        self.action_tab("documents")
        self.action_add_item()
