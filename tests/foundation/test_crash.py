"""Kill a writing process with SIGKILL at random moments: every reported edit survives, whole.

A subprocess (crash_writer.py) applies a stream of edits and prints each one
once committed. The test kills it at a random moment, several times over the
same file, then checks the file is sound and holds every reported edit, and
that no edit is half there (batches all-or-nothing, flat tables and the
change log in step with the Automerge documents).
Set CRASH_SEED to replay a run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from automerge.core import Document

from client.cases import get_case, update_case
from client.store import Store
from client.store.automerge_fields import read_document

# SIGKILL does not exist on Windows: killing a writer there is another test to write.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX only: uses SIGKILL")

REPO = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 4


def _run_until_killed(db: Path, first: int, rng: random.Random) -> list[tuple[str, int, str]]:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        ready = proc.stdout.readline()
        assert ready.startswith("ready"), proc.stderr.read()
        reported = []
        for _ in range(rng.randint(3, 60)):
            line = proc.stdout.readline()
            assert line.endswith("\n"), proc.stderr.read()
            reported.append(line)
        time.sleep(rng.uniform(0, 0.01))  # land anywhere in the next edit
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        rest = proc.stdout.read()  # lines flushed before the kill are committed too
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reported += [line + "\n" for line in rest.split("\n")[:-1]]  # drop a partial last line
    assert proc.returncode == -signal.SIGKILL
    edits = []
    for line in reported:
        kind, index, ids = line.split()
        edits.append((kind, int(index), ids))
    return edits


def test_sigkill_loses_no_committed_edit(tmp_path: Path) -> None:
    seed = int(os.environ.get("CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    db = tmp_path / "crash.sqlite"
    edits: list[tuple[str, int, str]] = []
    first = 0
    for _ in range(ROUNDS):
        got = _run_until_killed(db, first, rng)
        assert got, f"seed {seed}: no edit reported"
        edits += got
        first = got[-1][1] + 100  # skip indexes an unreported edit may have used

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"seed {seed}"
    conn.close()

    store = Store(db)
    for kind, index, ids in edits:
        if kind == "update":
            assert get_case(store, ids)["particulars"].get(f"e{index}") == f"value {index}", (
                seed,
                index,
            )
        else:
            for case_id in ids.split(","):
                assert store.exists(case_id), (seed, kind, index)
    _assert_batches_whole(store, seed)
    _assert_tables_match_documents(store, seed)

    # The store takes new edits after the crashes.
    target = store.conn.execute("SELECT doc_id FROM cases WHERE our_ref = 'TARGET'").fetchone()[0]
    assert update_case(store, target, {"title": "after the crashes"})
    store.close()


def _assert_batches_whole(store: Store, seed: int) -> None:
    counts: dict[str, int] = {}
    for (ref,) in store.conn.execute("SELECT our_ref FROM cases WHERE our_ref LIKE 'BATCH-%'"):
        batch = ref.rsplit("-", 1)[0]
        counts[batch] = counts.get(batch, 0) + 1
    assert counts, f"seed {seed}: no batch was committed"
    assert set(counts.values()) == {4}, (seed, counts)


def _assert_tables_match_documents(store: Store, seed: int) -> None:
    """Each document's saved state, materialized copy, flat row, index entry and changes agree."""
    conn = store.conn
    known = {row[0] for row in conn.execute("SELECT hash FROM changes WHERE applied = 1")}
    cases = 0
    for doc_id, kind, state, data in conn.execute(
        "SELECT doc_id, kind, state, data FROM documents"
    ).fetchall():
        doc = Document.load(state)
        assert read_document(doc) == json.loads(data), (seed, doc_id)
        assert {c.hash for c in doc.get_changes([])} <= known, (seed, doc_id)
        if kind == "case":
            cases += 1
            row = conn.execute("SELECT our_ref FROM cases WHERE doc_id = ?", (doc_id,)).fetchone()
            assert row == (json.loads(data).get("our_ref", ""),), (seed, doc_id)
    in_changes = conn.execute("SELECT count(DISTINCT doc_id) FROM changes").fetchone()[0]
    assert in_changes == conn.execute("SELECT count(*) FROM documents").fetchone()[0], seed
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == cases, seed
    assert conn.execute("SELECT count(*) FROM cases_fts").fetchone()[0] == cases, seed
