"""Folding staged returns into their books: one Automerge change per book per sealing.

Called by the sealing (`client.replication.seal_local_changes`) before it reads the
unsealed changes, in its transaction: whatever a sync or a bundle carries, it carries
every return saved before it, and ten saved cases cost one change header, one group and
one signature instead of ten of each (docs/secretariat.md, "Returns on the wire").
"""

from __future__ import annotations

import json
from typing import Any

from shared.schema.returns import BOOK_KIND

from ..store import Store


def publish_staged_returns(store: Store) -> int:
    """Fold the staged returns into their books; returns how many books changed."""
    changed = 0
    with store.write() as conn:
        staged: dict[tuple[str, str], dict[str, Any]] = {}
        for case_id, book, space, entry in conn.execute(
            "SELECT case_id, book, space, entry FROM returns_staged ORDER BY book, case_id"
        ):
            staged.setdefault((book, space), {})[case_id] = json.loads(entry)
        for (book, space), entries in staged.items():
            if store.exists(book):
                changed += store.update(book, entries)
            else:
                store.create(space, BOOK_KIND, entries, doc_id=book)
                changed += 1
        if staged:  # (an empty DELETE still writes a page, even with nothing staged)
            conn.execute("DELETE FROM returns_staged")
    return changed


def staged_by_space(store: Store) -> dict[str, int]:
    """Per returns space, the changes the next sealing will make (one per book with staged
    returns): what a sync status counts as waiting to be sent."""
    rows = store.conn.execute(
        "SELECT space, count(DISTINCT book) FROM returns_staged GROUP BY space"
    )
    return dict(rows.fetchall())
