"""Folding staged returns into their books: one Automerge change per book per sealing.

Called by the sealing (`client.replication.seal_local_changes`) before it reads the
unsealed changes, in its transaction. Ten saved cases cost one change header, one group
and one signature instead of ten of each (docs/secretariat.md, "Returns on the wire").

When: a sync started by hand, a bundle export and every sealing that is not a background
sync publish every staged return. A background sync publishes them only when they are due
(`returns_due`): the oldest staged return is PUBLISH_AFTER old, or was staged in an
earlier month (a statistics period may have closed). Returns are monthly to half-yearly
statistics; publishing them once a day spreads their group's fixed cost over the day's
syncs, and a case saved several times that day travels once. The authority's own figures
count a staged return at once (service.save_return), so nothing waits locally.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from shared.schema.returns import BOOK_KIND, entry_key

from ..store import Store

PUBLISH_AFTER = dt.timedelta(days=1)  # how long a background sync lets returns wait


def returns_due(store: Store, now: dt.datetime | None = None) -> bool:
    """Must a background sync publish the staged returns now? Yes once the oldest was
    staged PUBLISH_AFTER ago or in an earlier month (UTC) than `now`."""
    return _due(store.conn, now)


def _due(conn: sqlite3.Connection, now: dt.datetime | None) -> bool:
    oldest = conn.execute("SELECT min(staged_at) FROM returns_staged").fetchone()[0]
    if oldest is None:
        return False
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        staged = dt.datetime.fromisoformat(oldest)
    except ValueError:  # staged before the time was kept (migration 0009): due at once
        return True
    return now - staged >= PUBLISH_AFTER or (staged.year, staged.month) < (now.year, now.month)


def publish_staged_returns(
    store: Store, all_returns: bool = True, now: dt.datetime | None = None
) -> int:
    """Fold the staged returns into their books; returns how many books changed.
    `all_returns=False` (a background sync) publishes only when `returns_due`."""
    changed = 0
    with store.write() as conn:
        if not all_returns and not _due(conn, now):
            return 0
        staged: dict[tuple[str, str], dict[str, Any]] = {}
        for case_id, book, space, entry in conn.execute(
            "SELECT case_id, book, space, entry FROM returns_staged ORDER BY book, case_id"
        ):
            staged.setdefault((book, space), {})[entry_key(case_id)] = bytes.fromhex(entry)
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
