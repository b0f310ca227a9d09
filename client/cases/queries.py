"""Listing, filtering and searching cases from the materialized table and FTS index."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from shared.schema.cases import OPEN_STATUSES
from shared.schema.states import lookup_state

from ..store import Store

SORTABLE = (
    "updated_at",
    "deadline",
    "date_received",
    "date_sent",
    "our_ref",
    "status",
    "requesting_state",
    "requested_state",
    "title",
)


@dataclass
class CaseFilter:
    direction: str | None = None
    status: str | None = None
    state: str | None = None  # requesting or requested state
    assistance_type: str | None = None
    overdue: bool = False
    open_only: bool = False
    search: str | None = None
    sort: str = "updated_at"
    descending: bool = True
    limit: int | None = 50
    offset: int = 0
    today: dt.date = field(default_factory=dt.date.today)

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.direction:
            clauses.append("direction = ?")
            args.append(self.direction)
        if self.status:
            clauses.append("status = ?")
            args.append(self.status)
        if self.state:
            clauses.append("(requesting_state = ? OR requested_state = ?)")
            code = lookup_state(self.state) or self.state  # "Ghana" finds GH
            args += [code, code]
        if self.assistance_type:
            clauses.append("(',' || assistance_types || ',') LIKE ?")
            args.append(f"%,{self.assistance_type},%")
        if self.overdue or self.open_only:
            marks = ",".join("?" * len(OPEN_STATUSES))
            clauses.append(f"status IN ({marks})")
            args += list(OPEN_STATUSES)
        if self.overdue:
            clauses.append("deadline != '' AND deadline < ?")
            args.append(self.today.isoformat())
        if self.search and fts_query(self.search):
            # The index entry of a case has the rowid of its row in `cases` (materialize.py).
            clauses.append("rowid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)")
            args.append(fts_query(self.search))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def fts_query(text: str) -> str:
    """User words as an FTS5 query: every word must match, as a prefix; no syntax errors."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


def list_cases(store: Store, flt: CaseFilter | None = None) -> list[dict[str, Any]]:
    flt = flt or CaseFilter()
    where, args = flt.where()
    sort = flt.sort if flt.sort in SORTABLE else "updated_at"
    order = "DESC" if flt.descending else "ASC"
    sql = f"SELECT * FROM cases{where} ORDER BY {sort} {order}, doc_id"
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args += [flt.limit, flt.offset]
    cursor = store.conn.execute(sql, args)
    names = [d[0] for d in cursor.description]
    rows = []
    for row in cursor:
        item = dict(zip(names, row, strict=True))
        item["id"] = item.pop("doc_id")
        rows.append(item)
    return rows


def count_cases(store: Store, flt: CaseFilter | None = None) -> int:
    where, args = (flt or CaseFilter()).where()
    return store.conn.execute(f"SELECT count(*) FROM cases{where}", args).fetchone()[0]


def states_in_use(store: Store) -> list[str]:
    """The states (codes) named as requesting or requested by any case, sorted."""
    rows = store.conn.execute(
        "SELECT requesting_state FROM cases UNION SELECT requested_state FROM cases"
    )
    return sorted({r[0] for r in rows if r[0]})


def count_by_status(store: Store) -> dict[str, int]:
    """How many cases are in each status."""
    rows = store.conn.execute("SELECT status, count(*) FROM cases GROUP BY status")
    return {status: count for status, count in rows}
