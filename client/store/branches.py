"""Which documents have concurrent edits: a cheap question asked of the store's tables.

A document's changes branch when two devices edit it before they sync: until a
later change is made on both branches it has two heads, and that later change
has two dependencies. So a document whose heads are one and whose changes
each have at most one dependency was edited in one line, and needs no closer
look (client/cases/conflicts.py loads Automerge only for the others).
"""

from __future__ import annotations

from collections.abc import Iterable

from .store import Store

HASH_SIZE = 32
_CHUNK = 500  # SQLite's limit on bound parameters is far above this


def branched_documents(store: Store, doc_ids: Iterable[str]) -> set[str]:
    """The documents among `doc_ids` whose change graph ever branched."""
    ids = list(dict.fromkeys(doc_ids))
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0]
            for row in store.conn.execute(
                f"SELECT doc_id FROM documents WHERE doc_id IN ({marks}) AND instr(heads, ',') > 0"
                f" UNION SELECT doc_id FROM changes WHERE doc_id IN ({marks})"
                f" AND applied = 1 AND length(deps) > {HASH_SIZE}",
                chunk + chunk,
            )
        )
    return found
