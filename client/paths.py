"""Where the client keeps its files: computed here, created only by `ensure`."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from shared.errors import EntraideError
from shared.files import private_directory
from shared.i18n import _

APP_NAME = "entraide"
DATA_DIR_ENV = "ENTRAIDE_DATA_DIR"


class DataDirError(EntraideError):
    """The data folder cannot be used (a file in its place, no permission)."""


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the override, else $ENTRAIDE_DATA_DIR, else the platform's."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def store_path(directory: Path) -> Path:
    return directory / "entraide.sqlite"


def ensure(directory: Path) -> Path:
    """The data directory, created (or tightened) readable by its owner only (0700)."""
    if directory.exists() and not directory.is_dir():
        raise DataDirError(
            _("the data folder {path} is a file, not a folder").format(path=directory)
        )
    try:
        return private_directory(directory)
    except OSError as exc:
        raise DataDirError(
            _("cannot create the data folder {path}: {reason}").format(
                path=directory, reason=exc.strerror or exc
            )
        ) from None


def unused_path(path: Path) -> Path:
    """`path`, or the first free "name (2).ext", "name (3).ext"...: an export never
    overwrites an earlier file."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def open_folder(folder: Path) -> None:
    """Show a folder in the system's file manager (Explorer, Finder, the desktop's)."""
    import subprocess
    import sys

    if sys.platform == "win32":
        os.startfile(folder)  # type: ignore[attr-defined]  # noqa: S606 - a folder, not a program
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(folder)])  # noqa: S603, S607
    else:
        subprocess.Popen(  # noqa: S603
            ["xdg-open", str(folder)],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
