#!/usr/bin/env python3
"""Network sync benchmark: 10,000 cases, initial and incremental sync, on loopback and
on the emulated links of DESIGN.md §3.6 (with one connection dropped mid-transfer).

Prints bytes on the wire in each direction (measured by the proxy: HTTP framing,
signatures and encryption included), round trips, time, and peak RSS of the
server and of the client (`entraide sync` run as its own process), then checks
the targets:
  - an incremental sync takes at most 2 round trips;
  - its wire bytes are at most 1.5x the compressed size of the changes plus a
    fixed overhead per round trip (measured: an empty round trip);
  - on the 2G profile it takes at most 1.5x its floor (bytes / bandwidth +
    round trips x RTT). The round trips on the wire include the TCP handshake
    of a new connection, so the floor counts it; the figure without it is
    printed too.

    .venv/bin/python scripts/bench_sync.py [--cases 10000] [--quick]

`--first-sync` measures only a new device's first pull (targets of issue 11; set
ENTRAIDE_JUDGE_WORKERS=0 to judge every document in the client's own process):
  - 10,000 new cases: under 4 s, peak memory under 100 MB;
  - 500 documents carrying 100,000 changes (`--history-changes`), a year of
    daily edits: under 20 s.
Each pull is `entraide sync` in its own process (start-up included), so its
time and peak RSS are its own (the RSS read by that process: see `_CLI_WITH_PEAK`).
Also printed: CPU seconds of that process and the load average, since the wall
time on a shared machine depends on what else runs.

    .venv/bin/python scripts/bench_sync.py --first-sync [--cases 10000]
        [--history-docs 500] [--history-changes 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from faultproxy import PROFILES, Fault, FaultProxy  # noqa: E402
from peak_memory import ChildrenPeaks  # noqa: E402
from serverproc import ServerProcess, enrolled_store, share_keys  # noqa: E402

from client.cases import update_case  # noqa: E402
from client.paths import store_path  # noqa: E402
from client.store import Store  # noqa: E402
from client.store.automerge_fields import write_fields  # noqa: E402
from client.sync import SyncAgent  # noqa: E402
from shared.schema.kinds import SPECS_BY_KIND  # noqa: E402

try:
    from client.demo.generator import generate_cases
except ImportError:  # the demo package is absent: a minimal generator
    from client.cases import create_case

    def generate_cases(store: Store, n: int, seed: int = 0) -> list[str]:
        rng = random.Random(seed)
        with store.write():
            return [
                create_case(
                    store,
                    {
                        "direction": rng.choice(["incoming", "outgoing"]),
                        "kind": "mla",
                        "title": f"generated case {i}",
                        "notes": "facts " * rng.randint(5, 40),
                    },
                )
                for i in range(n)
            ]


def cli_sync(data_dir: Path) -> tuple[dict, float, int]:
    """`entraide sync --json` as its own process: (report, seconds, peak RSS KiB)."""
    report, seconds, rss, _cpu = cli_sync_cpu(data_dir)
    return report, seconds, rss


# `entraide sync` that writes its own peak RSS (KiB) to the file named first. The
# ru_maxrss that wait4 reports is not the client's own: Linux counts in it the memory of
# the forked copy of this benchmark before exec, which after generating 10,000 cases is
# larger than the client (measured: 119 MiB reported for a client that peaked at 71 MiB).
_CLI_WITH_PEAK = (
    "import sys\n"
    "from pathlib import Path\n"
    "sys.path.insert(0, {scripts!r})\n"
    "from peak_memory import peak_rss_mib\n"
    "from client.cli.main import main\n"
    "try:\n"
    "    code = main(sys.argv[2:])\n"
    "finally:\n"
    "    Path(sys.argv[1]).write_text(str(int(peak_rss_mib() * 1024)))\n"
    "sys.exit(code)\n"
)


def cli_sync_cpu(data_dir: Path) -> tuple[dict, float, int, float]:
    """As `cli_sync`, plus the process's CPU seconds (user + system, its worker processes'
    included): on a loaded machine the CPU time is the steadier figure."""
    report, seconds, rss, cpu, _children = cli_sync_children(data_dir)
    return report, seconds, rss, cpu


def cli_sync_children(data_dir: Path) -> tuple[dict, float, int, float, ChildrenPeaks]:
    """As `cli_sync_cpu`, plus the peak memory of each process the client started (the
    worker processes that judge documents: `client/store/judge_pool.py`)."""
    out, peak = data_dir / "sync.json", data_dir / "sync.peak"
    started = time.monotonic()
    with open(out, "w") as sink:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _CLI_WITH_PEAK.format(scripts=str(ROOT / "scripts")),
                str(peak),
                "--data-dir",
                str(data_dir),
                "sync",
                "--json",
            ],
            stdout=sink,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        children = ChildrenPeaks(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        children.stop()
    seconds = time.monotonic() - started
    if status != 0:
        raise SystemExit(f"entraide sync failed in {data_dir}")
    rss = int(peak.read_text())
    cpu = usage.ru_utime + usage.ru_stime
    return json.loads(out.read_text()), seconds, rss, cpu, children


def change_ten(store: Store, ids: list[str], rng: random.Random, tag: str) -> bytes:
    """Edit 10 cases (one change each); returns the plain bytes of those changes."""
    before = store.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
    for case_id in rng.sample(ids, 10):
        update_case(
            store,
            case_id,
            {
                "notes": f"update {tag}: witness heard on {rng.randint(1, 28)} May",
                "assigned_officer": f"officer {rng.randint(1, 9)}",
            },
        )
    rows = store.conn.execute("SELECT body FROM changes WHERE seq > ? ORDER BY seq", (before,))
    return b"".join(r[0] for r in rows)


def measure(proxy: FaultProxy, run) -> dict:
    proxy.reset_counters()
    started = time.monotonic()
    report = run()
    return {
        "seconds": time.monotonic() - started,
        "up": proxy.bytes_up,
        "down": proxy.bytes_down,
        "requests": proxy.requests,
        "connections": proxy.connections,
        "report": report,
    }


def floor(profile, m: dict, handshake: bool = False) -> float:
    rts = m["requests"] + (m["connections"] if handshake else 0)
    return m["up"] / profile.up_bps + m["down"] / profile.down_bps + rts * profile.rtt


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def write_history(store: Store, ids: list[str], changes: int, rng: random.Random) -> None:
    """Add edits to the cases until they carry `changes` changes in all (one edit of
    `notes` and `assigned_officer` each, as daily work makes), spread evenly.

    The documents are edited in memory and stored once each with all their new
    changes (the store's own path, `Store.save_local_changes`): editing through
    `update_case` one change at a time would take longer than the pull measured.
    """
    per_doc = max(0, changes // len(ids) - 1)  # each case already has its creation
    for n, case_id in enumerate(ids):
        doc = store.document(case_id)
        made = []
        for day in range(per_doc):
            with doc.transaction() as tx:
                write_fields(
                    tx,
                    SPECS_BY_KIND["case"],
                    {
                        "notes": f"day {day}: witness heard on {rng.randint(1, 28)} May",
                        "assigned_officer": f"officer {rng.randint(1, 9)}",
                    },
                )
            made.append(doc.get_last_local_change())
        store.save_local_changes(doc, case_id, made)
        if n % 100 == 99:
            print(f"  history: {n + 1}/{len(ids)} documents", flush=True)


def load_average() -> str:
    """The machine's load over the last minute, with the pull's figures: the wall time
    of a pull on a shared machine depends on it."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def first_sync(args: argparse.Namespace) -> int:
    """A new device's first pull: 10,000 cases, then documents with a long history."""
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        server = ServerProcess(tmp / "server.sqlite").start()
        try:
            source_dir, new_dir, hist_dir, late_dir = (
                tmp / n for n in ("source", "new", "hist", "late")
            )
            for d in (source_dir, new_dir, hist_dir, late_dir):
                d.mkdir()
            source = enrolled_store(store_path(source_dir), server, "SN-CA")
            new = enrolled_store(store_path(new_dir), server, "SN-CA")
            share_keys(source, new)
            t = time.monotonic()
            generate_cases(source, args.cases, seed=0)
            SyncAgent(source).sync_once()
            print(f"{args.cases:,} cases generated and pushed in {time.monotonic() - t:.1f} s")
            report, seconds, rss, cpu, children = cli_sync_children(new_dir)
            workers = children.total_mib()
            print(
                f"first pull of {args.cases:,} cases: {seconds:.2f} s ({cpu:.2f} s CPU, its"
                f" workers' included), peak RSS {rss / 1024:.1f} MiB, with its"
                f" {len(children.peaks)} worker(s) {rss / 1024 + workers:.1f} MiB"
                f" ({report.get('pulled')} changes; targets: < 4 s, < 100 MB); {load_average()}"
            )
            assert len(new.doc_ids("case")) == args.cases, "the new device lacks cases"
            new.close()
            if args.no_history:
                return 0

            # -- documents with a long history, in a space of their own authority --------
            hist = enrolled_store(store_path(hist_dir), server, "ML-CA")
            late = enrolled_store(store_path(late_dir), server, "ML-CA")
            share_keys(hist, late)
            t = time.monotonic()
            ids = generate_cases(hist, args.history_docs, seed=3)
            write_history(hist, ids, args.history_changes, random.Random(5))
            SyncAgent(hist).sync_once()
            held = hist.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
            print(
                f"{len(ids)} documents with {held:,} changes made and pushed in {time.monotonic() - t:.1f} s"
            )
            report, seconds, rss, cpu, children = cli_sync_children(late_dir)
            print(
                f"first pull of {len(ids)} documents carrying {held:,} changes: {seconds:.2f} s"
                f" ({cpu:.2f} s CPU), peak RSS {rss / 1024:.1f} MiB"
                f" (with its {len(children.peaks)} worker(s) {rss / 1024 + children.total_mib():.1f} MiB)"
                f" ({report.get('pulled')} changes; target: < 20 s);"
                f" {load_average()}"
            )
            for case_id in ids[:5]:
                assert late.read(case_id)["notes"] == hist.read(case_id)["notes"], case_id
            hist.close()
            late.close()
        finally:
            server.stop()
    return 0


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="skip the slow-link profiles but 2G")
    parser.add_argument("--first-sync", action="store_true", help="only a new device's first pull")
    parser.add_argument("--history-docs", type=int, default=500)
    parser.add_argument("--history-changes", type=int, default=100_000)
    parser.add_argument("--no-history", action="store_true", help="--first-sync of the cases only")
    args = parser.parse_args()
    if args.first_sync:
        return first_sync(args)
    rng = random.Random(1)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        server = ServerProcess(tmp / "server.sqlite").start()
        proxy = FaultProxy(server.port).start()
        try:
            dirs = [tmp / "a1", tmp / "a2"]
            for d in dirs:
                d.mkdir()
            a1 = enrolled_store(store_path(dirs[0]), server, "SN-CA", url=proxy.url)
            a2 = enrolled_store(store_path(dirs[1]), server, "SN-CA", url=proxy.url)
            share_keys(a1, a2)
            t = time.monotonic()
            ids = generate_cases(a1, args.cases, seed=0)
            plain = b"".join(r[0] for r in a1.conn.execute("SELECT body FROM changes"))
            print(
                f"generated {len(ids):,} cases in {time.monotonic() - t:.1f} s;"
                f" change bytes {kib(len(plain))}, zlib {kib(len(zlib.compress(plain, 6)))}"
            )

            # -- initial sync: push everything from a1, pull everything into a2 -----------------
            push = measure(proxy, lambda: cli_sync(dirs[0]))
            pull = measure(proxy, lambda: cli_sync(dirs[1]))
            print(
                "\ninitial sync (loopback)          up          down        round trips  time    client RSS"
            )
            for name, m in (("push 10k cases (a1)", push), ("pull 10k cases (a2)", pull)):
                report, seconds, rss = m["report"]
                print(
                    f"  {name:28} {kib(m['up']):>11} {kib(m['down']):>11}  {m['requests']:>5}"
                    f"        {seconds:6.1f} s  {rss / 1024:6.1f} MiB"
                )
            assert len(a2.doc_ids("case")) == args.cases, "a2 did not receive every case"
            print(f"  server peak RSS: {server.peak_rss_kib() / 1024:.1f} MiB")

            # -- fixed overhead of a round trip: a sync with nothing to do ----------------------
            empty = measure(proxy, lambda: SyncAgent(a2).sync_once())
            per_rt = (empty["up"] + empty["down"]) / max(1, empty["requests"])
            print(
                f"\nempty sync: {empty['requests']} round trip, {empty['up'] + empty['down']} B"
                f" on the wire (fixed overhead per round trip)"
            )

            # -- incremental sync of 10 changed cases (loopback) ------------------------------------
            seq_before = a1.conn.execute("SELECT coalesce(max(seq), 0) FROM groups").fetchone()[0]
            changes = change_ten(a1, ids, rng, "loopback")
            compressed = len(zlib.compress(changes, 6))
            inc_push = measure(proxy, lambda: cli_sync(dirs[0]))
            inc_pull = measure(proxy, lambda: cli_sync(dirs[1]))
            print("\nincremental sync, 10 changed cases (loopback)")
            print(f"  changes: {len(changes)} B plain, {compressed} B compressed together")
            rows = a1.conn.execute("SELECT body FROM changes ORDER BY seq DESC LIMIT 10").fetchall()
            each = sum(len(zlib.compress(r[0], 6)) for r in rows)
            (payload_bytes, groups) = a1.conn.execute(
                "SELECT sum(length(payload)), count(*) FROM groups WHERE seq > ?",
                (seq_before,),
            ).fetchone()
            print(
                f"  the same compressed one by one: {each} B; as sealed group payloads"
                f" (one zlib stream and one nonce + tag per group): {payload_bytes} B"
                f" in {groups} group(s)"
            )
            for name, m in (("a1 (push + pull)", inc_push), ("a2 (pull)", inc_pull)):
                report, seconds, rss = m["report"]
                wire = m["up"] + m["down"]
                payload = wire - m["requests"] * per_rt
                print(
                    f"  {name:18} up {m['up']:>6} B  down {m['down']:>6} B  round trips"
                    f" {m['requests']}  {seconds:.2f} s  client RSS {rss / 1024:.1f} MiB;"
                    f" wire minus fixed overhead = {payload:.0f} B = {payload / compressed:.2f}x compressed"
                )
                results[f"incremental {name}"] = (m["requests"], payload / compressed)

            # -- link profiles -------------------------------------------------------------------------
            names = ["2G"] if args.quick else ["2G", "EDGE", "slow 3G", "satellite"]
            print(
                "\nincremental sync of 10 changed cases on emulated links (a1 push+pull, then a2 pull)"
            )
            print(
                "  profile    who  up B   down B  RTs  time     floor    ratio  (floor incl. TCP handshake)"
            )
            for name in names:
                profile = PROFILES[name]
                proxy.set_link(profile)
                change_ten(a1, ids, rng, name)
                for who, store in (("a1", a1), ("a2", a2)):
                    m = measure(proxy, lambda s=store: SyncAgent(s).sync_once())
                    f, fh = floor(profile, m), floor(profile, m, handshake=True)
                    print(
                        f"  {name:9}  {who}  {m['up']:>5} {m['down']:>7}  {m['requests']:>3}  {m['seconds']:6.2f} s"
                        f"  {f:6.2f} s  {m['seconds'] / f:4.2f}x  ({fh:.2f} s, {m['seconds'] / fh:.2f}x)"
                    )
                    results[f"{name} {who}"] = (m["requests"], m["seconds"] / f, m["seconds"] / fh)
                # As in --watch: the connection is kept across rounds (no handshake).
                watchers = {
                    who: SyncAgent(st, keep_alive=True) for who, st in (("a1", a1), ("a2", a2))
                }
                for w in watchers.values():
                    w.sync_once()  # opens the connection
                change_ten(a1, ids, rng, name + " watch")
                for who, w in watchers.items():
                    m = measure(proxy, w.sync_once)
                    f = floor(profile, m)
                    print(
                        f"  {name:9}  {who}  {m['up']:>5} {m['down']:>7}  {m['requests']:>3}  {m['seconds']:6.2f} s"
                        f"  {f:6.2f} s  {m['seconds'] / f:4.2f}x  (kept-alive connection, as in --watch)"
                    )
                    results[f"{name} {who} kept-alive"] = (
                        m["requests"],
                        m["seconds"] / f,
                        m["seconds"] / f,
                    )
                    w.close()
                # One connection dropped partway through the push; the agent retries by itself.
                change_ten(a1, ids, rng, name + " drop")
                proxy.arm(Fault("up", after=1500, action="drop"))
                m = measure(
                    proxy,
                    lambda: SyncAgent(
                        a1,
                        retries=2,
                    ).sync_once(),
                )
                print(
                    f"  {name:9}  a1 with a drop mid-push: {m['up']:>5} B up {m['down']:>6} B down,"
                    f" {m['requests']} requests, {m['connections']} connections, {m['seconds']:.2f} s"
                    f" (floor without the drop {floor(profile, m):.2f} s)"
                )
                m = measure(proxy, lambda: SyncAgent(a2).sync_once())
                change_ten(a1, ids, rng, name + " drop2")
                SyncAgent(a1).sync_once()
                proxy.arm(Fault("down", after=m["down"] // 2 or 1, action="drop"))
                m = measure(proxy, lambda: SyncAgent(a2, retries=2).sync_once())
                print(
                    f"  {name:9}  a2 with a drop mid-pull: {m['up']:>5} B up {m['down']:>6} B down,"
                    f" {m['requests']} requests, {m['connections']} connections, {m['seconds']:.2f} s"
                )
                proxy.set_link(None)

            # -- initial sync of 500 cases on the satellite profile ----------------------------------
            if not args.quick:
                d3 = tmp / "a3"
                d3.mkdir()
                a3 = enrolled_store(store_path(d3), server, "SN-CA", url=proxy.url)
                share_keys(a1, a3)
                SyncAgent(a3).sync_once()  # a3 pulls the 10k cases on loopback first
                batch = generate_cases(a1, 500, seed=7)
                profile = PROFILES["satellite"]
                proxy.set_link(profile)
                for who, store in (("a1 push 500", a1), ("a3 pull 500", a3)):
                    m = measure(proxy, lambda s=store: SyncAgent(s).sync_once())
                    f = floor(profile, m)
                    print(
                        f"\n  satellite, {who} new cases: {kib(m['up'])} up, {kib(m['down'])} down,"
                        f" {m['requests']} round trips, {m['seconds']:.1f} s, floor {f:.1f} s ({m['seconds'] / f:.2f}x)"
                    )
                proxy.set_link(None)
                assert len(batch) == 500
                a3.close()
            a1.close()
            a2.close()
        finally:
            proxy.stop()
            server.close()

    print("\ntargets")
    ok = True
    for key, value in results.items():
        if key.startswith("incremental"):
            rts, ratio = value
            good = rts <= 2 and ratio <= 1.5
            print(
                f"  {key}: {rts} round trips (<= 2), payload {ratio:.2f}x compressed (<= 1.5): {'ok' if good else 'MISSED'}"
            )
        elif key.startswith("2G"):
            rts, ratio, ratio_h = value
            good = rts <= 2 and ratio_h <= 1.5
            print(
                f"  {key}: {rts} HTTP round trips, {ratio_h:.2f}x floor counting the TCP handshake"
                f" ({ratio:.2f}x without it) (<= 1.5): {'ok' if good else 'MISSED'}"
            )
        else:
            continue
        ok &= good
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
