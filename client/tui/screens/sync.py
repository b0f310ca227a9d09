"""Sync: the state of synchronisation, sync now, and USB export and import with progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, ProgressBar, Static

from client.identity import is_secretariat
from client.paths import unused_path
from client.progress import Progress
from client.sync.summary import short_time, space_label, sync_lines
from shared.i18n import N_, _

from ..dialogs.file_picker import FilePickerDialog
from ..messages import TaskFinished
from ..widgets.sync.faults import fill_faults
from ..widgets.sync.log import fold_repeats
from .base import EntraideScreen

PHASES = {
    "push": N_("Sending changes"),
    "pull": N_("Receiving changes"),
    "export": N_("Writing the file"),
    "import": N_("Reading the file"),
    "verify": N_("Checking signatures"),
    "apply": N_("Applying changes"),
}
TASKS = {"sync": N_("Sync"), "export": N_("USB export"), "import": N_("USB import")}


class SyncScreen(EntraideScreen):
    CSS_PATH = "sync.tcss"
    LABEL = N_("Sync")
    SECTION = "sync"
    HELP = N_(
        "Entraide sends and receives changes by itself, in the background, whenever the "
        "server can be reached. S starts a sync at once.\n\n"
        "Without internet, carry changes on a USB stick: X writes a file with your "
        "changes (export), I reads a file brought from another office or from the "
        "secretariat (import). A file can be imported twice without harm, and a damaged "
        "or altered file is refused without changing anything.\n\n"
        "The tables show the changes still waiting to be sent, the changes from other "
        "devices that were set aside because they break the rules of their space (with "
        "the reason; everything else was applied), and the recent syncs and transfers "
        "with their result in plain words."
    )
    BINDINGS = [
        Binding("s", "sync", N_("Sync now")),
        Binding("x", "export", N_("Export to USB")),
        Binding("i", "import", N_("Import from USB")),
        # Off the footer, which has no room left at 80 columns in French: the status
        # lines name the key on the secretariat's devices.
        Binding("m", "monitor", N_("Sync monitor"), show=False),
    ]
    secretariat = False  # the monitor is the secretariat's (set on mount)

    def compose_body(self) -> ComposeResult:
        yield Static("", id="sync-status")
        with Horizontal(id="sync-buttons"):
            yield Button(_("Sync now"), id="sync", compact=True)
            yield Button(_("Export to USB"), id="export", compact=True)
            yield Button(_("Import from USB"), id="import", compact=True)
        yield Static("", id="progress-label")
        yield ProgressBar(id="progress", show_eta=False)
        yield Static(_("Changes waiting to be sent"), classes="section-title")
        yield DataTable(id="pending", cursor_type="row", zebra_stripes=True)
        yield Static(
            _(
                "Statistics wait up to a day for the automatic sync, which sends them"
                " together; Sync now sends them at once."
            ),
            id="pending-hint",
        )
        yield Static(_("Set aside: changes refused from other devices"), id="faults-title")
        yield DataTable(id="faults", cursor_type="row", zebra_stripes=True)
        yield Static(_("Recent syncs and transfers"), classes="section-title")
        yield DataTable(id="log", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.secretariat = is_secretariat(self.store)
        self.query_one("#progress", ProgressBar).display = False
        self.refresh_data()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "monitor":
            return self.secretariat  # the server answers the secretariat's devices only
        return True

    def refresh_data(self) -> None:
        transfers = self.entraide.transfers
        try:
            status = transfers.sync_status()
        except Exception as exc:  # noqa: BLE001 - a broken sync package must not break the screen
            status = None
            self.entraide.show_error(exc)
        lines = sync_lines(status, transfers.running)
        if status is not None and status.server_url:
            lines.insert(0, _("Server: {url}").format(url=status.server_url))
        if self.secretariat:
            lines.append(_("M opens the sync monitor: when each office last synced."))
        self.query_one("#sync-status", Static).update("\n".join(lines))

        pending = self.query_one("#pending", DataTable)
        pending.clear(columns=True)
        pending.add_columns(_("Space"), _("Changes"))
        for space, count in sorted((status.pending if status else {}).items()):
            pending.add_row(space_label(space), str(count))
        if not pending.row_count:
            pending.add_row(_("Nothing waiting."), "")
        waiting = status.pending if status else {}
        self.query_one("#pending-hint", Static).display = any(
            space.startswith("returns/") for space in waiting
        )

        faults = status.faults if status is not None else []
        fill_faults(self.query_one("#faults", DataTable), faults)
        self.query_one("#faults-title", Static).display = bool(faults)

        log = self.query_one("#log", DataTable)
        log.clear(columns=True)
        log.add_columns(_("When"), _("What"), _("Result"), _("Details"))
        rows: list[tuple[str, str, str, str]] = []
        for record in transfers.records:
            rows.append(
                (
                    record.when,
                    _(TASKS.get(record.task, record.task)),
                    _("Succeeded") if record.ok else _("Failed"),
                    record.message,
                )
            )
        session = {r.when[:16] for r in transfers.records}
        for entry in (status.log if status else [])[:30]:
            when = short_time(entry.when)
            if when in session:
                continue  # already listed from this session
            rows.append(
                (when, _("Sync"), _("Succeeded") if entry.ok else _("Failed"), entry.message)
            )
        rows.sort(key=lambda r: r[0], reverse=True)
        for row in fold_repeats(rows):
            log.add_row(*row)
        if not rows:
            log.add_row("", "", "", _("No sync or transfer yet."))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A long log line, in full (Enter on it)."""
        if event.data_table.id == "log":
            from ..dialogs.text import TextDialog

            cells = event.data_table.get_row_at(event.cursor_row)
            self.app.push_screen(TextDialog(" · ".join(map(str, cells[:3])), str(cells[3])))

    # -- progress -----------------------------------------------------------------------
    def show_progress(self, task: str, progress: Progress) -> None:
        if not self.is_attached:
            return
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=progress.total or None, progress=progress.done)
        phase = _(PHASES[progress.phase]) if progress.phase in PHASES else progress.phase
        text = f"{_(TASKS.get(task, task))}: {phase}"
        if progress.total:
            text += f" ({progress.done}/{progress.total})"
        if progress.bytes:
            text += f", {progress.bytes / 1024:.0f} KB"
        if progress.message:
            text += f" — {progress.message}"
        self.query_one("#progress-label", Static).update(text)

    def task_finished(self, message: TaskFinished) -> None:
        if not self.is_attached:
            return
        bar = self.query_one("#progress", ProgressBar)
        bar.display = False
        label = _(TASKS.get(message.task, message.task))
        result = _("finished") if message.ok else _("failed: {reason}").format(reason=message.error)
        self.query_one("#progress-label", Static).update(f"{label}: {result}")
        self.refresh_data()

    # -- actions ----------------------------------------------------------------------------
    def action_sync(self) -> None:
        self.entraide.sync_now()
        self.refresh_data()

    def action_export(self) -> None:
        name = f"entraide-{self.store.device_id[:6]}-{dt.datetime.now():%Y%m%d-%H%M}.entraide"
        self.app.push_screen(FilePickerDialog(True, self._start_folder(), name), self._export_to)

    def _export_to(self, path: Path | None) -> None:
        # Never over an earlier file: "name (2).entraide" instead.
        if path is not None and self.entraide.transfers.start_export(unused_path(path)):
            self.query_one("#progress-label", Static).update(_("USB export: starting…"))

    def action_import(self) -> None:
        self.app.push_screen(FilePickerDialog(False, self._start_folder()), self._import_from)

    def _import_from(self, path: Path | None) -> None:
        if path is not None and self.entraide.transfers.start_import(path):
            self.query_one("#progress-label", Static).update(_("USB import: starting…"))

    def _start_folder(self) -> Path:
        return self.entraide.settings.start_folder or Path.home()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"sync": self.action_sync, "export": self.action_export, "import": self.action_import}[
            str(event.button.id)
        ]()

    def action_monitor(self) -> None:
        from .sync_monitor import SyncMonitorScreen

        self.app.push_screen(SyncMonitorScreen())

    def palette_commands(self):  # noqa: ANN201
        if self.secretariat:
            yield (
                _("Sync monitor"),
                _("Secretariat: which office synced when, which is silent"),
                self.action_monitor,
            )
        yield (_("Export to USB"), _("Write your changes to a file"), self.action_export)
        yield (_("Import from USB"), _("Read a file from another office"), self.action_import)
