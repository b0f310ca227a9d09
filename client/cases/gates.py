"""Checks a status change must pass, registered by the packages that own them.

The send gate (an outgoing request is not marked sent while blocking findings
remain) belongs to the request writer, which builds on `client.cases`; so the
request writer registers it here (`client.requests` does so when imported) and
`update_case` runs every registered gate inside its write transaction. Cases
never import the request writer: no import cycle.

A move to "sent" with no gate registered is refused rather than let through:
forgetting to load the request writer must never skip its checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..store import Store

# (store, case id, the case as stored, the validated new values) -> None, or raises.
StatusGate = Callable[[Store, str, Mapping[str, Any], Mapping[str, Any]], None]

_GATES: dict[str, StatusGate] = {}
GATED_STATUSES = frozenset({"sent"})


def add_status_gate(name: str, gate: StatusGate) -> None:
    """Register (or replace) the gate `name`; called once by its owning package."""
    _GATES[name] = gate


def run_status_gates(
    store: Store, case_id: str, current: Mapping[str, Any], cleaned: Mapping[str, Any]
) -> None:
    if not _GATES and cleaned.get("status") in GATED_STATUSES:
        # A programming error (an entry point that forgot to import client.requests),
        # never a user's: no user-facing message.
        raise RuntimeError("client.requests is not imported: the send gate is not registered")
    for gate in _GATES.values():
        gate(store, case_id, current, cleaned)
