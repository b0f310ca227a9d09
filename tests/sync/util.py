"""Helpers of the sync tests: offline edits, materialized state, what a store holds."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from client.cases import create_case, update_case
from client.directory import propose_edit, put_entry
from client.store import Store
from client.sync import SyncAgent, SyncReport
from shared.access import authority_space


def authority(store: Store) -> str:
    value = store.get_meta("authority")
    assert value
    return value


def own_space(store: Store) -> str:
    return authority_space(authority(store))


def edit(store: Store, rng: random.Random, tag: str) -> None:
    """One offline edit: a new case, an update of a case, or of the own directory entry."""
    cases = store.doc_ids("case", own_space(store))
    code = authority(store)
    choice = rng.random()
    if not cases or choice < 0.4:
        create_case(
            store,
            {
                "direction": rng.choice(["incoming", "outgoing"]),
                "kind": "mla",
                "title": f"case {tag}",
                "notes": f"notes {tag}",
            },
        )
    elif choice < 0.85:
        update_case(
            store, rng.choice(sorted(cases)), {"title": f"title {tag}", "notes": f"n {tag}"}
        )
    elif store.exists(code):
        propose_edit(store, code, {"office_hours": f"hours {tag}"})
    else:
        put_entry(store, {"code": code, "state": code[:2], "authority_name": f"CA {code}"})


def materialized(store: Store, space: str) -> dict[str, Any]:
    """doc id -> (fields, heads) of every document of a space."""
    rows = store.conn.execute(
        "SELECT doc_id, data, heads FROM documents WHERE space = ? ORDER BY doc_id", (space,)
    )
    return {doc_id: (json.loads(data), sorted(heads.split(","))) for doc_id, data, heads in rows}


def spaces_held(store: Store) -> set[str]:
    spaces: set[str] = set()
    for table in ("changes", "groups", "documents"):
        spaces.update(r[0] for r in store.conn.execute(f"SELECT DISTINCT space FROM {table}"))
    return spaces


def file_bytes(store: Store) -> bytes:
    """The store's SQLite file and WAL, as on disk."""
    store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    data = b""
    for suffix in ("", "-wal"):
        path = Path(str(store.path) + suffix)
        if path.exists():
            data += path.read_bytes()
    return data


def sync(store: Store, url: str, **kwargs: Any) -> SyncReport:
    return SyncAgent(store, server_url=url, **kwargs).sync_once()


def pending_count(store: Store) -> int:
    return store.conn.execute(
        "SELECT count(*) FROM changes WHERE applied = 0 AND body IS NOT NULL"
    ).fetchone()[0]
