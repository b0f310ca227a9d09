#!/usr/bin/env python3
"""What returns add to an incremental sync of 10 edited cases (issue 12's target: at most
20 % more), for the design in the product and for the others it was chosen against.

The real pipeline: 500 generated cases, a real server on loopback, real sealed and
encrypted case groups, and the returns as the product sends them: staged by each save,
folded into the authority's book of the year (one change, entries of bytes under an
8-character key) by a background sync only once the oldest staged return is a day old
(`client.returns.book.returns_due`). Each row is a "day" of --syncs background syncs of
10 edits each, the last one a day after the first; the product column is the returns'
bytes of the day over its case bytes. Beside it, built from the same saved cases and
signed as the device signs, packed with the same case groups:

- "per-case documents": the design before the book (one Automerge document per case,
  one change per save of a case whose return changed, labels as strings);
- "book every sync": the same book published at every sync (what a sync by hand, or a
  device that syncs once a day, sends); "book/K": published once per K syncs;
- "first save this year": the 10 returns written into a book that does not hold them yet
  (the first save of each case in a new year costs its whole entry).

The figure is the growth of the compressed push body (`shared.wire.pack`).

    .venv/bin/python scripts/study_returns_sync_bytes.py [--days 2] [--syncs 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from automerge.core import Document  # noqa: E402
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
from client.returns.book import PUBLISH_AFTER  # noqa: E402
from client.returns.service import own_state  # noqa: E402
from client.store.automerge_fields import put_meta, write_fields  # noqa: E402
from shared.changes import pack_changes  # noqa: E402
from shared.envelope import sign_group  # noqa: E402
from shared.schema.returns import (  # noqa: E402
    BOOK_FIELDS_BY_NAME,
    RETURN_FIELDS_BY_NAME,
    book_state,
    encode_return,
    entry_key,
    return_id,
)
from shared.wire import pack  # noqa: E402

AUTHORITY = "SN-CA"
SPACE = f"returns/{AUTHORITY}"
BOOK = f"returns-{AUTHORITY}-2026"
EDITS = (
    "note and officer",
    "2 of 10 change status",
    "5 of 10 change status",
    "all 10: status+category",
)
EVERY = (1, 2, 4, 8)


def body(groups: list) -> int:
    return len(pack({"groups": [g.to_wire() for g in groups]}))


class Sim:
    """Returns built beside the product from the saved cases, sealed into one group."""

    def __init__(self, store, identity) -> None:
        self.store, self.identity = store, identity
        self.state = own_state(store, AUTHORITY)
        self.pending: set[str] = set()

    def values(self, case_id: str) -> dict:
        return case_return(self.store.read(case_id), self.state)

    def group(self, changes: list[tuple[str, bytes]]) -> list:
        if not changes:
            return []
        payload = pack_changes(changes)
        return [sign_group(SPACE, self.identity.device_id, "", payload, self.identity.signing_key)]


class PerCaseDocuments(Sim):
    """The former design: a document per case, a change per changed return."""

    def __init__(self, store, identity, ids: list[str]) -> None:
        super().__init__(store, identity)
        self.docs = {}
        for case_id in ids:
            doc = Document(actor_id=store.actor)
            with doc.transaction() as tx:
                put_meta(tx, "_schema", 1)
                put_meta(tx, "_kind", "return")
                put_meta(tx, "_doc", return_id(case_id))
                write_fields(tx, RETURN_FIELDS_BY_NAME, self.values(case_id))
            self.docs[case_id] = doc

    def seal(self, edited: list[str]) -> list:
        changes = []
        for case_id in edited:
            doc, before = self.docs[case_id], self.docs[case_id].get_heads()
            with doc.transaction() as tx:
                write_fields(tx, RETURN_FIELDS_BY_NAME, self.values(case_id))
            if doc.get_heads() != before:
                changes.append((return_id(case_id), doc.get_last_local_change().raw_bytes))
        return self.group(changes)


class Book(Sim):
    """The product's book, published when asked (once per K syncs)."""

    def __init__(self, store, identity, ids: list[str]) -> None:
        super().__init__(store, identity)
        self.doc = Document(actor_id=store.actor)
        with self.doc.transaction() as tx:
            put_meta(tx, "_kind", "return_book")
            write_fields(tx, BOOK_FIELDS_BY_NAME, self.entries(ids))

    def entries(self, ids) -> dict:
        state = book_state(AUTHORITY)
        return {entry_key(i): encode_return(self.values(i), state) for i in sorted(ids)}

    def seal(self, edited: list[str]) -> list:
        self.pending |= set(edited)
        before = self.doc.get_heads()
        with self.doc.transaction() as tx:
            write_fields(tx, BOOK_FIELDS_BY_NAME, self.entries(self.pending))
        self.pending.clear()
        if self.doc.get_heads() == before:
            return []
        return self.group([(BOOK, self.doc.get_last_local_change().raw_bytes)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=2, help="days of each kind of edit")
    parser.add_argument("--syncs", type=int, default=4, help="syncs of 10 edits in a day")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = ServerProcess(root / "server.sqlite").start()
        try:
            store = enrolled_store(root / "office.sqlite", server, AUTHORITY)
            share_keys(store)
            ids = generate_cases(store, 500, seed=3)
            SyncAgent(store).sync_once()
            identity, keyring = load_identity(store), default_keyring(store)
            rng = random.Random(5)
            # The simulated designs, one per kind of edit so that each row is its own.
            old = {name: PerCaseDocuments(store, identity, ids) for name in EDITS}
            books = {(name, k): Book(store, identity, ids) for name in EDITS for k in EVERY}

            def edit(name: str, i: int) -> dict:
                status = {"note and officer": 0, "2 of 10 change status": 2}.get(name, 10)
                status = 5 if name.startswith("5 of") else status
                if i >= status:
                    return {"notes": f"update {i}: heard", "assigned_officer": "x"}
                if name.startswith("all 10"):
                    return {
                        "status": "withdrawn",
                        "offence_categories": [rng.choice(OFFENCE_CATEGORIES)],
                    }
                return {"status": "withdrawn"}

            keys = ("cases", "product", "old", "first", *EVERY)
            rows = {name: dict.fromkeys(keys, 0) for name in EDITS}
            for name in EDITS:
                row, sync_no = rows[name], 0
                for _day in range(args.days):
                    start = dt.datetime.now(dt.timezone.utc)
                    for s_no in range(args.syncs):
                        open_ids = [
                            i
                            for i in ids
                            if store.read(i).get("status")
                            in ("draft", "sent", "received", "acknowledged")
                        ]
                        edited = rng.sample(open_ids, 10)
                        for n, case_id in enumerate(edited):
                            update_case(store, case_id, edit(name, n))
                        # A background sync; the day's last one comes a day after the first.
                        last = s_no == args.syncs - 1
                        now = start + (
                            PUBLISH_AFTER + dt.timedelta(hours=1) if last else dt.timedelta(0)
                        )
                        seal_local_changes(store, identity, keyring, all_returns=False, now=now)
                        groups = unpushed_groups(store, 1 << 30)
                        cases = [g for g in groups if not g.space.startswith("returns/")]
                        cases_bytes = body(cases)
                        row["cases"] += cases_bytes
                        row["product"] += body(groups) - cases_bytes
                        row["old"] += body(cases + old[name].seal(edited)) - cases_bytes
                        first = Book(store, identity, [])
                        row["first"] += body(cases + first.seal(edited)) - cases_bytes
                        sync_no += 1
                        for k in EVERY:
                            book = books[(name, k)]
                            if sync_no % k:
                                book.pending |= set(edited)
                            else:
                                sealed = book.seal(edited)
                                row[k] += body(cases + sealed) - cases_bytes if sealed else 0
                        SyncAgent(store).sync_once(by_hand=False, now=now)
            syncs = args.days * args.syncs
            print("returns added to an incremental sync of 10 edited cases (target <= 20%)")
            print(f"  {args.days} day(s) of {args.syncs} syncs of each kind; averages per sync")
            head = f"  {'10 edits per sync':24} {'cases':>7} {'per-case docs':>15}"
            head += f" {'book every sync':>16} {'first save in year':>19}"
            head += "".join(f" {'book/' + str(k):>8}" for k in EVERY[1:])
            head += f" {'product: daily':>16}"
            print(head)
            for name in EDITS:
                row = rows[name]

                def cell(key, width, row=row) -> str:
                    text = f"{row[key] // syncs:5,} B {100 * row[key] / row['cases']:5.1f}%"
                    return text.rjust(width)

                print(
                    f"  {name:24} {row['cases'] // syncs:5,} B {cell('old', 15)} {cell(1, 16)}"
                    f" {cell('first', 19)}"
                    + "".join(f" {100 * row[k] / row['cases']:7.1f}%" for k in EVERY[1:])
                    + f" {cell('product', 16)}"
                )
            print("  (book/K: the book published once per K syncs, its bytes spread over them;")
            print("   product: published by the day's last background sync, spread over the day)")
            store.close()
        finally:
            server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
