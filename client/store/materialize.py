"""Keeps the flat tables (cases, directory, full-text index) in step with the documents."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from shared.schema.cases import CASE_FIELDS
from shared.schema.directory import DIRECTORY_FIELDS
from shared.schema.returns import (
    BOOK_KIND,
    BOOK_META_KEYS,
    RETURN_FIELD_NAMES,
    RETURN_ID_PREFIX,
    book_state,
    decode_return,
    return_id,
    return_row_id,
)
from shared.schema.states import STATE_FIELDS, state_code_or_value

_CASE_COLUMNS = (
    "direction",
    "kind",
    "status",
    "urgency",
    "our_ref",
    "their_ref",
    "title",
    "requesting_state",
    "requested_state",
    "assistance_types",
    "deadline",
    "date_received",
    "date_sent",
    "date_closed",
    "assigned_officer",
    "updated_at",
)
_CASE_SEARCHABLE = tuple(f.name for f in CASE_FIELDS if f.searchable)
_DIRECTORY_SEARCHABLE = tuple(f.name for f in DIRECTORY_FIELDS if f.searchable)


RETURN_COLUMNS = RETURN_FIELD_NAMES
_RETURN_VALUES = (
    f"(doc_id, authority, book, {', '.join(RETURN_COLUMNS)})"
    f" VALUES ({','.join('?' * (len(RETURN_COLUMNS) + 3))})"
)
# A case's row (id ret-<its book key>) comes from its entry in the latest year's returns
# book that has one (book ids differ only by their year); its per-case return document
# (from an older version, book '') fills the row only while no book has an entry for it.
_UPSERT_BOOK_RETURN = (
    f"INSERT INTO returns {_RETURN_VALUES} ON CONFLICT(doc_id) DO UPDATE SET"
    f" {', '.join(f'{c} = excluded.{c}' for c in ('book', *RETURN_COLUMNS))}"
    " WHERE returns.book <= excluded.book"
)
_UPSERT_RETURN = (
    f"INSERT INTO returns {_RETURN_VALUES} ON CONFLICT(doc_id) DO UPDATE SET"
    f" {', '.join(f'{c} = excluded.{c}' for c in RETURN_COLUMNS)} WHERE returns.book = ''"
)


def refresh(
    conn: sqlite3.Connection,
    doc_id: str,
    kind: str,
    data: Mapping[str, Any],
    space: str = "",
    rows: Sequence[Sequence[Any]] | None = None,
) -> None:
    """Write one document's flat rows; `rows`: a returns book's rows computed before
    (`book_rows`, with its verdict), else they are computed here."""
    if kind == "return":  # an older version's per-case document, ret-<case id>
        row_id = return_row_id(doc_id.removeprefix(RETURN_ID_PREFIX))
        conn.execute(_UPSERT_RETURN, [row_id, space.partition("/")[2], "", *_return_row(data)])
    elif kind == BOOK_KIND:
        conn.executemany(
            _UPSERT_BOOK_RETURN, book_rows(doc_id, data, space) if rows is None else rows
        )
    elif kind == "case":
        _refresh_case(conn, doc_id, data)
    elif kind == "directory":
        conn.execute(
            "INSERT OR REPLACE INTO directory VALUES (?, ?, ?, ?, ?)",
            (
                doc_id,
                data.get("code", ""),
                data.get("state", ""),
                data.get("authority_name", ""),
                _flat(data.get("languages")),
            ),
        )


def book_rows(doc_id: str, data: Mapping[str, Any], space: str) -> list[tuple[Any, ...]]:
    """The `returns` rows of a returns book's entries (its root byte strings)."""
    authority = space.partition("/")[2]
    state = book_state(authority)
    return [
        (return_id(key), authority, doc_id, *_return_row(decode_return(entry, state)))
        for key, entry in data.items()
        if key not in BOOK_META_KEYS and isinstance(entry, bytes)
    ]


def refresh_many(
    conn: sqlite3.Connection,
    documents: Sequence[tuple[str, str, Mapping[str, Any], str, Sequence[Sequence[Any]] | None]],
) -> None:
    """`refresh` for a batch of (doc id, kind, fields, space, rows computed before or
    None), a few statements in all: the cases' rows, their search entries and the other
    kinds' rows go in together."""
    cases = [(doc_id, data) for doc_id, kind, data, _space, _rows in documents if kind == "case"]
    for doc_id, kind, data, space, rows in documents:
        if kind != "case":
            refresh(conn, doc_id, kind, data, space, rows)
    if not cases:
        return
    conn.executemany(_UPSERT_CASE, [[doc_id, *_case_values(data)] for doc_id, data in cases])
    rowids: dict[str, int] = {}
    ids = [doc_id for doc_id, _data in cases]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        rowids.update(
            conn.execute(f"SELECT doc_id, rowid FROM cases WHERE doc_id IN ({marks})", chunk)
        )
    conn.executemany("DELETE FROM cases_fts WHERE rowid = ?", [(rowids[d],) for d in ids])
    conn.executemany(
        "INSERT INTO cases_fts (rowid, doc_id, body) VALUES (?, ?, ?)",
        [(rowids[doc_id], doc_id, search_text(data)) for doc_id, data in cases],
    )


def remove(conn: sqlite3.Connection, doc_id: str) -> None:
    """Drop a document's flat rows and search entry (the entry shares its case row's rowid)."""
    conn.execute(
        "DELETE FROM cases_fts WHERE rowid IN (SELECT rowid FROM cases WHERE doc_id = ?)", (doc_id,)
    )
    conn.execute("DELETE FROM cases WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM directory WHERE doc_id = ?", (doc_id,))


_UPSERT_CASE = (
    f"INSERT INTO cases (doc_id, {', '.join(_CASE_COLUMNS)})"
    f" VALUES ({','.join('?' * (len(_CASE_COLUMNS) + 1))})"
    f" ON CONFLICT(doc_id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _CASE_COLUMNS)}"
)


def _refresh_case(conn: sqlite3.Connection, doc_id: str, data: Mapping[str, Any]) -> None:
    # An upsert keeps the row's rowid, and the search entry shares it (migration
    # 0003): the entry is then replaced by rowid. `doc_id` is UNINDEXED in the
    # FTS table, so deleting by doc_id scanned the whole index (16 ms at 10,000 cases).
    # States are listed and counted by code, also for cases stored before codes were enforced.
    conn.execute(_UPSERT_CASE, [doc_id, *_case_values(data)])
    (rowid,) = conn.execute("SELECT rowid FROM cases WHERE doc_id = ?", (doc_id,)).fetchone()
    conn.execute("DELETE FROM cases_fts WHERE rowid = ?", (rowid,))
    conn.execute(
        "INSERT INTO cases_fts (rowid, doc_id, body) VALUES (?, ?, ?)",
        (rowid, doc_id, search_text(data)),
    )


def _case_values(data: Mapping[str, Any]) -> list[str]:
    return [
        _flat(state_code_or_value(data.get(c)) if c in STATE_FIELDS else data.get(c))
        for c in _CASE_COLUMNS
    ]


def search_text(data: Mapping[str, Any]) -> str:
    """Everything a user may search a case by: references, parties, names, notes."""
    parts = [_flat(data.get(name)) for name in _CASE_SEARCHABLE]
    for person in (data.get("persons") or {}).values():
        if isinstance(person, Mapping):
            parts.append(" ".join(str(v) for v in person.values()))
    for document in (data.get("documents") or {}).values():
        if isinstance(document, Mapping):
            parts.append(" ".join(str(v) for v in document.values()))
    return "\n".join(p for p in parts if p)


def _return_row(data: Mapping[str, Any]) -> list[Any]:
    return [
        _days(data.get(c)) if c == "days_to_completion" else _flat(data.get(c))
        for c in RETURN_COLUMNS
    ]


def _days(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return ",".join(sorted(value))
    return str(value)
