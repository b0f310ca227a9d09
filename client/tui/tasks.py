"""Background transfers (network sync, USB export and import) run in thread workers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.i18n import _, ngettext

from ..bundles import ExportReport, ImportReport, export_bundle, import_bundle
from ..sync import SyncAgent, SyncReport, SyncStatus, sync_status
from .progress_relay import ProgressRelay

if TYPE_CHECKING:
    from .app import EntraideApp

GROUP = "transfer"


@dataclass
class TaskRecord:
    """One finished transfer of this session, for the Sync screen's log."""

    when: str
    task: str
    ok: bool
    message: str


class Transfers:
    """Starts transfers, one at a time, and remembers how they ended."""

    def __init__(self, app: EntraideApp) -> None:
        self.app = app
        self.relays: dict[str, ProgressRelay] = {}
        self.records: list[TaskRecord] = []  # newest first
        self.running: str | None = None
        self.manual: bool = False
        # One sync agent for the app's life: its HTTP client and connection serve every
        # round (a new client costs about 30 ms, a new connection a handshake).
        self._agent: SyncAgent | None = None

    def sync_status(self) -> SyncStatus:
        return sync_status(self.app.store)

    # -- starting --------------------------------------------------------------------
    def start_sync(self, manual: bool = True) -> bool:
        """`manual`: asked for by the user (publishes the staged returns), else the
        background sync (publishes them once due: client/returns/book.py)."""
        return self._start("sync", lambda store, cb: self._run_sync(store, cb, manual), manual)

    def _run_sync(self, store: Any, progress: ProgressRelay, by_hand: bool) -> SyncReport:
        if self._agent is None:
            self._agent = SyncAgent(store, keep_alive=True)
        return self._agent.sync_once(progress=progress, by_hand=by_hand)

    def close(self) -> None:
        """Close the sync agent's connection (the app is quitting)."""
        if self._agent is not None:
            self._agent.close()
            self._agent = None

    def start_export(self, path: Path) -> bool:
        return self._start("export", lambda store, cb: _run_export(store, path, cb), True)

    def start_import(self, path: Path) -> bool:
        return self._start("import", lambda store, cb: _run_import(store, path, cb), True)

    def _start(self, task: str, work: Callable[[Any, ProgressRelay], Any], manual: bool) -> bool:
        if self.running:
            if manual:
                self.app.notify(
                    _("Please wait: another transfer is still running."), severity="warning"
                )
            return False
        relay = ProgressRelay(self.app, task)
        self.relays[task] = relay
        self.running, self.manual = task, manual
        store = self.app.store
        self.app.run_worker(
            lambda: work(store, relay),
            name=task,
            group=GROUP,
            thread=True,
            exit_on_error=False,
        )
        return True

    def finished(self, task: str, ok: bool, message: str) -> None:
        self.running = None
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        self.records.insert(0, TaskRecord(stamp, task, ok, message))
        del self.records[50:]


# -- the work itself (worker threads: no widgets here) -------------------------------
def _run_export(store: Any, path: Path, progress: ProgressRelay) -> ExportReport:
    return export_bundle(store, path, progress=progress)


def _run_import(store: Any, path: Path, progress: ProgressRelay) -> ImportReport:
    return import_bundle(store, path, progress=progress)


def describe_result(result: SyncReport | ExportReport | ImportReport) -> str:
    """A finished transfer in plain words."""
    if isinstance(result, SyncReport):
        pushed, pulled = result.pushed, result.pulled
        return _("Sync complete: {sent}, {received}.").format(
            sent=ngettext("{n} change sent", "{n} changes sent", pushed).format(n=pushed),
            received=ngettext("{n} received", "{n} received", pulled).format(n=pulled),
        )
    if isinstance(result, ExportReport):
        count = result.changes
        return ngettext(
            "Exported {count} change to {path}.", "Exported {count} changes to {path}.", count
        ).format(count=count, path=result.path)
    count = result.changes
    return ngettext(
        "Imported {count} change ({new} new).", "Imported {count} changes ({new} new).", count
    ).format(count=count, new=result.new)
