"""The secretariat's sync monitor: for each authority, when data from it last reached the
server (by any route: a USB stick relayed by another office counts), its devices' last
syncs and what waits for them. Offices silent for weeks come first, in red."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from client.sync.monitor import AuthorityStatus, network_status
from shared.i18n import N_, _

from .base import EntraideScreen


class SyncMonitorScreen(EntraideScreen):
    CSS_PATH = "secretariat.tcss"
    LABEL = N_("Sync monitor")
    SECTION = "sync"
    HELP = N_(
        "For each authority of the network: when data from it last reached the server (a "
        "USB stick relayed by another office counts; the server does not keep who carried it), "
        "how many days "
        "ago that was, and what waits on the server for its devices. Offices silent for "
        "three weeks or more come first, marked in red. Below, the devices of the selected "
        "authority and when each last synced. Only secretariat devices may read this. "
        "R asks the server again; Escape goes back."
    )
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("r", "reload", N_("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AuthorityStatus] = []

    def compose_body(self) -> ComposeResult:
        yield Static(_("Asking the server…"), id="secretariat-info")
        yield DataTable(id="pending", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="diff-scroll"):
            yield Static("", id="diff")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self.run_worker(
            lambda: network_status(self.store), thread=True, exclusive=True, exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        info = self.query_one("#secretariat-info", Static)
        if event.state == WorkerState.ERROR:
            info.update(
                _("The server could not be asked: {reason}").format(
                    reason=escape(str(event.worker.error))
                )
            )
        elif event.state == WorkerState.SUCCESS:
            self.rows = event.worker.result or []
            self._show()

    def _show(self) -> None:
        table = self.query_one("#pending", DataTable)
        table.clear(columns=True)
        table.add_columns(_("Authority"), _("Last data received"), _("Days"), _("Waiting"))
        for row in self.rows:
            days = f"[b red]{row.days_silent}[/]" if row.silent else str(row.days_silent)
            code = f"[b red]!! {escape(row.authority)}[/]" if row.silent else escape(row.authority)
            table.add_row(
                code,
                (row.last_received or _("never"))[:16].replace("T", " "),
                days,
                str(row.pending),
                key=row.authority,
            )
        silent = sum(1 for r in self.rows if r.silent)
        self.query_one("#secretariat-info", Static).update(
            _("{count} authorities, {silent} silent for three weeks or more").format(
                count=len(self.rows), silent=silent
            )
        )
        self._show_devices()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_devices()

    def _show_devices(self) -> None:
        table = self.query_one("#pending", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            self.query_one("#diff", Static).update("")
            return
        row = self.rows[table.cursor_row]
        lines = [f"[b]{escape(row.authority)}[/b]  {escape(row.name)}"]
        for device in row.devices:
            state = (
                _("revoked {date}").format(date=device.revoked_at)
                if device.revoked_at
                else _("last sync {date}, {count} waiting").format(
                    date=device.last_sync or _("never"), count=device.pending
                )
            )
            lines.append(f"  {escape(device.device_id)} ({escape(device.role)}): {escape(state)}")
        self.query_one("#diff", Static).update("\n".join(lines))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.reload()
