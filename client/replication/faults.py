"""What was set aside, and why: one list for the user (sync status, sync screen).

Three things are set aside with a reason, never silently and never stopping a
sync or an import: a received change the trust boundary refused (or one that
waits behind a refused change), a received group that failed to open, and a
group of this device the server refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.i18n import _

from ..store import Store
from .groups import QUARANTINED

REFUSED_BY_SERVER = -1  # groups.pushed


@dataclass(frozen=True)
class Fault:
    what: str  # "change" | "group"
    ref: str  # change hash or group id, hex
    doc_id: str  # "" for a group (its documents may be sealed)
    space: str
    author: str  # device id
    reason: str
    blocked: bool = False  # a change waiting behind a refused one
    when: str = ""


def set_aside(store: Store, limit: int = 200) -> list[Fault]:
    """Faults, changes first (newest first), then groups; at most `limit` of them."""
    out = [
        Fault("change", f.hash, f.doc_id, f.space, f.author, f.reason, f.blocked, f.received_at)
        for f in store.change_faults()[:limit]
    ]
    rows = store.conn.execute(
        "SELECT group_id, space, author, opened, pushed, coalesce(fault, '') FROM groups"
        " WHERE opened = ? OR pushed = ? ORDER BY seq DESC LIMIT ?",
        (QUARANTINED, REFUSED_BY_SERVER, limit),
    )
    for group_id, space, author, opened, _pushed, reason in rows:
        if not reason:
            reason = (
                _("the group could not be opened")
                if opened == QUARANTINED
                else _("the server refused the group")
            )
        out.append(Fault("group", group_id.hex(), "", space, author, reason))
    return out[:limit]


def record_refusal(store: Store, group_id: bytes, reason: str) -> None:
    """A group of ours the server will never take: set aside with its reason, not re-sent."""
    with store.write() as conn:
        conn.execute(
            "UPDATE groups SET pushed = ?, fault = ? WHERE group_id = ?",
            (REFUSED_BY_SERVER, reason, group_id),
        )
