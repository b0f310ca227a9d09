"""Background transfers (network sync, USB export and import) run in thread workers.

The domain packages `client.sync` and `client.bundles` are imported lazily,
inside the worker functions: the app starts and works without them, and says
"not available" instead of failing.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.i18n import _, ngettext

from .progress_relay import ProgressRelay

if TYPE_CHECKING:
    from .app import EntraideApp

log = logging.getLogger(__name__)
GROUP = "transfer"


def optional_module(name: str) -> Any | None:
    """The module, or None while it is not installed (being written, or left out)."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        log.info("%s not available: %s", name, exc)
        return None


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
        self._agent: Any | None = None

    # -- availability --------------------------------------------------------------
    @staticmethod
    def sync_available() -> bool:
        return optional_module("client.sync") is not None

    @staticmethod
    def bundles_available() -> bool:
        return optional_module("client.bundles") is not None

    def sync_status(self) -> Any | None:
        sync = optional_module("client.sync")
        if sync is None:
            return None
        return sync.sync_status(self.app.store)

    # -- starting --------------------------------------------------------------------
    def start_sync(self, manual: bool = True) -> bool:
        return self._start("sync", self._run_sync, manual)

    def _run_sync(self, store: Any, progress: ProgressRelay) -> Any:
        if self._agent is None:
            sync = _require("client.sync")
            self._agent = sync.SyncAgent(store, keep_alive=True)
        return self._agent.sync_once(progress=progress)

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
def _require(name: str) -> Any:
    module = optional_module(name)
    if module is None:
        raise RuntimeError(_("This function is not available in this installation."))
    return module


def _run_export(store: Any, path: Path, progress: ProgressRelay) -> Any:
    bundles = _require("client.bundles")
    return bundles.export_bundle(store, path, progress=progress)


def _run_import(store: Any, path: Path, progress: ProgressRelay) -> Any:
    bundles = _require("client.bundles")
    return bundles.import_bundle(store, path, progress=progress)


def describe_result(task: str, result: Any) -> str:
    """A finished transfer in plain words."""
    if task == "sync":
        pushed, pulled = getattr(result, "pushed", 0), getattr(result, "pulled", 0)
        return _("Sync complete: {sent}, {received}.").format(
            sent=ngettext("{n} change sent", "{n} changes sent", pushed).format(n=pushed),
            received=ngettext("{n} received", "{n} received", pulled).format(n=pulled),
        )
    if task == "export":
        count = getattr(result, "changes", 0)
        return ngettext(
            "Exported {count} change to {path}.", "Exported {count} changes to {path}.", count
        ).format(count=count, path=getattr(result, "path", ""))
    count = getattr(result, "changes", 0)
    return ngettext(
        "Imported {count} change ({new} new).", "Imported {count} changes ({new} new).", count
    ).format(count=count, new=getattr(result, "new", 0))
