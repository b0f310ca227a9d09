"""The one base type of every error Entraide reports to a person.

Each package raises its own subclass (ValidationError, BundleError, SyncError...);
the CLI's main, the terminal app and the server each map `EntraideError` to a
one-line message in one place. `str(error)` is that message, already in the
user's language where it was built with `_()`.
"""

from __future__ import annotations


class EntraideError(Exception):
    """An error with a message meant for the user, never a traceback."""


__all__ = ["EntraideError"]
