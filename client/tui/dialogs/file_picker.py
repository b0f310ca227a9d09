"""Choose where to write a USB bundle, or which bundle to read.

A folder tree, a "places" list (home, USB mount points, Windows drive letters)
and a path box that accepts a typed path: whatever suits the user.
"""

from __future__ import annotations

import os
import string
import sys
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Select, Static
from textual.widgets.directory_tree import DirEntry
from textual.widgets.tree import TreeNode
from textual.worker import Worker, WorkerState, get_current_worker

from shared.i18n import N_, _

from ..bindings import translate_bindings


def places(start: Path) -> list[tuple[str, str]]:
    """Folders worth a shortcut: where we started, home, and removable media."""
    found: list[Path] = [start, Path.home()]
    if sys.platform == "win32":
        found += [Path(f"{d}:\\") for d in string.ascii_uppercase if os.path.exists(f"{d}:\\")]
    else:
        user = os.environ.get("USER", "")
        for root in (
            Path("/media") / user,
            Path("/run/media") / user,
            Path("/media"),
            Path("/mnt"),
        ):
            try:
                found += [p for p in sorted(root.iterdir()) if p.is_dir()]
            except OSError:
                continue
    seen: dict[str, str] = {}
    for path in found:
        seen.setdefault(str(path), str(path))
    return [(p, p) for p in seen]


BUNDLE_SUFFIX = ".entraide"


def visible_first(paths: list[Path], is_dir: Callable[[Path], bool]) -> list[Path]:
    """No dot-files or dot-folders; folders, then bundles (*.entraide), then other files."""
    shown = [p for p in paths if not p.name.startswith(".")]
    return sorted(
        shown,
        key=lambda p: (not is_dir(p), p.suffix.lower() != BUNDLE_SUFFIX, p.name.lower()),
    )


class BundleTree(DirectoryTree):
    """The folder tree of the picker: hidden entries left out, bundles listed first."""

    @work(thread=True, exit_on_error=False)
    def _load_directory(self, node: TreeNode[DirEntry]) -> list[Path]:
        # As DirectoryTree's own (a thread worker), with our filter and order.
        assert node.data is not None
        path = node.data.path.expanduser().resolve()
        found = list(self._directory_content(path, get_current_worker()))
        return visible_first(found, self._safe_is_dir)


class FilePickerDialog(ModalScreen[Path | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "choose", N_("Choose"), priority=True),
    ]

    def __init__(
        self,
        save: bool,
        start: Path,
        default_name: str = "",
        title: str | None = None,
        button: str | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.button_text = button
        self.save = save  # True: choose a file to write; False: an existing file to read
        self.start = start if start.is_dir() else Path.home()
        self.default_name = default_name

    def compose(self) -> ComposeResult:
        title = self.title_text or (
            _("Export to a file (USB)") if self.save else _("Import a file (USB)")
        )
        with Vertical(classes="dialog", id="file-picker"):
            yield Static(title, classes="dialog-title")
            # Drives and USB mounts are probed in a worker (a slow drive must not freeze
            # the screen); until then, where we start and home.
            yield Select(
                [(str(p), str(p)) for p in dict.fromkeys((self.start, Path.home()))],
                value=str(self.start),
                id="places",
                compact=True,
                allow_blank=False,
            )
            yield BundleTree(str(self.start), id="tree")
            yield Static(_("File:"), classes="hint")
            initial = str(self.start / self.default_name) if self.save else str(self.start)
            yield Input(initial, id="path", compact=True)
            yield Static("", id="picker-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(
                    self.button_text or (_("Export") if self.save else _("Import")),
                    id="choose",
                    variant="primary",
                )

    def on_mount(self) -> None:
        start = self.start
        self.run_worker(lambda: places(start), name="places", thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "places" and event.state == WorkerState.SUCCESS:
            select = self.query_one("#places", Select)
            current = select.value
            with select.prevent(Select.Changed):
                select.set_options(event.worker.result)
                select.value = current

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.query_one(DirectoryTree).path = event.value
            self._set_folder(Path(event.value))

    def _set_folder(self, folder: Path) -> None:
        path_input = self.query_one("#path", Input)
        name = Path(path_input.value).name if self.save else ""
        path_input.value = str(folder / name) if name else str(folder)

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        self._set_folder(event.path)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        path_input = self.query_one("#path", Input)
        path_input.value = str(event.path)
        if not self.save:
            self.action_choose()

    def on_input_submitted(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        error = self.problem(path)
        self.query_one("#picker-error", Static).update(error or "")
        if not error:
            self.dismiss(path)

    def problem(self, path: Path) -> str | None:
        if self.save:
            if path.is_dir() or not path.name:
                return _("Type a file name after the folder.")
            if not path.parent.is_dir():
                return _("The folder {folder} does not exist.").format(folder=path.parent)
            return None
        if not path.is_file():
            return _("Choose a file (not a folder) that exists.")
        return None

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "choose":
            self.action_choose()
        else:
            self.action_cancel()
