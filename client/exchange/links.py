"""Which cases travel on the channel: for lists and headers that mark them at a glance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..store import Store


@dataclass(frozen=True)
class ChannelLink:
    case_id: str
    thread: str  # the package's envelope id
    peer: str  # the other authority's code
    direction: str  # "out": transmitted from here; "in": received over the channel
    pending: int  # received proposals the officer has not confirmed yet


def _pending(store: Store) -> dict[str, int]:
    rows = store.conn.execute(
        "SELECT thread, count(*) FROM exchange_envelopes WHERE direction = 'in'"
        " AND kind = 'message' AND state = 'opened' AND accepted = 0"
        " AND coalesce(json_extract(content, '$.status'), '') != '' GROUP BY thread"
    )
    return {thread: int(n) for thread, n in rows}


def channel_links(store: Store, cases: Iterable[Mapping[str, Any]]) -> dict[str, ChannelLink]:
    """The cases of `cases` (rows with "id") that travel on the channel, by id: linked on
    this device, or carrying the thread in their fields (another device of the authority
    transmitted or opened them). One query for a whole page."""
    local = {
        case_id: (thread, peer, direction)
        for case_id, thread, peer, direction in store.conn.execute(
            "SELECT case_id, thread, peer, direction FROM exchange_threads"
        )
    }
    pending = _pending(store)
    out = {}
    for case in cases:
        case_id = str(case.get("id") or "")
        thread, peer, direction = local.get(case_id) or (
            str(case.get("exchange_thread") or ""),
            str(case.get("exchange_peer") or ""),
            "out" if case.get("direction") == "outgoing" else "in",
        )
        if thread and peer:
            out[case_id] = ChannelLink(case_id, thread, peer, direction, pending.get(thread, 0))
    return out


def channel_link(store: Store, case: Mapping[str, Any]) -> ChannelLink | None:
    return channel_links(store, [case]).get(str(case.get("id") or ""))
