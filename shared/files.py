"""Local files: readable by their owner only, and written whole or not at all.

On a PC shared between accounts, the store (device token, signing key, the
authority's keyset, the cases) and the server's database must not be readable
by another account: folders are made 0700 and files 0600, and existing ones
are tightened when opened (docs/security.md, "Local files"). On Windows the
modes mean little; there the data lives in the user's own profile folder
(platformdirs), which only that user and administrators may open.

Every file Entraide exports (bundles, key files, renders, figures) goes through
`atomic_file`: written beside its target under a temporary name, flushed,
synced and renamed, so a full disk or a pulled stick leaves either the whole
file or nothing of it.
"""

from __future__ import annotations

import os
import secrets
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from shared.errors import EntraideError
from shared.i18n import _

OWNER_DIR = 0o700
OWNER_FILE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite gives these its database's mode
POSIX = os.name == "posix"
# Windows refuses to replace a file another program holds open (an antivirus scanning it,
# a viewer): such locks are often brief, so try again for about two seconds.
REPLACE_ATTEMPTS = 8
REPLACE_PAUSE = 0.25


class FileWriteError(EntraideError):
    """A file that cannot be written where asked (missing folder, held open elsewhere)."""


def private_directory(path: Path) -> Path:
    """Create `path` (and missing parents) for its owner only; tighten it if it exists."""
    path = Path(path)
    path.mkdir(mode=OWNER_DIR, parents=True, exist_ok=True)
    _tighten(path, OWNER_DIR)
    return path


def private_sqlite(path: Path) -> None:
    """Create a database file 0600 before SQLite opens it; tighten it and its companions.

    SQLite creates the -wal and -shm files with the mode of the database file,
    so creating that one 0600 first keeps all three private.
    """
    if str(path) == ":memory:" or str(path).startswith("file:"):
        return  # not a file of ours
    path = Path(path)
    if POSIX:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_FILE))
        except FileExistsError:
            pass
    for name in ("", *SQLITE_COMPANIONS):
        _tighten(path.with_name(path.name + name), OWNER_FILE)


def private_opener(path: str, flags: int) -> int:
    """For `open(..., opener=private_opener)`: a new file is created 0600."""
    return os.open(path, flags, OWNER_FILE)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a temporary file (0600) beside `path`; on success flush, fsync and rename it.

    The temporary name starts with a dot and ends in ".partial", so a file left by
    a pulled stick never looks like a finished one (and bundle import refuses it
    anyway: it has no signature). On any error, a full disk included, the
    temporary file is removed and an earlier file of that name is left as it was.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileWriteError(
            _("the folder {folder} does not exist; choose another one").format(folder=path.parent)
        )
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    out = open(tmp, "xb", opener=private_opener)  # noqa: SIM115 - closed below on every path
    try:
        yield out
        out.flush()
        os.fsync(out.fileno())
        out.close()
        _replace(tmp, path)
        _fsync_directory(path.parent)
    except BaseException:
        try:
            out.close()
        except OSError:
            pass  # the flush of a full disk fails again on close; the file goes anyway
        tmp.unlink(missing_ok=True)
        raise


def _replace(tmp: Path, path: Path) -> None:
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if attempt == REPLACE_ATTEMPTS - 1:
                raise FileWriteError(
                    _(
                        "{path} is open in another program, which prevents replacing it: "
                        "close it and try again"
                    ).format(path=path)
                ) from None
            time.sleep(REPLACE_PAUSE)


def atomic_write(path: Path, data: bytes) -> None:
    with atomic_file(path) as out:
        out.write(data)


def _tighten(path: Path, mode: int) -> None:
    """Take away the rights `mode` does not grant, if the entry has any (POSIX; best effort).

    A file system without POSIX modes (a FAT stick) or an entry owned by another
    account refuses: the entry is left as it is rather than stopping the program.
    """
    if not POSIX:
        return
    try:
        current = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return
    if current & ~mode:
        try:
            os.chmod(path, current & mode)
        except OSError:
            pass


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if not POSIX:
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
