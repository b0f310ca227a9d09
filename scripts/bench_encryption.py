#!/usr/bin/env python3
"""What end-to-end encryption costs: bytes and time per change, then a real sync round.

    python scripts/bench_encryption.py [--cases 2000] [--updates 2]

1. Group level: the same changes sealed in clear and encrypted, framed as
   they travel (msgpack + zlib, `shared.wire.pack` of each signed group);
   time to encrypt (seal) and to decrypt and apply (ingest) per change.
2. A real sync on loopback (server subprocess): one device pushes every case
   encrypted, a second device of the same authority pulls and decrypts them.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nacl.signing import SigningKey  # noqa: E402

from client.cases import update_case  # noqa: E402
from client.demo.generator import generate_cases  # noqa: E402
from client.identity import load_identity, save_enrollment  # noqa: E402
from client.keys import adopt, default_keyring, load_keyset  # noqa: E402
from client.keys.manage import create_first_key  # noqa: E402
from client.replication import ingest_groups, seal_local_changes  # noqa: E402
from client.replication.groups import groups_after  # noqa: E402
from client.replication.keyring import PlaintextKeyring  # noqa: E402
from client.store import Store  # noqa: E402
from shared.envelope import DeviceCert  # noqa: E402
from shared.wire import pack  # noqa: E402

AUTHORITY = "SN-BENCH"


def enrolled(path: Path, key: SigningKey) -> Store:
    store = Store(path)
    identity = load_identity(store)
    cert = DeviceCert(store.device_id, AUTHORITY, "officer", identity.public_key, "2026-01-01")
    save_enrollment(store, cert.signed_by(key), bytes(key.verify_key), "http://127.0.0.1:1", "t")
    return store


def make_changes(store: Store, cases: int, updates: int) -> int:
    ids = generate_cases(store, cases, seed=7)
    for round_ in range(updates):
        for i, case_id in enumerate(ids):
            update_case(store, case_id, {"notes": f"Follow-up {round_} on file {i}: call received"})
    return store.conn.execute("SELECT count(*) FROM changes").fetchone()[0]


def group_level(root: Path, cases: int, updates: int) -> None:
    key = SigningKey.generate()
    template = enrolled(root / "template.sqlite", key)
    changes = make_changes(template, cases, updates)
    template.close()
    results = {}
    for label in ("plain", "encrypted"):
        path = root / f"{label}.sqlite"
        shutil.copyfile(root / "template.sqlite", path)
        for suffix in ("-wal", "-shm"):
            if (root / f"template.sqlite{suffix}").exists():
                shutil.copyfile(root / f"template.sqlite{suffix}", root / f"{label}.sqlite{suffix}")
        store = Store(path)
        keyring = PlaintextKeyring() if label == "plain" else default_keyring(store)
        started = time.perf_counter()
        seal_local_changes(store, load_identity(store), keyring)
        seal_s = time.perf_counter() - started
        groups = [g for _, g in groups_after(store, 0, 1 << 40)]
        framed = sum(len(pack(g.to_wire())) for g in groups)
        bodies = sum(len(g.payload) for g in groups)
        reader = enrolled(root / f"reader-{label}.sqlite", key)
        if label == "encrypted":
            adopt(reader, load_keyset(store))
        reader_keyring = PlaintextKeyring() if label == "plain" else default_keyring(reader)
        certs = {store.device_id: load_identity(store).cert}
        started = time.perf_counter()
        for i in range(0, len(groups), 20):
            ingest_groups(
                reader, load_identity(reader), reader_keyring, groups[i : i + 20], certs, False
            )
        ingest_s = time.perf_counter() - started
        readable = reader.conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        reader.close()
        assert readable == cases, (label, readable, cases)
        if label == "encrypted":
            aead_us = _aead_time(store)
        results[label] = (framed, bodies, seal_s, ingest_s)
        store.close()
    (pf, pb, ps, pi), (ef, eb, es, ei) = results["plain"], results["encrypted"]
    print(f"Group level: {cases} cases, {changes} changes (creation + {updates} edits each)")
    print(f"  payloads, clear:        {pb:>10,} B  ({pb / changes:7.1f} B/change)")
    print(
        f"  payloads, encrypted:    {eb:>10,} B  ({eb / changes:7.1f} B/change: each group deflated, then one nonce + tag)"
    )
    print(f"  framed as sent, clear:  {pf:>10,} B  ({pf / changes:7.1f} B/change)")
    print(f"  framed as sent, enc.:   {ef:>10,} B  ({ef / changes:7.1f} B/change)")
    print(
        f"  added by encryption:    {ef - pf:>+10,} B  ({(ef - pf) / changes:+7.1f} B/change, {100 * (ef - pf) / pf:+.1f} %)"
    )
    print(f"  seal time, clear:       {1e6 * ps / changes:7.1f} us/change")
    print(
        f"  seal time, encrypted:   {1e6 * es / changes:7.1f} us/change ({1e6 * (es - ps) / changes:+.1f} us)"
    )
    print(
        f"  seal/open alone:        {aead_us[0]:7.1f} us seal, {aead_us[1]:.1f} us open per change (zlib + AEAD, groups of {AEAD_GROUP})"
    )
    print(f"  ingest time, clear:     {1e6 * pi / changes:7.1f} us/change (verify + apply)")
    print(
        f"  ingest time, encrypted: {1e6 * ei / changes:7.1f} us/change ({1e6 * (ei - pi) / changes:+.1f} us)"
    )


AEAD_GROUP = 50


def _aead_time(store: Store) -> tuple[float, float]:
    from shared.changes import pack_changes
    from shared.crypto import new_key, open_group, seal_group

    bodies = [b for (b,) in store.conn.execute("SELECT body FROM changes LIMIT 2000")]
    plaintexts = [
        pack_changes(("doc", b) for b in bodies[i : i + AEAD_GROUP])
        for i in range(0, len(bodies), AEAD_GROUP)
    ]
    key, aad = new_key(), ("authority/X", "dev", "0123456789abcdef")
    started = time.perf_counter()
    sealed = [seal_group(key, *aad, p) for p in plaintexts]
    middle = time.perf_counter()
    for payload in sealed:
        open_group(key, *aad, payload)
    done = time.perf_counter()
    return 1e6 * (middle - started) / len(bodies), 1e6 * (done - middle) / len(bodies)


def sync_level(root: Path, cases: int, updates: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from serverproc import ServerProcess

    from client.keys import KeyServer, open_escrow, set_passphrase
    from client.sync.agent import SyncAgent
    from shared.crypto import Escrow

    (root / "srv").mkdir(parents=True, exist_ok=True)
    server = ServerProcess(root / "srv" / "server.sqlite").start()
    try:
        a = server.enroll(Store(root / "a.sqlite"), AUTHORITY)
        create_first_key(a)
        set_passphrase(a, "benchmark passphrase 2026", profile="test")
        changes = make_changes(a, cases, updates)
        push = SyncAgent(a).sync_once()
        b = server.enroll(Store(root / "b.sqlite"), AUTHORITY)
        escrow = Escrow.from_bytes(KeyServer.for_store(b).state().escrow)
        adopt(b, open_escrow(escrow, passphrase="benchmark passphrase 2026"))
        pull = SyncAgent(b).sync_once()
        readable = b.conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        print(f"Real sync on loopback, encryption on: {changes} changes")
        print(
            f"  push (device A): {push.bytes_up:>10,} B up, {push.seconds:6.2f} s,"
            f" {push.round_trips} round trips, {1e3 * push.seconds / changes:.2f} ms/change"
        )
        print(
            f"  pull (device B): {pull.bytes_down:>10,} B down, {pull.seconds:6.2f} s,"
            f" {pull.round_trips} round trips, {1e3 * pull.seconds / changes:.2f} ms/change;"
            f" {readable} cases readable"
        )
        a.close()
        b.close()
    finally:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--updates", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="entraide-bench-enc-") as tmp:
        root = Path(tmp)
        (root / "env").mkdir()
        group_level(root / "env", args.cases, args.updates)
        (root / "sync").mkdir()
        (root / "sync" / "srv").mkdir()
        sync_level(root / "sync", args.cases, args.updates)


if __name__ == "__main__":
    main()
