#!/usr/bin/env python3
"""Benchmark of the local store on a large register (default 10,000 cases).

    python scripts/bench_store.py [--cases N] [--dir DIR] [--json]

Phase 1 (this process): create N generated cases, in batches of 500 per
SQLite transaction; report the time and this process's peak RSS.
Phase 2 (a fresh process, as when the app starts): open the store, list the
first page, filtered lists, searches, read one case and its history, edit one
case; report each time (first run and median of repeats) and that process's
peak RSS. Targets: list and search < 100 ms, open < 1 s, one edit < 20 ms,
peak RSS < 150 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from peak_memory import peak_rss_mib  # noqa: E402

from client import cases  # noqa: E402
from client.demo import generate_cases, load_demo  # noqa: E402
from client.store import Store  # noqa: E402

REPEATS = 20
TARGETS_MS = {"open": 1000, "list": 100, "search": 100, "edit": 20}


def timed(fn: Callable[[], Any], repeats: int = REPEATS) -> dict[str, float]:
    """First run and median of `repeats` runs, in milliseconds."""
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return {"first_ms": round(runs[0], 2), "median_ms": round(statistics.median(runs), 2),
            "max_ms": round(max(runs), 2)}  # fmt: skip


def create(path: Path, n: int, seed: int) -> dict[str, Any]:
    store = Store(path)
    start = time.perf_counter()
    load_demo(store)
    demo_s = time.perf_counter() - start
    start = time.perf_counter()
    generate_cases(store, n, seed=seed)
    create_s = time.perf_counter() - start
    store.close()
    return {
        "demo_load_s": round(demo_s, 2),
        "create_s": round(create_s, 2),
        "create_per_case_ms": round(create_s * 1000 / max(n, 1), 2),
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "create_peak_rss_mb": round(peak_rss_mib(), 1),
    }


def measure(path: Path) -> dict[str, Any]:
    """Run in a fresh process: what a user waits for on a big register."""
    results: dict[str, Any] = {"baseline_rss_mb": round(peak_rss_mib(), 1)}
    start = time.perf_counter()
    store = Store(path)
    results["open"] = {"first_ms": round((time.perf_counter() - start) * 1000, 2)}
    results["count_all"] = cases.count_cases(store)

    first_page = cases.CaseFilter()
    results["list_first_page"] = timed(lambda: cases.list_cases(store, first_page))
    results["list_page_200"] = timed(
        lambda: cases.list_cases(store, cases.CaseFilter(offset=200 * 50))
    )
    filters = {
        "list_incoming_in_execution": cases.CaseFilter(direction="incoming", status="in_execution"),
        "list_state_GH": cases.CaseFilter(state="GH"),
        "list_overdue": cases.CaseFilter(overdue=True),
        "list_by_deadline": cases.CaseFilter(open_only=True, sort="deadline", descending=False),
        "count_overdue": None,
    }
    for name, flt in filters.items():
        if flt is None:
            results[name] = timed(lambda: cases.count_cases(store, cases.CaseFilter(overdue=True)))
        else:
            results[name] = timed(lambda flt=flt: cases.list_cases(store, flt))
    searches = {
        "search_common_word": "escroquerie",  # matches thousands of cases
        "search_name_prefix": "okaf",  # prefix of a family name
        "search_reference": "GEN0/IN/2025/000123",
        "search_two_words_filtered": ("pangolin ivoire", "incoming"),
    }
    for name, query in searches.items():
        if isinstance(query, tuple):
            flt = cases.CaseFilter(search=query[0], direction=query[1])
        else:
            flt = cases.CaseFilter(search=query)
        results[name] = timed(lambda flt=flt: cases.list_cases(store, flt))
        results[name]["hits"] = cases.count_cases(store, flt)

    middle = max(0, min(500, results["count_all"] - REPEATS))
    some = cases.list_cases(store, cases.CaseFilter(limit=REPEATS, offset=middle))
    ids = iter([r["id"] for r in some])
    results["show_case"] = timed(lambda: cases.get_case(store, some[0]["id"]))
    results["history"] = timed(lambda: cases.history(store, some[0]["id"]), repeats=5)
    counter = iter(range(10**6))
    results["edit"] = timed(
        lambda: cases.update_case(store, next(ids), {"notes": f"bench edit {next(counter)}"})
    )
    edit_same = some[0]["id"]
    results["edit_same_case"] = timed(
        lambda: cases.update_case(store, edit_same, {"title": f"edit {next(counter)}"})
    )
    store.close()
    results["peak_rss_mb"] = round(peak_rss_mib(), 1)
    return results


def report(n: int, made: dict[str, Any], got: dict[str, Any]) -> str:
    lines = [
        f"Store benchmark: {n} generated cases + 50 demo cases ({made['file_mb']} MB file)",
        "",
    ]
    lines.append(
        f"  create {n} cases          {made['create_s']:>9.2f} s   ({made['create_per_case_ms']} ms per case, batches of 500)"
    )
    lines.append(f"  load the demo             {made['demo_load_s']:>9.2f} s")
    lines.append(f"  peak RSS while creating   {made['create_peak_rss_mb']:>9.1f} MB")
    lines.append("")
    lines.append(f"  {'operation':<28}{'first ms':>10}{'median ms':>11}{'max ms':>9}  target")
    for name, value in got.items():
        if not isinstance(value, dict):
            continue
        target = next((f"< {ms} ms" for key, ms in TARGETS_MS.items() if name.startswith(key)), "")
        if name.startswith(("search", "count", "list")):
            target = "< 100 ms"
        hits = f"  ({value['hits']} hits)" if "hits" in value else ""
        lines.append(
            f"  {name:<28}{value['first_ms']:>10.2f}{value.get('median_ms', value['first_ms']):>11.2f}"
            f"{value.get('max_ms', value['first_ms']):>9.2f}  {target}{hits}"
        )
    lines.append("")
    lines.append(f"  peak RSS of the app process {got['peak_rss_mb']:.1f} MB (interpreter and imports alone: "
                 f"{got['baseline_rss_mb']:.1f} MB)   target < 150 MB")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", help="keep the store in this directory (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # phase 2, in the child process
    args, unknown = parser.parse_known_args()
    if unknown:
        print(f"bench_store: ignoring {' '.join(unknown)}", file=sys.stderr)
    if args.measure:
        json.dump(measure(Path(args.measure)), sys.stdout)
        return

    directory = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="entraide-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "bench.sqlite"
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    made = create(path, args.cases, args.seed)
    child = subprocess.run(
        [sys.executable, __file__, "--measure", str(path)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    if child.returncode != 0:
        sys.exit(f"bench_store: the measuring process failed:\n{child.stderr}")
    got = json.loads(child.stdout)
    if args.json:
        print(json.dumps({"cases": args.cases, "create": made, "measure": got}, indent=2))
    else:
        print(report(args.cases, made, got))
    if not args.dir:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        directory.rmdir()


if __name__ == "__main__":
    main()
