"""Dashboard: what needs attention today — open requests, deadlines, waiting, sync."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from client.stats import dashboard_summary
from client.sync.summary import sync_lines
from shared.i18n import N_, _, ngettext
from shared.i18n.labels import DIRECTION, STATUS, label

from ..errors import guarded
from ..messages import TaskFinished
from ..widgets.tables import cell, fit_columns, text_width
from .base import EntraideScreen


class DashboardScreen(EntraideScreen):
    CSS_PATH = "dashboard.tcss"
    LABEL = N_("Dashboard")
    SECTION = "dashboard"
    HELP = N_(
        "The dashboard shows what needs attention: open requests in each direction, "
        "deadlines already passed or due within 14 days, the requests that have waited "
        "longest for an answer, and the state of synchronisation.\n\n"
        "Move between the two lists with Tab, choose a request with the arrow keys and "
        "press Enter to open it."
    )
    BINDINGS = [
        Binding("enter", "open_case", N_("Open")),
        Binding("s", "sync", N_("Sync now")),
        Binding("r", "reload", N_("Refresh")),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="cards"):
            for key in ("open-incoming", "open-outgoing", "overdue", "upcoming"):
                with Vertical(classes="card", id=key):
                    yield Static("0", classes="card-number")
                    yield Static("", classes="card-label")
        yield Static(_("Deadlines: overdue and next 14 days"), classes="section-title")
        yield DataTable(id="deadlines", cursor_type="row", zebra_stripes=True)
        yield Static(_("No deadline in the next 14 days."), id="deadlines-none", classes="none")
        yield Static(_("Waiting longest for an answer"), classes="section-title")
        yield DataTable(id="waiting", cursor_type="row", zebra_stripes=True)
        yield Static(_("No request is waiting for an answer."), id="waiting-none", classes="none")
        yield Static("", id="sync-state")

    def on_mount(self) -> None:
        self.refresh_data()

    def after_recompose(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        summary = dashboard_summary(self.store, self.entraide.today)
        cards = {
            "open-incoming": (summary.open_incoming, _("open incoming")),
            "open-outgoing": (summary.open_outgoing, _("open outgoing")),
            "overdue": (summary.overdue_count, _("overdue")),
            "upcoming": (summary.upcoming_count, _("due in 14 days")),
        }
        for key, (number, text) in cards.items():
            card = self.query_one(f"#{key}")
            card.query_one(".card-number", Static).update(str(number))
            card.query_one(".card-label", Static).update(text)
            card.set_class(key == "overdue" and number > 0, "alert")

        deadlines = self.query_one("#deadlines", DataTable)
        deadlines.clear(columns=True)
        rows = summary.overdue + summary.upcoming
        days_width = text_width([self._days_text(r.days_left) for r in rows] + [_("Days")], 8, 20)
        fit_columns(
            deadlines,
            [
                ("ref", _("Reference"), 16),
                ("title", _("Title"), None),
                ("deadline", _("Deadline"), 10),
                ("days", _("Days"), days_width),
            ],
        )
        for row in rows:
            days = self._days_text(row.days_left)
            style = "bold red" if row.days_left < 0 else ""
            deadlines.add_row(
                row.our_ref, cell(row.title), row.deadline, cell(days, style), key=row.id
            )
        self._say_when_empty(deadlines)

        waiting = self.query_one("#waiting", DataTable)
        waiting.clear(columns=True)
        status_width = text_width(
            [label(STATUS, i.status) for i in summary.waiting] + [_("Status")], 8, 18
        )
        fit_columns(
            waiting,
            [
                ("ref", _("Reference"), 16),
                ("title", _("Title"), None),
                ("direction", _("Direction"), 9),
                ("status", _("Status"), status_width),
                ("days", _("Waiting"), 9),
            ],
        )
        for item in summary.waiting:
            waiting.add_row(
                item.our_ref,
                cell(item.title),
                cell(label(DIRECTION, item.direction)),
                cell(label(STATUS, item.status)),
                ngettext("{n} day", "{n} days", item.days).format(n=item.days),
                key=item.id,
            )
        self._say_when_empty(waiting)
        self.show_sync_state()

    def _say_when_empty(self, table: DataTable) -> None:
        """An empty list gives way to a sentence, whole on its own line (a table cell
        would cut it at 80 columns in French)."""
        empty = not table.row_count
        table.display = not empty
        self.query_one(f"#{table.id}-none", Static).display = empty

    @staticmethod
    def _days_text(days_left: int) -> str:
        if days_left < 0:
            return ngettext("{n} day late", "{n} days late", -days_left).format(n=-days_left)
        return ngettext("in {n} day", "in {n} days", days_left).format(n=days_left)

    def show_sync_state(self) -> None:
        transfers = self.entraide.transfers
        try:
            status = transfers.sync_status()
        except Exception as exc:  # noqa: BLE001 - a broken sync package must not break the dashboard
            self.query_one("#sync-state", Static).update(str(exc))
            return
        self.query_one("#sync-state", Static).update(
            "\n".join(sync_lines(status, transfers.running))
        )

    def task_finished(self, message: TaskFinished) -> None:
        if self.is_attached:
            self.show_sync_state()

    @guarded
    def action_open_case(self) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key:
            from .case_detail import CaseDetailScreen

            self.app.push_screen(CaseDetailScreen(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_case()

    def action_sync(self) -> None:
        self.entraide.sync_now()
        self.show_sync_state()

    def action_reload(self) -> None:
        self.reload()
