"""Two replicas of a store editing one case at once, as two offline devices do.

Changes travel between them through `Store.apply_changes`, the path every
change received by sync or bundle takes once unpacked.
"""

from __future__ import annotations

from typing import Any

from client.cases import create_case, set_status
from client.store import IncomingChange, Store


def exchange(source: Store, target: Store) -> None:
    """Give `target` every change `source` holds (what it has already is ignored)."""
    rows = source.conn.execute("SELECT hash, doc_id, space, author, body FROM changes")
    target.apply_changes(
        [IncomingChange(hash=h, doc_id=d, space=s, author=a, body=b) for h, d, s, a, b in rows]
    )


# What applying changes writes, table by table, in an order that does not depend on how.
STORED = {
    "documents": "SELECT doc_id, space, kind, state, heads, data FROM documents ORDER BY doc_id",
    "changes": "SELECT hash, doc_id, applied, deps, fault FROM changes ORDER BY hash",
    "cases": "SELECT * FROM cases ORDER BY doc_id",
    "search": "SELECT rowid, body FROM cases_fts ORDER BY rowid",
    "returns": "SELECT * FROM returns ORDER BY doc_id",
}


def stored_rows(store: Store) -> dict[str, Any]:
    """Everything admission decides and applying writes: two stores that judged the same
    changes, by whatever path, hold the same rows."""
    return {table: store.conn.execute(sql).fetchall() for table, sql in STORED.items()}


def in_execution(a: Store, b: Store, title: str = "Commission rogatoire — Banque Zeta") -> str:
    """A case both replicas hold, in execution, with no conflict yet."""
    case_id = create_case(a, {"direction": "incoming", "kind": "mla", "title": title})
    set_status(a, case_id, "received", when="2026-03-02T09:00:00+00:00")
    set_status(a, case_id, "in_execution", when="2026-03-03T09:00:00+00:00")
    exchange(a, b)
    return case_id


def executed_and_refused(a: Store, b: Store) -> str:
    """A executes the case while B, not yet synced, refuses it; then they sync."""
    case_id = in_execution(a, b)
    set_status(a, case_id, "executed", when="2026-03-10T10:00:00+00:00", outcome="Relevés remis")
    set_status(
        b,
        case_id,
        "refused",
        when="2026-03-10T10:00:00+00:00",
        refusal_grounds=["dual_criminality"],
        outcome="Refus motivé",
    )
    exchange(a, b)
    exchange(b, a)
    return case_id
