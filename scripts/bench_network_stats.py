#!/usr/bin/env python3
"""Secretariat benchmark: network statistics over 100,000 returns, and what returns add
to an incremental sync.

1. Statistics: 20 authorities x 5,000 cases = 100,000 de-identified returns in a
   secretariat store (built through the real projection `client.returns.case_return`,
   coded as book entries and materialized from each authority's book into the
   `returns` table). Times reading them and computing every
   figure (`client.stats.network.network_statistics`), for all time and for a half-year.
   Target: under 1 s.
2. Sync: an authority with 500 generated cases synced with a real server on loopback;
   then 10 cases edited, and the push of that incremental sync compared with and without
   the returns' group (the push body as sent: signed groups, msgpack, zlib), and the
   bytes the real sync round sent. The returns travel as one change of the authority's
   returns book (`scripts/study_returns_sync_bytes.py` compares the other designs). Three kinds of edit: a note and the officer (no
   statistic changes: a return adds nothing), a mix where 2 of the 10 edits change the
   status, and a status change with an offence category on all 10 (every return
   changes). Target: returns add at most 20%.

    .venv/bin/python scripts/bench_network_stats.py [--authorities 20] [--cases 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from serverproc import ServerProcess, enrolled_store, share_keys  # noqa: E402

from client.cases import update_case  # noqa: E402
from client.demo.generator import generate_cases  # noqa: E402
from client.identity import load_identity  # noqa: E402
from client.keys import default_keyring  # noqa: E402
from client.replication import seal_local_changes  # noqa: E402
from client.replication.groups import unpushed_groups  # noqa: E402
from client.returns import case_return  # noqa: E402
from client.stats.network import network_statistics, parse_period  # noqa: E402
from client.store import Store, materialize  # noqa: E402
from client.sync import SyncAgent  # noqa: E402
from shared.schema.cases import (  # noqa: E402
    ASSISTANCE_TYPES,
    LEGAL_BASIS_CATEGORIES,
    OFFENCE_CATEGORIES,
    REFUSAL_GROUNDS,
    STATUSES,
)
from shared.schema.returns import BOOK_KIND, book_id, encode_return, entry_key  # noqa: E402
from shared.wire import pack  # noqa: E402

STATES = "BJ BF CV TD CI GM GH GN GW LR ML MR NE NG SN SL TG".split()


def fake_case(rng: random.Random, own: str) -> dict:
    other = rng.choice([s for s in STATES if s != own])
    incoming = rng.random() < 0.5
    start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 1400))
    status = rng.choice(STATUSES)
    done = status in ("executed", "partially_executed", "closed")
    return {
        "direction": "incoming" if incoming else "outgoing",
        "kind": rng.choice(["mla", "mla", "mla", "extradition"]),
        "requesting_state": other if incoming else own,
        "requested_state": own if incoming else other,
        "assistance_types": rng.sample(ASSISTANCE_TYPES, rng.randint(1, 3)),
        "offence_categories": rng.sample(OFFENCE_CATEGORIES, rng.randint(1, 2)),
        "legal_basis_category": rng.choice(LEGAL_BASIS_CATEGORIES),
        "date_received" if incoming else "date_sent": start.isoformat(),
        "date_executed": (start + dt.timedelta(days=rng.randint(10, 400))).isoformat()
        if done
        else "",
        "deadline": (start + dt.timedelta(days=90)).isoformat(),
        "status": status,
        "refusal_grounds": [rng.choice(REFUSAL_GROUNDS)] if status == "refused" else [],
        "urgency": rng.choice(["normal", "urgent"]),
    }


def bench_statistics(root: Path, authorities: int, cases: int) -> None:
    store = Store(root / "secretariat.sqlite")
    rng = random.Random(7)
    started = time.monotonic()
    with store.write() as conn:
        for a in range(authorities):
            own = STATES[a % len(STATES)]
            code = f"{own}-CA{a}"
            # As the secretariat receives them: each authority's book, its entries coded.
            book = {
                entry_key(f"case-{a}-{i}"): encode_return(
                    case_return(fake_case(rng, own), own), own
                )
                for i in range(cases)
            }
            materialize.refresh(conn, book_id(code, "2026"), BOOK_KIND, book, f"returns/{code}")
    built = time.monotonic() - started
    total = authorities * cases
    print(f"statistics: {total:,} returns of {authorities} authorities (built in {built:.1f} s)")
    for label, period in (("all time", None), ("2025-H2", parse_period("2025-H2"))):
        times = []
        for _ in range(3):
            t0 = time.monotonic()
            figures = network_statistics(store, period)
            times.append(time.monotonic() - t0)
        best = min(times)
        print(
            f"  {label:9}: {best:.3f} s for every figure; {figures.total:,} requests counted;"
            f" target < 1 s: {'met' if best < 1 else 'NOT met'}"
        )
    store.close()


def push_bytes(store: Store) -> tuple[int, int, int]:
    """Compressed push body with every unpushed group, and without the returns' groups."""
    groups = unpushed_groups(store, 1 << 30)
    everything = len(pack({"groups": [g.to_wire() for g in groups]}))
    cases_only = len(
        pack({"groups": [g.to_wire() for g in groups if not g.space.startswith("returns/")]})
    )
    return everything, cases_only, len(groups)


def bench_sync(root: Path) -> None:
    server = ServerProcess(root / "server.sqlite").start()
    try:
        store = enrolled_store(root / "office.sqlite", server, "SN-CA")
        share_keys(store)
        ids = generate_cases(store, 500, seed=3)
        SyncAgent(store).sync_once()
        rng = random.Random(5)
        edits = {
            "note and officer": lambda case_id, i: {
                "notes": f"update {i}: witness heard on {rng.randint(1, 28)} May",
                "assigned_officer": f"officer {rng.randint(1, 9)}",
            },
            "mixed (2 of 10 stat)": lambda case_id, i: (
                {"status": "withdrawn"}
                if i < 2
                else {"notes": f"update {i}: heard on {rng.randint(1, 28)} May"}
            ),
            "status and category": lambda case_id, i: {
                "status": "withdrawn",
                "offence_categories": [rng.choice(OFFENCE_CATEGORIES)],
            },
        }
        print("sync: incremental push of 10 edited cases (500 cases held, real server)")
        print("  (syncs by hand: the returns published at each; background syncs publish")
        print("   once a day: scripts/study_returns_sync_bytes.py)")
        for name, values in edits.items():
            open_ids = [
                i
                for i in ids
                if store.read(i).get("status") in ("draft", "sent", "received", "acknowledged")
            ]
            for n, case_id in enumerate(rng.sample(open_ids, 10)):
                update_case(store, case_id, values(case_id, n))
            seal_local_changes(store, load_identity(store), default_keyring(store))
            everything, cases_only, groups = push_bytes(store)
            report = SyncAgent(store).sync_once()
            extra = (everything - cases_only) / cases_only
            print(
                f"  {name:19}: push body {everything:,} B in {groups} groups, {cases_only:,} B"
                f" without returns -> returns add {100 * extra:.1f}%"
                f" (target <= 20%: {'met' if extra <= 0.2 else 'NOT met'});"
                f" the sync round sent {report.bytes_up:,} B up in {report.round_trips}"
                " round trip(s)"
            )
        store.close()
    finally:
        server.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--authorities", type=int, default=20)
    parser.add_argument("--cases", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bench_statistics(root, args.authorities, args.cases)
        bench_sync(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
