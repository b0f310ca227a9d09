"""Signed groups in the store: kept exactly as signed, for pushing, bundles and forwarding."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

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


def is_held(conn: sqlite3.Connection, group_id: bytes) -> bool:
    """Whether this store holds the group (its id is in the local log)."""
    found = conn.execute("SELECT 1 FROM groups WHERE group_id = ?", (group_id,)).fetchone()
    return found is not None


def held_ids(store: Store, group_ids: list[bytes]) -> set[bytes]:
    """Which of these groups this store holds."""
    held: set[bytes] = set()
    for i in range(0, len(group_ids), 500):
        chunk = group_ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        held.update(
            g
            for (g,) in store.conn.execute(
                f"SELECT group_id FROM groups WHERE group_id IN ({marks})", chunk
            )
        )
    return held


def mark_pushed_in(conn: sqlite3.Connection, group_id: bytes) -> None:
    """A held group the server sends back: it has it, so it is not pushed again."""
    conn.execute("UPDATE groups SET pushed = 1 WHERE group_id = ?", (group_id,))


def unpushed_change_count(store: Store) -> int:
    """Changes in the groups the server has not acknowledged yet."""
    row = store.conn.execute(
        "SELECT coalesce(sum(changes), 0) FROM groups WHERE pushed = 0"
    ).fetchone()
    return int(row[0])


def changes_in_groups(store: Store, group_ids: set[bytes]) -> int:
    """Changes the given groups carry, as far as this device knows (0 for unread ones)."""
    total = 0
    ids = sorted(group_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        row = store.conn.execute(
            f"SELECT coalesce(sum(changes), 0) FROM groups WHERE group_id IN ({marks})", chunk
        ).fetchone()
        total += int(row[0])
    return total


def all_group_ids(store: Store) -> Iterator[bytes]:
    """Every group this device holds, in local order."""
    for (group_id,) in store.conn.execute("SELECT group_id FROM groups ORDER BY seq"):
        yield group_id


def unread_groups(store: Store, space: str) -> list[tuple[bytes, SignedGroup]]:
    """The groups of `space` this device holds unread (no key then), in local order."""
    rows = store.conn.execute(
        f"SELECT group_id, {_COLUMNS} FROM groups WHERE space = ? AND opened = ? ORDER BY seq",
        (space, UNREAD),
    )
    return [(group_id, SignedGroup(*fields)) for group_id, *fields in rows]


def mark_opened(
    conn: sqlite3.Connection, group_id: bytes, state: int, changes: int, fault: str | None
) -> None:
    """A held group opened at last (in the writer's transaction that applies its changes)."""
    conn.execute(
        "UPDATE groups SET opened = ?, changes = ?, fault = ? WHERE group_id = ?",
        (state, changes, fault, group_id),
    )


def unread_group_count(store: Store, space: str) -> int:
    """Groups of `space` this device holds but cannot read yet (no key)."""
    row = store.conn.execute(
        "SELECT count(*) FROM groups WHERE space = ? AND opened = ?", (space, UNREAD)
    ).fetchone()
    return int(row[0])


def unsent_by_space(store: Store) -> dict[str, int]:
    """Per space: this device's changes not yet sealed, plus changes in groups not yet
    acknowledged by the server (a group this device cannot read counts as one)."""
    rows = store.conn.execute(
        "SELECT space, count(*) FROM changes WHERE group_id IS NULL AND author = ? GROUP BY space"
        " UNION ALL SELECT space, sum(max(changes, 1)) FROM groups WHERE pushed = 0 GROUP BY space",
        (store.device_id,),
    )
    pending: dict[str, int] = {}
    for space, count in rows:
        pending[space] = pending.get(space, 0) + count
    return dict(sorted(pending.items()))


@dataclass(frozen=True)
class GroupSummary:
    """A held group as an export lists it (its payload stays in the store)."""

    group_id: bytes
    space: str
    author: str
    changes: int
    size: int  # bytes of its payload


def groups_to_export(store: Store, only_unpushed: bool) -> list[GroupSummary]:
    """Held groups in local order, but those the server refused (`pushed` < 0); with
    `only_unpushed`, those the server has not acknowledged."""
    where = "pushed = 0" if only_unpushed else "pushed >= 0"
    rows = store.conn.execute(
        "SELECT group_id, space, author, changes, length(payload) FROM groups"
        f" WHERE {where} ORDER BY seq"
    )
    return [GroupSummary(*row) for row in rows]


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
