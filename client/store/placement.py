"""Where a received change belongs, when the same change arrives for two documents.

The store holds a change once, by hash (`changes.hash` is unique). Someone may
re-wrap another device's change in a document of their own (a USB stick can
carry anything validly signed by its carrier); the first placement to arrive
must not keep the change from the document it was written for.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from shared.changes import ChangeError
from shared.policy import read_header

if TYPE_CHECKING:
    from .store import IncomingChange


def take_back(
    conn: sqlite3.Connection,
    incoming: list[IncomingChange],
    known: set[bytes],
    taken: set[tuple[bytes, str]],
    deps_applied: bool,
) -> list[IncomingChange]:
    """Known changes arriving for another document than the one holding them.

    A change is held once, by hash. One re-wrapped by someone else in a document
    where it was refused or is blocked, or (`deps_applied`) where it waits while
    its dependencies are applied in the document it now arrives for, must not
    hide it from the document it was written for: it moves there and waits for
    its turn like a new change.
    """
    moved = []
    for change in incoming:
        if change.hash not in known or (change.hash, change.doc_id) in taken:
            continue
        row = conn.execute(
            "SELECT doc_id, applied, fault FROM changes WHERE hash = ?", (change.hash,)
        ).fetchone()
        if row is None or row[0] == change.doc_id or row[1] == 1:
            continue
        if row[2] is None and not (deps_applied and _deps_held(conn, change)):
            continue
        taken.add((change.hash, change.doc_id))
        conn.execute(
            "UPDATE changes SET doc_id = ?, space = ?, author = ?, group_id = ?,"
            " position = ?, applied = 0, fault = NULL WHERE hash = ?",
            (
                change.doc_id,
                change.space,
                change.author,
                change.group_id,
                change.position,
                change.hash,
            ),
        )
        moved.append(change)
    return moved


def _deps_held(conn: sqlite3.Connection, change: IncomingChange) -> bool:
    """Are all the change's dependencies applied in the document it arrives for?"""
    try:
        deps = read_header(change.body).deps
    except ChangeError:
        return False
    for dep in deps:
        held = conn.execute(
            "SELECT 1 FROM changes WHERE hash = ? AND doc_id = ? AND applied = 1",
            (dep, change.doc_id),
        ).fetchone()
        if held is None:
            return False
    return True
