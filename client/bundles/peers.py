"""What each peer device is known to hold, so that an export can leave it out.

A peer's knowledge is the exact set of group ids it acknowledged: ids are
content hashes, so they mean the same thing on every device (a local sequence
number would not), and a set never wrongly leaves out a group the peer lacks
(a Bloom filter would, now and then: a lost edit until the next full export).
At 32 bytes a group, and a group batching up to 256 KiB of changes, the set
stays small: 10,000 groups is 320 KB.

Knowledge comes from the peer's acknowledgement files and from its bundles
(a device holds everything it exports). It lives in `sync_state` (`client.store.sync_state`), one row
per peer, under "bundle.peer.<device id>". The server is the peer "server":
what it holds is what it acknowledged over the network (`groups.pushed`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass

from ..store import Store
from ..store.store import now_iso
from ..store.sync_state import get_value, put_value, values_under

SERVER = "server"
_PREFIX = "bundle.peer."


@dataclass(frozen=True)
class PeerKnowledge:
    device_id: str
    authority: str
    groups: frozenset[bytes]
    updated: str  # when we last learned something about it
    # When the peer's store was last restored from a backup ("" if never): a restored peer
    # lost what it got after the backup, so what it said before no longer holds.
    restored: str = ""


def peer_knowledge(store: Store, device_id: str) -> PeerKnowledge | None:
    value = get_value(store, _PREFIX + device_id)
    if value is None:
        return None
    data = json.loads(value)
    raw = base64.b64decode(data["groups"])
    ids = frozenset(raw[i : i + 32] for i in range(0, len(raw), 32))
    return PeerKnowledge(
        device_id,
        data.get("authority", ""),
        ids,
        data.get("updated", ""),
        data.get("restored", ""),
    )


def list_peers(store: Store) -> list[PeerKnowledge]:
    peers = [peer_knowledge(store, key[len(_PREFIX) :]) for key, _v in values_under(store, _PREFIX)]
    return [p for p in peers if p is not None]


def needs_update(
    store: Store, device_id: str, group_ids: Iterable[bytes], restored: str = ""
) -> bool:
    """Would `record_peer_groups` learn anything? (A replayed bundle must write nothing.)"""
    known = peer_knowledge(store, device_id)
    return known is None or known.restored != restored or not set(group_ids) <= known.groups


def record_peer_groups(
    store: Store, device_id: str, authority: str, group_ids: Iterable[bytes], restored: str = ""
) -> None:
    """Add to what `device_id` is known to hold (inside the caller's transaction, if any).

    Knowledge only grows, except when the peer says it was restored from a backup
    since: then what it holds now replaces what it held before.
    """
    with store.write() as conn:
        known = peer_knowledge(store, device_id)
        ids = set(known.groups) if known and known.restored == restored else set()
        ids.update(group_ids)
        value = json.dumps(
            {
                "authority": authority,
                "updated": now_iso(),
                "restored": restored,
                "groups": base64.b64encode(b"".join(sorted(ids))).decode("ascii"),
            }
        )
        put_value(conn, _PREFIX + device_id, value)
