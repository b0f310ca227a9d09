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
