"""Reading signed groups back from the store, for pushing and for bundles."""

from __future__ import annotations

from collections.abc import Iterator

from shared.envelope import Envelope, SignedGroup

from ..store import Store


def load_group(store: Store, group_id: bytes) -> SignedGroup | None:
    """The group exactly as signed, or None if this store lacks some of its envelopes."""
    row = store.conn.execute(
        "SELECT space, author, signature FROM groups WHERE group_id = ?", (group_id,)
    ).fetchone()
    if row is None:
        return None
    space, author, signature = row
    envelopes = tuple(
        Envelope(doc_id, change_hash, body, key_id)
        for doc_id, change_hash, body, key_id in store.conn.execute(
            "SELECT doc_id, hash, envelope, key_id FROM changes WHERE group_id = ? ORDER BY position",
            (group_id,),
        )
    )
    group = SignedGroup(space, author, envelopes, signature)
    if not envelopes or any(e.body is None for e in envelopes) or group.group_id != group_id:
        return None
    return group


def unpushed_groups(store: Store, max_bytes: int) -> list[SignedGroup]:
    """Groups the server has not acknowledged, oldest first, up to about max_bytes."""
    return list(_iter_groups(store, "WHERE pushed = 0", max_bytes))


def groups_after(store: Store, after_seq: int, max_bytes: int) -> list[tuple[int, SignedGroup]]:
    """Groups in local order after a local sequence number (for bundles)."""
    rows = store.conn.execute(
        "SELECT seq, group_id FROM groups WHERE seq > ? ORDER BY seq", (after_seq,)
    )
    out: list[tuple[int, SignedGroup]] = []
    total = 0
    for seq, group_id in rows:
        group = load_group(store, group_id)
        if group is None:
            continue
        out.append((seq, group))
        total += sum(len(e.body) for e in group.envelopes)
        if total >= max_bytes:
            break
    return out


def _iter_groups(store: Store, where: str, max_bytes: int) -> Iterator[SignedGroup]:
    total = 0
    for (group_id,) in store.conn.execute(f"SELECT group_id FROM groups {where} ORDER BY seq").fetchall():
        group = load_group(store, group_id)
        if group is None:
            continue
        yield group
        total += sum(len(e.body) for e in group.envelopes)
        if total >= max_bytes:
            return


def mark_pushed(store: Store, group_ids: list[bytes]) -> None:
    with store.write() as conn:
        conn.executemany("UPDATE groups SET pushed = 1 WHERE group_id = ?", [(g,) for g in group_ids])
