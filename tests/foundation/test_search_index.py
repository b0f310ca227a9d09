"""The search index follows every edit: one entry per case, replaced in place, never stale."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from client import cases
from client.demo import generate_cases
from client.store import Store


def _aligned(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(cases, index entries, entries whose rowid and doc_id match their case row)."""
    return (
        conn.execute("SELECT count(*) FROM cases").fetchone()[0],
        conn.execute("SELECT count(*) FROM cases_fts").fetchone()[0],
        conn.execute(
            "SELECT count(*) FROM cases c JOIN cases_fts f ON f.rowid = c.rowid AND f.doc_id = c.doc_id"
        ).fetchone()[0],
    )


def test_edits_replace_the_search_entry(store: Store) -> None:
    ids = generate_cases(store, 30, seed=5)
    for i, case_id in enumerate(ids):
        cases.update_case(store, case_id, {"notes": f"mot{i}unique"})
    cases.update_case(store, ids[7], {"notes": "remplacé par zanzibar"})

    assert _aligned(store.conn) == (30, 30, 30)
    assert [r["id"] for r in cases.list_cases(store, cases.CaseFilter(search="zanzibar"))] == [
        ids[7]
    ]
    assert cases.list_cases(store, cases.CaseFilter(search="mot7unique")) == []
    assert [r["id"] for r in cases.list_cases(store, cases.CaseFilter(search="mot8unique"))] == [
        ids[8]
    ]


def test_migration_realigns_an_older_index(tmp_path: Path) -> None:
    """A store written before migration 0003 (entries with their own rowids) is realigned."""
    path = tmp_path / "old.sqlite"
    store = Store(path)
    ids = generate_cases(store, 12, seed=9)
    store.close()
    with sqlite3.connect(path) as conn:  # as the old code left it: rowids unrelated to `cases`
        rows = conn.execute("SELECT doc_id, body FROM cases_fts").fetchall()
        conn.execute("DELETE FROM cases_fts")
        conn.executemany(
            "INSERT INTO cases_fts (rowid, doc_id, body) VALUES (?, ?, ?)",
            [(1000 + 7 * n, doc_id, body) for n, (doc_id, body) in enumerate(rows)],
        )
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0003-fts-rowid'")
        assert _aligned(conn)[2] == 0
    conn.close()

    store = Store(path)
    assert _aligned(store.conn) == (12, 12, 12)
    cases.update_case(store, ids[3], {"notes": "kilimandjaro"})
    assert [r["id"] for r in cases.list_cases(store, cases.CaseFilter(search="kilimandjaro"))] == [
        ids[3]
    ]
    assert _aligned(store.conn) == (12, 12, 12)
    store.close()
