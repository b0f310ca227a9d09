"""The status workflow seen from one direction: where a new request starts, and which next
statuses make sense for it (an incoming request is never "sent", an outgoing one never
"received"). The full table of allowed transitions stays shared.schema.cases.TRANSITIONS."""

from __future__ import annotations

from .cases import TRANSITIONS

# Statuses that belong to the other direction only.
NOT_FOR = {"incoming": ("sent",), "outgoing": ("received",)}


def initial_status(direction: str) -> str:
    """A request we receive is registered when it arrives; one we send starts as a draft."""
    return "received" if direction == "incoming" else "draft"


def next_statuses(status: str, direction: str) -> tuple[str, ...]:
    excluded = NOT_FOR.get(direction, ())
    return tuple(s for s in TRANSITIONS.get(status, ()) if s not in excluded)
