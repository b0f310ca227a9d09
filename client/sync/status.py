"""`sync_status(store)`: what the TUI shows about sync, read from the store only."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..exchange.log import envelopes
from ..replication.faults import Fault, set_aside
from ..replication.groups import unsent_by_space
from ..replication.revocations import blocked_message, blocked_summary
from ..returns.book import staged_by_space
from ..store import Store
from . import state
from .state import SyncLogEntry


@dataclass
class SyncStatus:
    enrolled: bool
    server_url: str | None
    last_success: str | None
    last_attempt: str | None
    last_error: str | None
    online: bool | None  # result of the last attempt; None = never tried
    pending: dict[str, int] = field(default_factory=dict)  # space -> changes not acknowledged
    log: list[SyncLogEntry] = field(default_factory=list)  # newest first
    # Received changes and groups set aside at the trust boundary, and groups the
    # server refused: each with its document, author device and reason.
    faults: list[Fault] = field(default_factory=list)
    # revoked device -> changes here that wait on a change of it, refused everywhere
    blocked: dict[str, int] = field(default_factory=dict)
    # Envelopes of the exchange spaces refused whole: "<peer> <envelope id>: <reason>"
    exchange_refused: list[str] = field(default_factory=list)

    def blocked_lines(self) -> list[str]:
        return [blocked_message(device, count) for device, count in self.blocked.items()]


def pending_changes(store: Store) -> dict[str, int]:
    """Per space: this device's changes not yet sealed, plus changes in groups not yet
    acknowledged (a group this device cannot read counts as one), plus the change each
    returns book with staged returns will get at the next sealing."""
    pending = unsent_by_space(store)
    for space, changes in staged_by_space(store).items():
        pending[space] = pending.get(space, 0) + changes
    return pending


def sync_status(store: Store) -> SyncStatus:
    online = state.get(store, "online")
    return SyncStatus(
        enrolled=bool(store.get_meta("device_token") and store.get_meta("device_cert")),
        server_url=store.get_meta("server_url"),
        last_success=state.get(store, "last_success"),
        last_attempt=state.get(store, "last_attempt"),
        last_error=state.get(store, "last_error"),
        online=None if online is None else online == "1",
        pending=pending_changes(store),
        log=state.read_log(store),
        faults=set_aside(store),
        blocked=blocked_summary(store),
        exchange_refused=[
            f"{e.peer} {e.envelope_id[:12]}: {e.reason}" for e in envelopes(store, state="refused")
        ],
    )
