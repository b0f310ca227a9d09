"""What every Entraide screen shares: translated keys, help (?), the navigation bar,
reloading when the store changes, and showing transfer progress."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.screen import Screen

from client.progress import Progress
from shared.i18n import N_

from ..bindings import translate_bindings
from ..messages import TaskFinished
from ..widgets.footer import TranslatedFooter
from ..widgets.nav import NavBar
from ..widgets.setup.key_warning import KeyWarning

if TYPE_CHECKING:
    from ..app import EntraideApp
    from ..commands import PaletteEntry

# (mode, label) of the sections, in navigation order; labels are translated by NavBar.
NAV_SECTIONS: list[tuple[str, str]] = [
    ("dashboard", N_("Dashboard")),
    ("cases", N_("Cases")),
    ("directory", N_("Directory")),
    ("sync", N_("Sync")),
    ("stats", N_("Statistics")),
    ("settings", N_("Settings")),
    ("library", N_("Library")),
]


class EntraideScreen(Screen[Any]):
    LABEL: ClassVar[str] = ""  # the section's name, marked N_()
    SECTION: ClassVar[str] = ""  # the section (mode) this screen belongs to
    HELP: ClassVar[str] = ""  # what this screen is for and how to use it, marked N_()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)
        self.stale = False

    @property
    def entraide(self) -> EntraideApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Any:
        return self.entraide.store

    def compose(self) -> ComposeResult:
        yield NavBar(self.SECTION, NAV_SECTIONS)
        yield KeyWarning()
        yield from self.compose_body()
        yield TranslatedFooter(compact=True)  # 80 columns hold every key, even in French

    def compose_body(self) -> ComposeResult:
        yield from ()

    # -- data ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the store (after a write here or elsewhere). Never touches what is typed."""
        self.stale = False
        self.check_key_warning()
        self.refresh_data()

    def write_then(self, job: Callable[[Any], object], message: str | None = None) -> None:
        """`job(store)` on the store's writer, awaited from a worker (keys go on meanwhile);
        once it has committed, `message` and a fresh view of this screen."""

        def done(_result: object) -> None:
            if message:
                self.notify(message)
            if self.is_mounted:
                self.reload()

        self.entraide.write_then(job, done)

    def check_key_warning(self) -> None:
        for warning in self.query(KeyWarning):
            warning.check()

    def refresh_data(self) -> None:
        """Override: re-read what the screen shows."""

    def after_recompose(self) -> None:
        """Override: restore state after a language switch rebuilt the widgets."""
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.reload()

    # -- transfers ----------------------------------------------------------------------------
    def show_progress(self, task: str, progress: Progress) -> None:
        """Override to show progress of a running transfer."""

    def task_finished(self, message: TaskFinished) -> None:
        """Override to react to the end of a transfer."""

    # -- typed work ------------------------------------------------------------------------------
    def holds_typed_text(self) -> bool:
        """True while the screen holds typed text not yet saved: quitting asks first."""
        return False

    # -- help and commands ----------------------------------------------------------------------
    def palette_commands(self) -> Iterable[PaletteEntry]:
        return ()

    def action_help(self) -> None:
        from ..dialogs.help import HelpDialog

        self.app.push_screen(HelpDialog(self.LABEL, self.HELP, self.active_bindings, self))


@runtime_checkable
class HoldsTypedText(Protocol):
    """A screen or dialog that may hold typed text not saved yet (EntraideScreen and the
    dialogs people type into): quitting names it and asks first."""

    LABEL: ClassVar[str]

    def holds_typed_text(self) -> bool: ...
