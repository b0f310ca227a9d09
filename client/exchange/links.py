"""Which cases travel on the channel: for lists and headers that mark them at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store


@dataclass(frozen=True)
class ChannelLink:
    case_id: str
    thread: str  # the package's envelope id
    peer: str  # the other authority's code
    direction: str  # "out": transmitted from here; "in": received over the channel
    pending: int  # received status proposals the officer has not confirmed yet


def channel_links(store: Store) -> dict[str, ChannelLink]:
    """Every case linked to a thread, by case id (one query: a list marks a whole page)."""
    rows = store.conn.execute(
        "SELECT t.case_id, t.thread, t.peer, t.direction,"
        " (SELECT count(*) FROM exchange_envelopes e WHERE e.thread = t.thread"
        "  AND e.direction = 'in' AND e.kind = 'message' AND e.state = 'opened'"
        "  AND e.accepted = 0 AND json_extract(e.content, '$.status') != '')"
        " FROM exchange_threads t"
    ).fetchall()
    return {
        case_id: ChannelLink(case_id, thread, peer, direction, int(pending))
        for case_id, thread, peer, direction, pending in rows
    }


def channel_link(store: Store, case_id: str) -> ChannelLink | None:
    return channel_links(store).get(case_id)
