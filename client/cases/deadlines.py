"""Reads of the `cases` table for the dashboard and the statistics (`client.stats`):
open cases per direction, deadlines, cases waiting for an answer, and the rows the
figures are counted from. `client.stats` shapes them; only this package runs SQL
on the table it owns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..store import Store
from ..store.document_fields import field_by_doc

_DEADLINE = "deadline != '' AND deadline IS NOT NULL"


def _marks(values: Sequence[str]) -> str:
    return ",".join("?" * len(values))


def open_by_direction(store: Store, statuses: Sequence[str]) -> dict[str, int]:
    """How many cases in these statuses, per direction."""
    rows = store.conn.execute(
        f"SELECT direction, count(*) FROM cases WHERE status IN ({_marks(statuses)})"
        " GROUP BY direction",
        list(statuses),
    )
    return {direction: count for direction, count in rows}


def deadlines_between(
    store: Store, statuses: Sequence[str], start: str | None, end: str | None, limit: int
) -> tuple[int, list[tuple[str, str, str, str]]]:
    """Cases in these statuses whose deadline is in [start, end] (ISO days; None: open
    on that side, `end` excluded when `start` is None): their number, and the first
    `limit` (doc id, our ref, title, deadline) by deadline."""
    where = f"status IN ({_marks(statuses)}) AND {_DEADLINE}"
    args: list[Any] = list(statuses)
    if start is None:
        where += " AND deadline < ?"
        args.append(end)
    else:
        where += " AND deadline >= ? AND deadline <= ?"
        args += [start, end]
    count = store.conn.execute(f"SELECT count(*) FROM cases WHERE {where}", args).fetchone()[0]
    rows = store.conn.execute(
        f"SELECT doc_id, our_ref, title, deadline FROM cases WHERE {where}"
        " ORDER BY deadline, doc_id LIMIT ?",
        [*args, limit],
    ).fetchall()
    return int(count), rows


def waiting_since(
    store: Store, statuses: Sequence[str], limit: int
) -> list[tuple[str, str, str, str, str, str]]:
    """Cases in these statuses, longest waiting first: (doc id, our ref, title,
    direction, status, since), since = the day the request left (outgoing) or
    arrived (incoming)."""
    since = "CASE direction WHEN 'outgoing' THEN date_sent ELSE date_received END"
    return store.conn.execute(
        f"SELECT doc_id, our_ref, title, direction, status, {since} AS since FROM cases"
        f" WHERE status IN ({_marks(statuses)}) AND coalesce({since}, '') != ''"
        " ORDER BY since, doc_id LIMIT ?",
        [*statuses, limit],
    ).fetchall()


def figure_rows(store: Store, direction: str | None) -> list[tuple[Any, ...]]:
    """(direction, status, requesting state, requested state, assistance types,
    received, sent, closed, executed) of every case, or of one direction's."""
    where, args = ("WHERE direction = ?", [direction]) if direction else ("", [])
    rows = store.conn.execute(
        "SELECT doc_id, direction, status, requesting_state, requested_state, assistance_types,"
        f" date_received, date_sent, date_closed FROM cases {where}",
        args,
    ).fetchall()
    # The execution date has no column of its own: it is read from the documents.
    executed = field_by_doc(store, "case", "date_executed")
    return [(*row[1:], executed.get(row[0])) for row in rows]
