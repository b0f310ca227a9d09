"""A case's thread on the channel: the messages both ways, the files, proposals to confirm.

What the other authority proposes (a status) changes the case only when the
officer confirms it here (A), as `entraide case thread --accept` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from client.cases import get_case
from client.exchange import (
    accept,
    case_attachments,
    mark_read,
    read_attachment,
    send_message,
    thread_items,
    unread_messages,
)
from client.exchange.links import channel_link
from client.keys.local import own_authority
from client.paths import unused_path
from shared.files import atomic_write
from shared.i18n import N_, _, ngettext
from shared.i18n.labels import ADVANCE_COPY, STATUS, label

from ..dialogs.confirm import ConfirmDialog
from ..dialogs.export_done import ExportDoneDialog
from ..dialogs.file_picker import FilePickerDialog
from ..dialogs.reply import Reply, ReplyDialog
from ..dialogs.text import TextDialog
from ..errors import guarded
from ..widgets.case import thread as words
from ..widgets.tables import cell, fit_columns, text_width
from .base import EntraideScreen


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} B"


class CaseThreadScreen(EntraideScreen):
    CSS_PATH = "case_thread.tcss"
    LABEL = N_("Thread")
    SECTION = "cases"
    HELP = N_(
        "The messages exchanged with the other authority about this request, oldest first: "
        "the request itself, acknowledgements, questions and consultations, status changes, "
        "executions with their result files, refusals and postponements with their grounds; "
        "[delivered] and [read] say what the other authority received and opened. "
        "Enter opens the selected message in full.\n\n"
        "A status the other authority proposes (marked ●) changes nothing by itself: A "
        "confirms it, and only then does the case take that status (then marked ✓).\n"
        "R replies with any of these messages. The files of the "
        "case are listed below the messages: S saves the selected file where you choose. "
        "What you send leaves at the next sync or USB export."
    )
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("r", "reply", N_("Reply")),
        Binding("a", "accept", N_("Confirm status")),
        Binding("s", "save_file", N_("Save file")),
    ]

    def __init__(self, case_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.items: list[Any] = []
        self.files: list[Any] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="thread-header")
        yield DataTable(id="messages", cursor_type="row", zebra_stripes=True)
        yield Static("", id="files-title", classes="section-title")
        yield DataTable(id="files", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#messages", DataTable).focus()

    # -- showing ------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        case = get_case(self.store, self.case_id)
        link = channel_link(self.store, case)
        self.own = own_authority(self.store)
        self.peer = link.peer if link else ""
        self.items = thread_items(self.store, self.case_id)
        if unread_messages(self.store, self.case_id):  # a read receipt for them (once each)
            case_id = self.case_id
            self.entraide.write_then(lambda store: mark_read(store, case_id))
        self.files = case_attachments(self.store, self.case_id)
        ref = case.get("our_ref") or case.get("their_ref") or case.get("title") or self.case_id
        if case.get("advance_copy"):
            how_copy = label(ADVANCE_COPY, case["advance_copy"])
        else:
            how_copy = ""
        if link is not None and link.direction == "in":
            how = _("received over the channel from {peer}").format(peer=self.peer)
        else:
            how = _("transmitted to {peer}").format(peer=self.peer)
        lines = [
            _("{ref} · {how} · status: {status}").format(
                ref=ref, how=how, status=label(STATUS, case.get("status") or "draft")
            )
        ]
        if how_copy:
            lines.append(how_copy)
        pending = sum(1 for i in self.items if i.proposal == "pending")
        if pending:
            lines.append(
                ngettext(
                    "● {n} proposed status to confirm: select it and press A.",
                    "● {n} proposed statuses to confirm: select one and press A.",
                    pending,
                ).format(n=pending)
            )
        self.query_one("#thread-header", Static).update("\n".join(lines))
        self.query_one("#thread-header", Static).set_class(bool(pending), "-pending")
        self._fill_messages()
        self._fill_files()
        self.refresh_bindings()

    def _fill_messages(self) -> None:
        table = self.query_one("#messages", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # Authority codes and kinds as wide as this thread needs: the message gets the rest.
        kinds = [words.kind_label(i.type) for i in self.items]
        fit_columns(
            table,
            [
                ("when", _("When"), 16),
                ("from", _("From"), text_width([self.own, self.peer, _("From")], 4, 12)),
                ("kind", _("Kind"), text_width([*kinds, _("Kind")], 6, 24)),
                ("what", _("Message"), None),
            ],
        )
        for item in self.items:
            what = Text(no_wrap=True, overflow="ellipsis")
            if item.proposal:
                mark, style = words.PROPOSAL_MARKS[item.proposal]
                what.append(mark + " ", style=style)
            seen = words.receipt(item) if item.direction == "out" else ""
            if seen:
                what.append(f"[{words.label(words.RECEIPTS, seen)}] ", style="italic")
            what.append(words.summary(item), style="bold" if item.proposal == "pending" else "")
            table.add_row(
                words.when(item.at),
                cell(words.sender(item, self.own, self.peer)),
                cell(words.kind_label(item.type)),
                what,
                key=item.envelope_id,
            )
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1), animate=False)

    def _fill_files(self) -> None:
        self.query_one("#files-title", Static).update(
            _("Files ({n})").format(n=len(self.files))
            if self.files
            else _("Files: none on this case")
        )
        table = self.query_one("#files", DataTable)
        table.display = bool(self.files)
        table.clear(columns=True)
        fit_columns(table, [("name", _("Name"), None), ("size", _("Size"), 9)])
        for n, item in enumerate(self.files):
            table.add_row(cell(item.name), size_text(item.size), key=str(n))

    def _selected(self) -> Any | None:
        table = self.query_one("#messages", DataTable)
        if not self.items or not 0 <= table.cursor_row < len(self.items):
            return None
        return self.items[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A shows only while a proposal waits; S only when the case has files."""
        if action == "accept":
            return any(i.proposal == "pending" for i in self.items)
        if action == "save_file":
            return bool(self.files)
        return True

    # -- actions ------------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "files":
            self.action_save_file()
            return
        item = self._selected()
        if item is not None:
            title = f"{words.kind_label(item.type)} · {words.when(item.at)}"
            self.app.push_screen(TextDialog(title, words.full_text(item, self.own, self.peer)))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reply(self) -> None:
        case = get_case(self.store, self.case_id)
        start = Path(self.entraide.settings.start_folder or self.entraide.data_dir)
        self.app.push_screen(ReplyDialog(case.get("direction") or "", self.peer, start), self._send)

    def _send(self, reply: Reply | None) -> None:
        if reply is None:
            return
        case_id = self.case_id
        self.write_then(
            lambda store: send_message(
                store,
                case_id,
                reply.kind,
                reply.status,
                reply.text,
                grounds=reply.grounds,
                execution=reply.execution,
                files=reply.files,
            ),
            _("Message sealed to {peer}. It leaves at the next sync or USB export.").format(
                peer=self.peer
            ),
        )

    def action_accept(self) -> None:
        item = self._selected()
        if item is None or item.proposal != "pending":
            pending = [i for i in self.items if i.proposal == "pending"]
            if len(pending) != 1:
                self.notify(_("Select the message whose status you confirm."))
                return
            item = pending[0]
        question = _("{peer} proposes the status “{status}”. Set this case to it?").format(
            peer=self.peer, status=label(STATUS, item.status)
        )
        self.app.push_screen(
            ConfirmDialog(question, yes=_("Confirm status")),
            lambda ok: self._accept(item.envelope_id) if ok else None,
        )

    def _accept(self, envelope_id: str) -> None:
        case_id = self.case_id

        def accepted(status: str) -> None:
            self.notify(_("Status changed to {status}.").format(status=label(STATUS, status)))
            if self.is_mounted:
                self.reload()

        self.entraide.write_then(lambda store: accept(store, case_id, envelope_id), accepted)

    def action_save_file(self) -> None:
        table = self.query_one("#files", DataTable)
        if not self.files:
            return
        item = self.files[min(max(table.cursor_row, 0), len(self.files) - 1)]
        start = self.entraide.settings.start_folder or self.entraide.data_dir
        self.app.push_screen(
            FilePickerDialog(
                True,
                Path(start),
                item.name,
                title=_("Save {name} as").format(name=item.name),
                button=_("Save"),
            ),
            lambda path: self._save_file(item, path),
        )

    @guarded
    def _save_file(self, item: Any, path: Path | None) -> None:
        if path is None:
            return
        path = unused_path(path)  # never over an earlier file
        atomic_write(path, read_attachment(self.store, item.sha256))
        self.app.push_screen(ExportDoneDialog(path, title=_("{name} saved").format(name=item.name)))

    def palette_commands(self):  # noqa: ANN201
        yield (_("Reply on the thread"), _("Acknowledge, change status, inform"), self.action_reply)
        if any(i.proposal == "pending" for i in self.items):
            yield (
                _("Confirm the proposed status"),
                _("Set the case to the status the other authority proposes"),
                self.action_accept,
            )
        if self.files:
            yield (
                _("Save a file of the case"),
                _("Write it where you choose"),
                self.action_save_file,
            )
