"""One sealer per store across processes: `entraide sync --watch` and a second sealer
on the same store never seal one change into two groups."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from serverproc import share_keys

from client.identity import load_identity
from client.keys import SpaceKeyring
from client.paths import DATA_DIR_ENV, store_path
from client.replication.ingest import open_group
from client.store import Store
from client.sync import SyncAgent
from shared.access import may_read
from shared.envelope import SignedGroup

from .conftest import REPO

SEALER = Path(__file__).with_name("sealer.py")


def start_sealer(path: Path, edits: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SEALER), str(path), str(edits)], cwd=REPO)


def sealed_hashes(store: Store) -> Counter[bytes]:
    """How many of this device's groups carry each change (opened with its own key)."""
    identity = load_identity(store)
    keyring = SpaceKeyring(store)
    counts: Counter[bytes] = Counter()
    rows = store.conn.execute(
        "SELECT space, author, key_id, payload, signature FROM groups WHERE author = ?",
        (store.device_id,),
    ).fetchall()
    for row in rows:
        group = SignedGroup(*row)
        opened = open_group(
            group, keyring, may_read(identity.authority, identity.role, group.space)
        )
        counts.update(change.hash for change in opened.changes)
    return counts


def test_watch_and_a_second_sealer_seal_each_change_once(tmp_path, server):
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    store = server.enroll(Store(store_path(data_dir)), "SEAL-" + os.urandom(3).hex())
    share_keys(store)
    env = {**os.environ, DATA_DIR_ENV: str(data_dir)}
    watch = subprocess.Popen(
        [sys.executable, "-m", "client.cli.main", "sync", "--watch", "--quiet"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    looping = start_sealer(store.path, 0)
    editing = start_sealer(store.path, 60)
    try:
        assert editing.wait(300) == 0
        assert looping.wait(60) == 0
    finally:
        watch.terminate()
        watch.wait(30)
        for proc in (looping, editing):
            if proc.poll() is None:
                proc.kill()
    SyncAgent(store).sync_once()

    own = {
        h
        for (h,) in store.conn.execute(
            "SELECT hash FROM changes WHERE author = ?", (store.device_id,)
        )
    }
    counts = sealed_hashes(store)
    assert len(own) >= 60
    twice = [h.hex()[:12] for h, n in counts.items() if n > 1]
    assert twice == [], f"{len(twice)} change(s) sealed into more than one group"
    assert set(counts) == own  # and every change is in a group
    # The server holds each of them once too: as many groups as this device made.
    made = store.conn.execute(
        "SELECT count(*) FROM groups WHERE author = ?", (store.device_id,)
    ).fetchone()[0]
    stored = server.storage._read(
        "SELECT count(*) FROM groups WHERE author = ?", (store.device_id,)
    )[0][0]
    assert stored == made
    store.close()
