"""Where the client keeps its files: computed here, created only by `ensure`."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "entraide"
DATA_DIR_ENV = "ENTRAIDE_DATA_DIR"


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
    directory.mkdir(parents=True, exist_ok=True)
    return directory
