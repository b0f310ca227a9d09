"""The Entraide terminal app: sections as modes, one store, background transfers.

Kept thin: each section is a screen module under `screens/`; the work is in
the domain packages; this file wires them and owns what is app-wide (language,
store change notifications, transfers and the single place errors are shown).
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import logging
import os
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.worker import Worker, WorkerState

import client.requests  # noqa: F401 - registers the send gate (client.cases.gates)
from shared import i18n
from shared.errors import EntraideError
from shared.files import private_opener
from shared.i18n import N_, _

from ..bundles import ExportReport
from ..store import Store
from ..users import list_users
from .bindings import translate_bindings
from .commands import EntraideCommands, PaletteEntry
from .errors import plain_error
from .messages import StoreChanged, TaskFinished, TaskProgress
from .screens.base import EntraideScreen, HoldsTypedText
from .screens.case_list import CaseListScreen
from .screens.dashboard import DashboardScreen
from .screens.directory import DirectoryScreen
from .screens.library import LibraryScreen
from .screens.settings import SettingsScreen
from .screens.stats import StatsScreen
from .screens.sync import SyncScreen
from .settings import TuiSettings
from .tasks import GROUP, Transfers, describe_result

T = TypeVar("T")

log = logging.getLogger(__name__)

WRITES = "store-writes"  # the worker group of `EntraideApp.write_then`

# Section (mode) name -> screen class, in the order of the navigation bar.
SECTIONS: dict[str, type[EntraideScreen]] = {
    "dashboard": DashboardScreen,
    "cases": CaseListScreen,
    "directory": DirectoryScreen,
    "sync": SyncScreen,
    "stats": StatsScreen,
    "settings": SettingsScreen,
    "library": LibraryScreen,
}


class EntraideApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Entraide"
    COMMANDS: ClassVar[set[Any]] = {EntraideCommands}
    # Set by _handle_exception when the app stops on an unexpected error.
    _crash_text: str = ""
    _crash_log: Path | None = None
    MODES: ClassVar[dict[str, Any]] = dict(SECTIONS)
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("f1,question_mark", "help", N_("Help")),
        Binding("ctrl+p", "command_palette", N_("Commands"), priority=True, show=False),
        # Not in the footer (80 columns are short in French): in help (F1) and the palette.
        Binding("ctrl+q", "quit", N_("Quit"), priority=True, show=False),
        # Ctrl+C copies in a text box; elsewhere it quits, asking first if typed text is open.
        Binding("ctrl+c", "quit", N_("Quit"), show=False),
        # Tab moves the focus as soon as the app reads it (priority), before the keys that
        # came with it: text typed or sent in one burst with Tab lands in the next field,
        # not in the one before (a non-priority Tab first travels through that field).
        Binding("tab", "focus_next", N_("Focus Next"), show=False, priority=True),
        Binding("shift+tab", "focus_previous", N_("Focus Previous"), show=False, priority=True),
        *(
            Binding(f"f{n}", f"section('{name}')", screen.LABEL, show=False)
            for n, (name, screen) in enumerate(SECTIONS.items(), start=2)
        ),
    ]

    def __init__(self, store: Store, settings: TuiSettings | None = None) -> None:
        self.store = store
        self.settings = settings or TuiSettings()
        i18n.set_language(self.settings.language or _saved_language(store))
        super().__init__()
        translate_bindings(self)
        self.transfers = Transfers(self)
        self._change_posted = False
        self._redrawing = False
        self._sync_delay = self.settings.sync_interval
        self.store.on_change(self._store_written)

    @property
    def today(self):  # noqa: ANN201 - a date
        return self.settings.current_date()

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir or self.store.path.parent

    def on_unmount(self) -> None:
        self.store.keep_writes_off(None)
        self.transfers.close()

    def on_mount(self) -> None:
        # Writes go to the store's writer (`write`, `write_then`), never on this thread.
        self.store.keep_writes_off(threading.current_thread())
        self.switch_mode("dashboard")
        if self.settings.auto_sync:
            self.set_timer(3, self._auto_sync)
        if list_users(self.store):
            self.choose_user()  # a shared PC: who is at the keyboard?

    def choose_user(self) -> None:
        from .dialogs.users import AddUserDialog, WhoDialog

        def chosen(name: str | None) -> None:
            if name:
                self.notify(_("Working as {name}.").format(name=name))
                for stack in self._screen_stacks.values():
                    for screen in stack:
                        if isinstance(screen, EntraideScreen):
                            screen.stale = True
                if isinstance(self.screen, EntraideScreen) and self.screen.is_mounted:
                    self.screen.reload()

        if list_users(self.store):
            self.push_screen(WhoDialog(), chosen)
        else:
            self.push_screen(AddUserDialog(), lambda name: self.choose_user() if name else None)

    def handover(self) -> None:
        from .dialogs.handover import HandoverDialog

        self.push_screen(HandoverDialog())

    # -- navigation ------------------------------------------------------------------
    def action_section(self, name: str) -> None:
        if name in SECTIONS:
            # Leave dialogs and sub-screens of the current section as they are.
            self.switch_mode(name)

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, EntraideScreen):
            screen.action_help()

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for a command…"))
            )

    def palette_commands(self) -> Iterable[PaletteEntry]:
        for name, screen in SECTIONS.items():
            yield (
                _("Go to: {section}").format(section=_(screen.LABEL)),
                _("Open the section"),
                lambda name=name: self.action_section(name),
            )
        yield (_("Sync now"), _("Send and receive changes with the server"), self.sync_now)
        for lang in i18n.LANGUAGES:
            if lang != i18n.get_language():
                yield (
                    _("Language: {name}").format(name=i18n.LANGUAGE_NAMES[lang]),
                    _("Switch the whole application to this language"),
                    lambda lang=lang: self.call_later(self.set_language, lang),
                )
        yield (_("Change user"), _("Who is working on this PC"), self.choose_user)
        yield (
            _("Handover"),
            _("Pass a focal point's open cases to a colleague, with a report"),
            self.handover,
        )
        yield (_("Help"), _("Keys and explanations for this screen"), self.action_help)
        yield (_("Quit"), _("Close Entraide"), self.action_quit)

    # -- quitting ----------------------------------------------------------------------------
    def unsaved_work(self) -> list[str]:
        """The names of open forms and dialogs that hold typed text not saved yet."""
        names: list[str] = []
        seen: set[int] = set()
        stacks = [*self._screen_stacks.values(), self.screen_stack]
        for screen in (screen for stack in stacks for screen in stack):
            if id(screen) in seen:
                continue
            seen.add(id(screen))
            if isinstance(screen, HoldsTypedText) and screen.holds_typed_text():
                names.append(_(screen.LABEL) or _("a form"))
        return names

    async def action_quit(self) -> None:
        """Quit at once, unless typed text would be lost: then ask first."""
        from .dialogs.confirm import ConfirmDialog

        unsaved = self.unsaved_work()
        if not unsaved:
            self.exit()
            return
        if isinstance(self.screen, ConfirmDialog) and self.screen.id == "quit-confirm":
            return
        question = _("Typed text is not saved yet ({where}). Quit anyway and lose it?").format(
            where=", ".join(dict.fromkeys(unsaved))
        )
        dialog = ConfirmDialog(question, yes=_("Quit without saving"), title=_("Quit Entraide?"))
        dialog.id = "quit-confirm"
        self.push_screen(dialog, lambda ok: self.exit() if ok else None)

    # -- language ------------------------------------------------------------------------
    async def set_language(self, lang: str) -> None:
        """Switch the whole UI; saved in the store so the next start uses it.

        Every open screen of every section is drawn again in the new language; what is
        typed in forms and dialogs is put back in place."""
        i18n.set_language(lang)
        self.write_then(lambda store: store.set_meta("language", lang))
        translate_bindings(self)
        # A section showing only its main screen is simply rebuilt on its next visit.
        current = self.current_mode
        for name, screen in SECTIONS.items():
            stack = self._screen_stacks.get(name, [])
            if name != current and len(stack) <= 1:
                await self.remove_mode(name)
                self.add_mode(name, screen)
        screens = [s for stack in self._screen_stacks.values() for s in stack]
        self._redrawing = True  # store changes meanwhile wait: widgets are being rebuilt
        try:
            for screen in dict.fromkeys([*self.screen_stack, *screens]):
                if screen.is_mounted and not isinstance(screen, CommandPalette):
                    await self._redraw(screen)
        finally:
            self._redrawing = False

    async def _redraw(self, screen: Any) -> None:
        from .widgets.forms import FormField

        translate_bindings(screen)
        typed = {f.id: f.value for f in screen.query(FormField)}
        await screen.recompose()
        for form_field in screen.query(FormField):
            if form_field.id in typed:
                form_field.restore(typed[form_field.id])
        if isinstance(screen, EntraideScreen):
            screen.after_recompose()
        screen.refresh_bindings()  # the footer shows the keys again, in the new language

    def keys_changed(self) -> None:
        """A passphrase or recovery code now exists (or a key arrived): warnings go."""
        for stack in self._screen_stacks.values():
            for screen in stack:
                if isinstance(screen, EntraideScreen) and screen.is_mounted:
                    screen.check_key_warning()

    # -- store changes -----------------------------------------------------------------
    async def write(self, job: Callable[[Store], T]) -> T:
        """Run `job(store)` on the store's writer thread, in one transaction, and wait for
        it without holding the event loop: keys and redraws go on while SQLite writes
        (behind an import's batch, for instance). A write asked is done even if the
        awaiting worker is cancelled (the app quitting, its screen closed)."""
        return await asyncio.shield(asyncio.wrap_future(self.store.submit(job)))

    def write_then(
        self,
        job: Callable[[Store], T],
        done: Callable[[T], object] | None = None,
        failed: Callable[[Exception], bool] | None = None,
    ) -> Worker[None]:
        """`write(job)` from a worker, returning at once: the key or button that asked for
        it is handled, and so are the keys that follow, while SQLite writes. Once the job
        has committed, `done(result)` runs on the event loop (awaited if a coroutine);
        an error goes to `failed` (True: it dealt with it) or is shown in plain words."""

        async def save() -> None:
            try:
                result = await self.write(job)
            except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
                if failed is None or not failed(exc):
                    self.show_error(exc)
                return
            if done is not None and inspect.isawaitable(outcome := done(result)):
                await outcome

        return self.run_worker(save(), group=WRITES, exit_on_error=False)

    def writes_pending(self) -> bool:
        """Whether a write asked through `write_then` has not finished yet."""
        return any(w.group == WRITES and not w.is_finished for w in self.workers)

    def _store_written(self) -> None:
        """Store listener; may run on a worker thread. One message per burst of writes."""
        if self._change_posted:
            return
        self._change_posted = True
        self.post_message(StoreChanged())

    def on_store_changed(self, _message: StoreChanged) -> None:
        self._change_posted = False
        for stack in self._screen_stacks.values():
            for screen in stack:
                if isinstance(screen, EntraideScreen):
                    screen.stale = True
        if not self.screen_stack:  # a write from a worker lands while the app closes
            return
        if isinstance(self.screen, EntraideScreen) and self.screen.is_mounted:
            if self._redrawing:
                return  # every screen is stale; the current one is redrawn with fresh data
            self.screen.reload()  # one not mounted yet reads the store when it mounts

    # -- transfers -----------------------------------------------------------------------
    def sync_now(self) -> None:
        status = self.transfers.sync_status()
        if not status.enrolled:
            self.notify(
                _("This device is not enrolled with a server yet: see Settings."),
                severity="warning",
            )
            return
        self.transfers.start_sync(manual=True)

    def _auto_sync(self) -> None:
        """Background sync: tries while the app is open; backs off while offline."""
        try:
            status = self.transfers.sync_status()
            if status is not None and status.enrolled:
                self.transfers.start_sync(manual=False)
        except Exception as exc:  # noqa: BLE001 - never let the timer die
            log.warning("background sync not started: %s", exc)
        self.set_timer(self._sync_delay, self._auto_sync)

    def on_task_progress(self, message: TaskProgress) -> None:
        relay = self.transfers.relays.get(message.task)
        progress = relay.take() if relay else message.progress
        for screen in self.screen_stack:
            if isinstance(screen, EntraideScreen) and progress is not None:
                screen.show_progress(message.task, progress)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place where worker results and failures reach the user."""
        worker = event.worker
        if worker.group != GROUP or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        task, manual = worker.name, self.transfers.manual
        if event.state == WorkerState.SUCCESS:
            text = describe_result(worker.result)
            self.transfers.finished(task, True, text)
            self._sync_delay = self.settings.sync_interval
            if isinstance(worker.result, ExportReport):
                from .dialogs.export_done import ExportDoneDialog

                self.push_screen(ExportDoneDialog(worker.result.path, title=text))
            elif manual:
                self.notify(text)
            self.post_message(TaskFinished(task, True, worker.result))
        else:
            error = worker.error or RuntimeError(_("cancelled"))
            text = plain_error(error)
            self.transfers.finished(task, False, text)
            if task == "sync" and not manual:
                self._sync_delay = min(self._sync_delay * 2, self.settings.sync_max_interval)
            else:
                self.show_error(error)
            self.post_message(TaskFinished(task, False, error=text))

    def on_task_finished(self, message: TaskFinished) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, EntraideScreen):
                screen.task_finished(message)

    # -- errors ------------------------------------------------------------------------
    def show_error(self, error: BaseException | str) -> None:
        text = error if isinstance(error, str) else plain_error(error)
        if isinstance(error, BaseException) and not _expected(error):
            self._log_exception(error)
        self.notify(text, title=_("Something went wrong"), severity="error", timeout=12)

    def _log_exception(self, error: BaseException) -> Path | None:
        try:
            path = self.data_dir / "entraide-errors.log"
            # Owner-only: a traceback may quote case data.
            with open(path, "a", encoding="utf-8", opener=private_opener) as out:
                out.write("".join(traceback.format_exception(error)) + "\n")
            return path
        except OSError:
            return None

    def _handle_exception(self, error: Exception) -> None:
        # An unexpected crash: keep the details in a file, show plain words at exit.
        self._crash_log = self._log_exception(error)
        self._crash_text = plain_error(error)
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if os.environ.get("ENTRAIDE_DEBUG") or not self._crash_text:
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        where = self._crash_log or self.data_dir
        self.error_console.print(
            _("Entraide stopped because of an unexpected problem: {detail}").format(
                detail=self._crash_text
            )
            + "\n"
            + _("Everything saved before is safe. Details were written to {path}.").format(
                path=where
            ),
            markup=False,
            highlight=False,
        )


def _expected(error: BaseException) -> bool:
    """Errors that are the user's situation (bad input, full disk...), not a bug to log."""
    return isinstance(error, (EntraideError, OSError))


def _saved_language(store: Store) -> str:
    lang = store.get_meta("language") or "en"
    return lang if lang in i18n.LANGUAGES else "en"


def make_app(
    store: Store, settings: TuiSettings | None = None, language: str | None = None
) -> EntraideApp:
    """The app factory used by `entraide` and by the tests; `language` (the CLI's --lang)
    overrides the one saved in the store."""
    if language:
        settings = dataclasses.replace(settings or TuiSettings(), language=language)
    return EntraideApp(store=store, settings=settings)
