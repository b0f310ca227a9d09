"""Writing a file so that it is either complete or absent, even on a USB stick pulled out mid-write."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from shared.i18n import _

from .format import BundleError

# Windows refuses to replace a file another program holds open (an antivirus scanning it,
# a viewer): such locks are often brief, so try again for about two seconds.
REPLACE_ATTEMPTS = 8
REPLACE_PAUSE = 0.25


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a temporary file beside `path`; on success flush, fsync and rename it into place.

    The temporary name starts with a dot and ends in ".partial", so a file left by
    a pulled stick never looks like a finished bundle (and import refuses it
    anyway: it has no signature).
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise BundleError(
            _("the folder {folder} does not exist; choose another one").format(folder=path.parent)
        )
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    out = open(tmp, "xb")
    try:
        yield out
        out.flush()
        os.fsync(out.fileno())
        out.close()
        _replace(tmp, path)
        _fsync_directory(path.parent)
    except BaseException:
        out.close()
        tmp.unlink(missing_ok=True)
        raise


def _replace(tmp: Path, path: Path) -> None:
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if attempt == REPLACE_ATTEMPTS - 1:
                raise BundleError(
                    _(
                        "{path} is open in another program, which prevents replacing it: "
                        "close it and try again"
                    ).format(path=path)
                ) from None
            time.sleep(REPLACE_PAUSE)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some stick file systems refuse to sync a directory; the file itself is synced
    finally:
        os.close(fd)
