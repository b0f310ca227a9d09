"""One field of the materialized JSON of every document of a kind, in one query: for
readers that need a field the materialized tables (cases, directory) have no column for."""

from __future__ import annotations

from typing import Any

from .store import Store


def field_by_doc(store: Store, kind: str, name: str) -> dict[str, Any]:
    """doc id -> the field `name` of each document of `kind` (None where it is not set)."""
    rows = store.conn.execute(
        "SELECT doc_id, json_extract(data, ?) FROM documents WHERE kind = ?", ("$." + name, kind)
    )
    return dict(rows.fetchall())
