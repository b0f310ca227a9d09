"""Rebuilding a document from the changes it keeps, after some were withdrawn.

Used when changes this device had applied are refused afterwards (their
author's revocation says they do not stand): the document is loaded again from
its remaining changes, so it ends exactly as on a device that never applied the
refused ones. A change whose dependencies are gone goes back to pending; a
document left with no change is removed with its flat rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from automerge.core import Document

from . import materialize
from .automerge_fields import read_document
from .store import Store


def rebuild_documents(store: Store, doc_ids: Iterable[str]) -> int:
    """Rebuild each document from its held changes; returns how many changes went pending."""
    unapplied = 0
    with store.write():
        for doc_id in sorted(set(doc_ids)):
            unapplied += _rebuild(store, doc_id)
    return unapplied


def _rebuild(store: Store, doc_id: str) -> int:
    conn = store.conn
    # Only changes that were applied: withdrawing changes never lets a pending one apply,
    # and a change set aside (malformed, invalid) stays aside.
    rows = conn.execute(
        "SELECT hash, body FROM changes WHERE doc_id = ? AND body IS NOT NULL AND applied = 1"
        " ORDER BY seq",
        (doc_id,),
    ).fetchall()
    row = conn.execute("SELECT space, kind FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    doc = Document.load(Document().save() + b"".join(body for _, body in rows))
    present = {c.hash for c in doc.get_changes([])}
    # Those whose dependencies were withdrawn wait again (and show as blocked).
    gone = [(h,) for h, _ in rows if h not in present]
    conn.executemany("UPDATE changes SET applied = 0, deps = x'' WHERE hash = ?", gone)
    if not present:
        conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        materialize.remove(conn, doc_id)
    elif row is not None:
        doc.set_actor(store.actor)
        store._save_document(doc, doc_id, row[0], row[1], read_document(doc))
    return len(gone)
