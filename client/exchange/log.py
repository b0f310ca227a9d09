"""The local record of the channel: threads (package id -> case) and envelopes met.

Owns the tables `exchange_threads` and `exchange_envelopes` (migration 0006).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..store import Store


@dataclass(frozen=True)
class EnvelopeRecord:
    envelope_id: str
    kind: str
    direction: str  # "out" | "in"
    peer: str
    thread: str
    # "sent" | "opened" | "refused" | "skipped" (the other side's copy for its own devices)
    state: str
    reason: str
    content: dict[str, Any]
    at: str
    accepted: bool


def sent_at() -> str:
    """When a package or message is sent, to the microsecond: a thread is ordered by it
    (two messages sent in the same second keep their order on both sides)."""
    return dt.datetime.now(dt.timezone.utc).isoformat()


_COLUMNS = "envelope_id, kind, direction, peer, thread, state, reason, content, at, accepted"


def _row(item: EnvelopeRecord) -> tuple[object, ...]:
    """An envelope record as the values of `_COLUMNS`, in order."""
    return (
        item.envelope_id,
        item.kind,
        item.direction,
        item.peer,
        item.thread,
        item.state,
        item.reason,
        json.dumps(item.content, ensure_ascii=False),
        item.at,
        int(item.accepted),
    )


def known(store: Store, envelope_id: str) -> bool:
    return (
        store.conn.execute(
            "SELECT 1 FROM exchange_envelopes WHERE envelope_id = ?", (envelope_id,)
        ).fetchone()
        is not None
    )


def record(store: Store, item: EnvelopeRecord) -> None:
    with store.write() as conn:
        conn.execute(
            f"INSERT OR IGNORE INTO exchange_envelopes ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            _row(item),
        )


def link_thread(store: Store, thread: str, case_id: str, peer: str, direction: str) -> None:
    with store.write() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO exchange_threads (thread, case_id, peer, direction)"
            " VALUES (?, ?, ?, ?)",
            (thread, case_id, peer, direction),
        )


def thread_of_case(store: Store, case_id: str) -> tuple[str, str, str] | None:
    """(thread, peer, direction) of a case, None if it was never transmitted or received."""
    row = store.conn.execute(
        "SELECT thread, peer, direction FROM exchange_threads WHERE case_id = ?", (case_id,)
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def case_of_thread(store: Store, thread: str) -> str | None:
    row = store.conn.execute(
        "SELECT case_id FROM exchange_threads WHERE thread = ?", (thread,)
    ).fetchone()
    return row[0] if row else None


def envelopes(
    store: Store, thread: str | None = None, state: str | None = None
) -> list[EnvelopeRecord]:
    sql, args = f"SELECT {_COLUMNS} FROM exchange_envelopes WHERE 1 = 1", []
    if thread is not None:
        sql += " AND thread = ?"
        args.append(thread)
    if state is not None:
        sql += " AND state = ?"
        args.append(state)
    rows = store.conn.execute(sql + " ORDER BY at, rowid", args).fetchall()
    return [
        EnvelopeRecord(e, k, d, p, t, s, r, json.loads(c), a, bool(acc))
        for e, k, d, p, t, s, r, c, a, acc in rows
    ]


def mark_accepted(store: Store, envelope_id: str) -> None:
    with store.write() as conn:
        conn.execute(
            "UPDATE exchange_envelopes SET accepted = 1 WHERE envelope_id = ?", (envelope_id,)
        )


def peer_of_thread(store: Store, thread: str) -> str | None:
    row = store.conn.execute(
        "SELECT peer FROM exchange_threads WHERE thread = ?", (thread,)
    ).fetchone()
    return row[0] if row else None


def unlinked_sent_packages(store: Store) -> set[str]:
    """Packages another device of this authority sent, whose case is not linked here yet."""
    rows = store.conn.execute(
        "SELECT envelope_id FROM exchange_envelopes e WHERE kind = 'package'"
        " AND direction = 'out' AND NOT EXISTS"
        " (SELECT 1 FROM exchange_threads t WHERE t.thread = e.envelope_id)"
    )
    return {row[0] for row in rows}


def record_colleague_copy(store: Store, item: EnvelopeRecord) -> None:
    """What another device of this authority sent, from the copy it sealed to us: fills
    the record of the envelope it sent (met unreadable, with no thread) or makes it."""
    with store.write() as conn:
        conn.execute(
            f"INSERT INTO exchange_envelopes ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(envelope_id) DO UPDATE SET thread = excluded.thread,"
            " content = excluded.content, at = excluded.at"
            " WHERE exchange_envelopes.thread = ''",
            _row(item),
        )
