"""Benchmark of the terminal app on a large register (prints figures; asserts nothing).

    .venv/bin/python scripts/bench_tui.py [--cases 10000] [--store PATH]

Measures, in a headless terminal of 80x24, with the real app on a real SQLite file:
- time from creating the app to the first usable screen (dashboard shown);
- time to open the case list;
- time for a filter (status), a full-text search and a sort to show their page;
- peak memory of the process (ru_maxrss).
Targets (issue 6): first screen < 1.5 s, filter/search < 100 ms, memory < 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from peak_memory import peak_rss_mib  # noqa: E402

from client.store import Store  # noqa: E402

TODAY = dt.date(2025, 3, 1)


def fill(store: Store, n: int) -> float:
    start = time.perf_counter()
    try:
        from client.demo.generator import generate_cases
    except ImportError:  # the demo package is optional: a minimal generator of our own
        generate_cases = None
    if generate_cases is not None:
        generate_cases(store, n, seed=0, today=TODAY)
    else:
        from client.cases import create_case

        with store.write():
            for i in range(n):
                create_case(
                    store,
                    {
                        "direction": ("incoming", "outgoing")[i % 2],
                        "kind": "mla",
                        "our_ref": f"B/{i:05d}",
                        "title": f"Case {i}",
                    },
                )
    return time.perf_counter() - start


async def measure(store: Store) -> dict[str, float]:
    from client.tui.app import make_app
    from client.tui.screens.case_list import CaseListScreen
    from client.tui.screens.dashboard import DashboardScreen
    from client.tui.settings import TuiSettings
    from client.tui.widgets.cases.case_table import CaseTable

    figures: dict[str, float] = {}
    start = time.perf_counter()
    app = make_app(store=store, settings=TuiSettings(today=TODAY, auto_sync=False))
    async with app.run_test(size=(80, 24)) as pilot:
        while not (isinstance(app.screen, DashboardScreen) and app.screen.is_mounted):
            await asyncio.sleep(0.005)
        await pilot.pause()
        figures["first screen (s)"] = time.perf_counter() - start

        start = time.perf_counter()
        await pilot.press("f3")
        await pilot.pause()
        figures["open case list (ms)"] = (time.perf_counter() - start) * 1000
        screen = app.screen
        assert isinstance(screen, CaseListScreen)
        table = screen.query_one(CaseTable)
        figures["rows in the table"] = table.row_count
        figures["cases matching"] = screen.total

        def timed(label: str, change) -> None:  # noqa: ANN001
            t0 = time.perf_counter()
            change()
            screen.page_offset = 0
            screen.refresh_data()
            figures[label] = (time.perf_counter() - t0) * 1000

        timed(
            "filter status=in_execution (ms)",
            lambda: setattr(screen.filters, "status", "in_execution"),
        )
        figures["  matching"] = screen.total
        timed(
            "filter overdue (ms)",
            lambda: (
                setattr(screen.filters, "status", None),
                setattr(screen.filters, "overdue", True),
            ),
        )
        figures["  matching "] = screen.total
        timed(
            "search 'trafic' (ms)",
            lambda: (
                setattr(screen.filters, "overdue", False),
                setattr(screen.filters, "search", "trafic"),
            ),
        )
        figures["  matching  "] = screen.total
        timed("search 'a' prefix (ms)", lambda: setattr(screen.filters, "search", "a"))
        figures["  matching   "] = screen.total
        timed(
            "sort by deadline, no filter (ms)",
            lambda: (setattr(screen.filters, "search", ""), setattr(screen, "sort_index", 1)),
        )
        t0 = time.perf_counter()
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
        await pilot.pause()
        figures["6 x PageDown incl. next page (ms)"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        await pilot.press("f2")
        await pilot.pause()
        figures["back to dashboard (ms)"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        await pilot.press("f6")
        await pilot.pause()
        figures["statistics screen (ms)"] = (time.perf_counter() - t0) * 1000
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--store", help="reuse (or create) this store file")
    args = parser.parse_args()
    path = Path(args.store) if args.store else Path(tempfile.mkdtemp()) / "bench.sqlite"
    store = Store(path)
    have = store.conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    if have < args.cases:
        seconds = fill(store, args.cases - have)
        print(f"generated {args.cases - have} cases in {seconds:.1f} s ({path})")
    store.close()
    store = Store(path)  # a fresh start, as after launching `entraide`
    rss_before = peak_rss_mib()
    figures = asyncio.run(measure(store))
    for label, value in figures.items():
        print(
            f"{label:40s} {value:10.1f}" if isinstance(value, float) else f"{label:40s} {value:10}"
        )
    peak = peak_rss_mib()
    print(f"{'peak memory, whole process (MB)':40s} {peak:10.1f}")
    print(f"{'peak memory before the app (MB)':40s} {rss_before:10.1f}")
    print("targets: first screen < 1.5 s, filter/search < 100 ms, memory < 150 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
