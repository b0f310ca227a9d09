#!/usr/bin/env python3
"""Design study for issue 12's open target: what would returns add to an incremental sync
of 10 edited cases under other encodings? Prints figures; changes nothing in the product.

The real pipeline (500 generated cases, a real server on loopback, real sealed and
encrypted case groups) gives the bytes of the case groups and of today's returns
(one Automerge document per case, one change per changed return). Beside them, the same
edits are written into an alternative "returns book": one Automerge document per
authority, each return one compact string under the case's id (every choice as its index
in its list), so that one sync carries one change whatever the number of returns. That
change is signed as the real device would sign it and packed with the real case groups;
the figure is the packed body's growth. Last, the book is sealed once per K syncs
(returns published less often), the bytes spread over the K syncs.

    .venv/bin/python scripts/study_returns_sync_bytes.py [--rounds 6]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from automerge.core import ROOT as AM_ROOT  # noqa: E402
from automerge.core import Document, ScalarType  # noqa: E402
from bench_network_stats import (  # noqa: E402
    OFFENCE_CATEGORIES,
    SyncAgent,
    default_keyring,
    generate_cases,
    load_identity,
    seal_local_changes,
    unpushed_groups,
    update_case,
)
from serverproc import ServerProcess, enrolled_store, share_keys  # noqa: E402

from client.returns import case_return  # noqa: E402
from client.returns.service import own_state  # noqa: E402
from shared.changes import pack_changes  # noqa: E402
from shared.envelope import sign_group  # noqa: E402
from shared.schema.returns import RETURN_FIELDS  # noqa: E402
from shared.wire import pack  # noqa: E402

AUTHORITY = "SN-CA"
EDITS = ("note and officer", "mixed (2 of 10 stat)", "status and category")
SPACE = f"returns/{AUTHORITY}"


def compact(values: dict) -> str:
    """A return in a few characters: choices and set members as indexes in their lists."""
    parts = []
    for field in RETURN_FIELDS:
        value = values[field.name]
        if field.kind == "choice":
            parts.append(str(field.choices.index(value)) if value in field.choices else "")
        elif field.kind == "set":
            parts.append(".".join(str(field.choices.index(v)) for v in value))
        elif field.name.endswith("_month"):
            parts.append(value.replace("-", "")[2:])  # 2026-08 -> 2608
        else:
            parts.append(str(value))
    return "|".join(parts)


class Book:
    """The alternative: one document per authority, one compact entry per case."""

    def __init__(self, store, ids: list[str]) -> None:
        self.store, self.doc = store, Document()
        self.state = own_state(store, AUTHORITY)
        with self.doc.transaction() as tx:
            for case_id in ids:
                tx.put(AM_ROOT, case_id, ScalarType.Str, self.entry(case_id))
        self.pending: set[str] = set()

    def entry(self, case_id: str) -> str:
        return compact(case_return(self.store.read(case_id), self.state))

    def touch(self, case_ids: list[str]) -> None:
        """Cases saved since the last seal."""
        self.pending |= set(case_ids)

    def seal(self, identity) -> list:
        """One change with every entry that differs from the published one; [] if none."""
        entries = {c: self.entry(c) for c in sorted(self.pending)}
        changed = {c: e for c, e in entries.items() if self.doc.get(AM_ROOT, c)[0][1] != e}
        self.pending.clear()
        if not changed:
            return []
        with self.doc.transaction() as tx:
            for case_id, entry in changed.items():
                tx.put(AM_ROOT, case_id, ScalarType.Str, entry)
        raw = self.doc.get_last_local_change().bytes
        payload = pack_changes([(f"returns-{AUTHORITY}", raw)])
        return [sign_group(SPACE, identity.device_id, "", payload, identity.signing_key)]


def body(groups: list) -> int:
    return len(pack({"groups": [g.to_wire() for g in groups]}))


def floor(identity) -> int:
    """What any returns group costs before its first return: signature, names, one
    change's header (dependency hash, actor, checksum)."""
    doc = Document()
    with doc.transaction() as tx:
        tx.put(AM_ROOT, "x", ScalarType.Str, "")
    payload = pack_changes([(f"returns-{AUTHORITY}", doc.get_last_local_change().bytes)])
    return body([sign_group(SPACE, identity.device_id, "", payload, identity.signing_key)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="syncs of each kind of edit")
    args = parser.parse_args()
    every = (1, 2, 4)  # the book sealed once per this many syncs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = ServerProcess(root / "server.sqlite").start()
        try:
            store = enrolled_store(root / "office.sqlite", server, AUTHORITY)
            share_keys(store)
            ids = generate_cases(store, 500, seed=3)
            SyncAgent(store).sync_once()
            identity, keyring = load_identity(store), default_keyring(store)
            # One book per kind of edit and sealing rhythm, so each kind's figure is its own.
            books = {(name, k): Book(store, ids) for name in EDITS for k in every}
            rng = random.Random(5)
            edits = {
                "note and officer": lambda i: {"notes": f"update {i}", "assigned_officer": "x"},
                "mixed (2 of 10 stat)": lambda i: (
                    {"status": "withdrawn"} if i < 2 else {"notes": f"update {i}: heard"}
                ),
                "status and category": lambda i: {
                    "status": "withdrawn",
                    "offence_categories": [rng.choice(OFFENCE_CATEGORIES)],
                },
            }
            assert tuple(edits) == EDITS
            print("returns added to an incremental sync of 10 edited cases (target <= 20%)")
            print(f"  a returns group before any return: {floor(identity)} B")
            print(
                f"  {'sync of 10 edits':22} {'cases':>8} {'today':>12} {'book, sealed each sync':>23}"
            )
            cases_total = {name: 0 for name in EDITS}
            today_total = {name: 0 for name in EDITS}
            book_total = {key: 0 for key in books}
            for round_no in range(args.rounds):
                for name, values in edits.items():
                    open_ids = [
                        i
                        for i in ids
                        if store.read(i).get("status")
                        in ("draft", "sent", "received", "acknowledged")
                    ]
                    edited = rng.sample(open_ids, 10)
                    for n, case_id in enumerate(edited):
                        update_case(store, case_id, values(n))
                    seal_local_changes(store, identity, keyring)
                    groups = unpushed_groups(store, 1 << 30)
                    cases = [g for g in groups if not g.space.startswith("returns/")]
                    cases_bytes = body(cases)
                    today = body(groups) - cases_bytes
                    added = {}
                    for k in every:
                        book = books[(name, k)]
                        book.touch(edited)
                        sealed = book.seal(identity) if (round_no + 1) % k == 0 else []
                        added[k] = body(cases + sealed) - cases_bytes if sealed else 0
                        book_total[(name, k)] += added[k]
                    cases_total[name] += cases_bytes
                    today_total[name] += today
                    if round_no == 0:
                        print(
                            f"  {name:22} {cases_bytes:6,} B"
                            f" {today:5,} B {100 * today / cases_bytes:3.0f}%"
                            f" {added[1]:5,} B {100 * added[1] / cases_bytes:3.0f}%"
                        )
                    SyncAgent(store).sync_once()
            print(f"  over {args.rounds} syncs of each kind, returns added:")
            print(f"  {'':22} {'today':>7}" + "".join(f" {'book/' + str(k):>8}" for k in every))
            for name in EDITS:
                total = cases_total[name]
                pct = lambda n, total=total: f"{100 * n / total:7.1f}%"  # noqa: E731
                print(
                    f"  {name:22} {pct(today_total[name])}"
                    + "".join(f" {pct(book_total[(name, k)])}" for k in every)
                )
            print("  (book/K: one document per authority, sealed once per K syncs)")
            store.close()
        finally:
            server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
