"""SQLite and file-system failures of the store, turned into one-line messages.

A store that cannot be opened (not a SQLite file, a folder in its place, no
permission) and a write that fails (a full disk) are the user's situation to
fix, not a program error: they are reported as `StoreError`, whose message
says what is wrong, and nothing is half-written (the transaction is rolled
back by SQLite).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shared.errors import EntraideError
from shared.i18n import _

# SQLite's primary result codes (sqlite.org/rescode.html); the sqlite3 module names
# them only from Python 3.11, and 3.10 is supported.
SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 8, 10, 11, 13, 14
SQLITE_NOTADB = 26
_DISK_ERRORS = {SQLITE_FULL, SQLITE_IOERR}
_PRIMARY_CODE_MASK = 0xFF  # extended result codes carry the primary one in their low byte


class StoreError(EntraideError):
    """The store could not be opened or written; str() says why, in one line."""


def _primary(exc: sqlite3.Error) -> int | None:
    # getattr: sqlite3 sets it only on errors that come from SQLite itself
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & _PRIMARY_CODE_MASK


@contextmanager
def opening_errors(path: Path) -> Iterator[None]:
    """Report why the store at `path` cannot be opened."""
    try:
        yield
    except IsADirectoryError:
        raise StoreError(
            _("cannot open the store {path}: it is a folder, not a file").format(path=path)
        ) from None
    except OSError as exc:
        raise StoreError(
            _("cannot open the store {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    except sqlite3.DatabaseError as exc:
        code = _primary(exc)
        if code == SQLITE_NOTADB:
            reason = _("it is not an Entraide store (not a SQLite database)")
        elif code == SQLITE_CANTOPEN and path.is_dir():
            reason = _("it is a folder, not a file")
        elif code == SQLITE_CORRUPT:
            reason = _("the file is damaged (restore it from a backup)")
        elif code in _DISK_ERRORS:
            reason = _("the disk is full or cannot be written")
        else:
            reason = str(exc)
        raise StoreError(
            _("cannot open the store {path}: {reason}").format(path=path, reason=reason)
        ) from None


@contextmanager
def writing_errors() -> Iterator[None]:
    """Report a full or failing disk during a write; other errors pass unchanged."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        code = _primary(exc)
        if code == SQLITE_FULL:
            raise StoreError(
                _("the disk is full: nothing was saved (free some space and try again)")
            ) from None
        if code == SQLITE_IOERR:
            raise StoreError(
                _("the disk could not be written: nothing was saved ({reason})").format(reason=exc)
            ) from None
        if code == SQLITE_READONLY:
            raise StoreError(
                _("the store is read-only: nothing was saved ({reason})").format(reason=exc)
            ) from None
        raise
