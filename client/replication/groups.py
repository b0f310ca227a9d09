"""Signed groups in the store: kept exactly as signed, for pushing, bundles and forwarding."""

from __future__ import annotations

import sqlite3

from shared.envelope import SignedGroup

from ..store import Store

# How far a group has been read on this device (column `groups.opened`).
UNREAD, OPENED, QUARANTINED = 0, 1, -1

_COLUMNS = "space, author, key_id, payload, signature"


def store_group(
    conn: sqlite3.Connection,
    group: SignedGroup,
    *,
    pushed: bool,
    opened: int,
    changes: int,
    fault: str | None = None,
) -> None:
    """Append a group to the local log (the caller checked it is not held yet).

    `fault`: why a group that failed to open was set aside (with opened = QUARANTINED).
    """
    conn.execute(
        "INSERT INTO groups (group_id, space, author, key_id, signature, payload, changes, opened,"
        " pushed, fault, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " (SELECT coalesce(max(seq), 0) + 1 FROM groups))",
        (
            group.group_id,
            group.space,
            group.author,
            group.key_id,
            group.signature,
            group.payload,
            changes,
            opened,
            int(pushed),
            fault,
        ),
    )


def load_group(store: Store, group_id: bytes) -> SignedGroup | None:
    """The group exactly as signed, or None if this store does not hold it."""
    row = store.conn.execute(
        f"SELECT {_COLUMNS} FROM groups WHERE group_id = ?", (group_id,)
    ).fetchone()
    return SignedGroup(*row) if row else None


def unpushed_groups(store: Store, max_bytes: int) -> list[SignedGroup]:
    """Groups the server has not acknowledged, oldest first, up to about max_bytes."""
    return [g for _, g in _groups(store, "pushed = 0", (), max_bytes)]


def groups_after(store: Store, after_seq: int, max_bytes: int) -> list[tuple[int, SignedGroup]]:
    """Groups in local order after a local sequence number (for bundles)."""
    return _groups(store, "seq > ?", (after_seq,), max_bytes)


def _groups(
    store: Store, where: str, args: tuple[int, ...], max_bytes: int
) -> list[tuple[int, SignedGroup]]:
    out: list[tuple[int, SignedGroup]] = []
    total = 0
    rows = store.conn.execute(
        f"SELECT seq, {_COLUMNS} FROM groups WHERE {where} ORDER BY seq", args
    )
    for seq, *fields in rows:
        group = SignedGroup(*fields)
        out.append((seq, group))
        total += len(group.payload)
        if total >= max_bytes:
            break
    return out


def mark_all_unpushed(conn: sqlite3.Connection) -> int:
    """The server lost groups (restored from a backup): send again every group it had
    acknowledged (it keeps one copy of each). Groups it refused stay set aside."""
    return conn.execute("UPDATE groups SET pushed = 0 WHERE pushed = 1").rowcount


def mark_pushed(store: Store, group_ids: list[bytes]) -> None:
    with store.write() as conn:
        conn.executemany(
            "UPDATE groups SET pushed = 1 WHERE group_id = ?", [(g,) for g in group_ids]
        )
