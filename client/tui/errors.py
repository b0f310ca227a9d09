"""Errors in plain words: one translation from exceptions to sentences a clerk can act on."""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from shared.errors import EntraideError
from shared.i18n import _
from shared.i18n.labels import field_label
from shared.schema.validation import ValidationError

F = TypeVar("F", bound=Callable[..., Any])


def plain_error(error: BaseException) -> str:
    """What went wrong, for the user; never a traceback."""
    if isinstance(error, ValidationError):
        # The message is already in the user's language (translated where it was raised).
        field = field_label(error.field.split(".")[0])
        return _("{field}: {message}").format(field=field, message=error.message)
    if isinstance(error, PermissionError):
        return _("Permission denied: {path}").format(path=error.filename or "")
    if isinstance(error, FileNotFoundError):
        return _("File not found: {path}").format(path=error.filename or "")
    if isinstance(error, OSError):
        return _("The file could not be read or written: {reason}").format(
            reason=error.strerror or str(error)
        )
    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
        return _("The data file is busy (another program is using it). Try again in a moment.")
    if isinstance(error, EntraideError):
        return str(error)  # plain words, in the user's language, already
    return _("Unexpected problem ({kind}): {detail}").format(
        kind=type(error).__name__, detail=error
    )


def guarded(method: F) -> F:
    """Run a screen action; any exception becomes a message on screen instead of a crash."""
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - shown to the user, logged by the app
                self.app.show_error(exc)
                return None

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            self.app.show_error(exc)
            return None

    return wrapper  # type: ignore[return-value]
