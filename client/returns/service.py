"""Staging each case's return in the case save's transaction, and reading returns back for
statistics.

A save stages the return for the book of the current year (table `returns_staged`, owned
by this package) and updates the authority's own `returns` row at once, both in the
save's transaction: the return always reflects the case as saved, and the authority's own
figures count it immediately. A later sealing (a sync by hand, a bundle export, or a
background sync once they are due) folds every staged return into its book as one change
(`book.publish_staged_returns`), which is what travels.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shared.access import returns_space
from shared.schema.returns import (
    BOOK_KIND,
    RETURN_FIELDS,
    book_id,
    book_state,
    encode_return,
    entry_key,
    return_id,
)

from ..directory import entry_state
from ..store import Store, materialize
from ..store.materialize import RETURN_COLUMNS
from .projection import case_return, state_code

KIND = "return"  # a per-case return document, as older versions wrote them


def save_return(store: Store, case_id: str, authority: str) -> None:
    """Stage the case's return as the case now is; call inside the case's write. (A return
    that did not change costs nothing: the fold rewrites an entry only if it differs.)"""
    case = store.read(case_id)
    state = book_state(authority)
    entry = encode_return(case_return(case, own_state(store, authority)), state)
    now = dt.datetime.now(dt.timezone.utc)
    book, space = book_id(authority, str(now.year)), returns_space(authority)
    with store.write() as conn:
        # A case saved again before its return is published keeps its first staging time:
        # the publishing rule waits for the oldest staged return (book.returns_due).
        conn.execute(
            "INSERT INTO returns_staged (case_id, book, space, entry, staged_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET"
            " book = excluded.book, space = excluded.space, entry = excluded.entry",
            (case_id, book, space, entry.hex(), now.isoformat(timespec="seconds")),
        )
        # The authority's own row, from the staged entry: its own figures need no sync.
        materialize.refresh(conn, book, BOOK_KIND, {entry_key(case_id): entry}, space)


def own_state(store: Store, authority: str) -> str:
    """The authority's State: from its directory entry, else the code's prefix (SN-CA)."""
    return state_code(entry_state(store, authority)) or state_code(authority[:2])


def authority_of(space: str) -> str:
    return space.partition("/")[2]


def read_returns(store: Store, authority: str | None = None) -> list[dict[str, Any]]:
    """Every return this store holds (or one authority's), with its `authority`."""
    sql = f"SELECT authority, {', '.join(RETURN_COLUMNS)} FROM returns"
    args: tuple[str, ...] = ()
    if authority:
        sql += " WHERE authority = ?"
        args = (authority,)
    names = ("authority", *RETURN_COLUMNS)
    out = []
    for row in store.conn.execute(sql, args):
        record = dict(zip(names, row, strict=True))
        for name in _SETS:
            record[name] = [v for v in (record[name] or "").split(",") if v]
        out.append(record)
    return out


_SETS = tuple(f.name for f in RETURN_FIELDS if f.kind == "set")
__all__ = ["KIND", "authority_of", "own_state", "read_returns", "return_id", "save_return"]
