"""The one error class of the channel between authorities."""

from __future__ import annotations

from shared.errors import EntraideError


class ExchangeError(EntraideError):
    """A transmission, reply or key step that cannot be done, as one clear sentence."""
