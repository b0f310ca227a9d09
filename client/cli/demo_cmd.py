"""`entraide demo`: fill an empty store with demo data, then open the app.

The steps, each its own function: start the local sync server on loopback
(its secretariat device publishes the directory) and enroll this device with
it, load the demo cases, sync once, open the TUI. The server is stopped when
the TUI closes. With --no-server everything is loaded locally.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from ..demo import DemoSummary, generate_cases, is_empty, load_demo
from ..demo.local_server import LocalServer
from ..store import Store
from .common import data_directory, emit, non_negative_int, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo", help="load demo data (if the store is empty) and open the app"
    )
    demo.add_argument("--no-tui", action="store_true", help="load the data and exit")
    demo.add_argument(
        "--cases",
        type=non_negative_int,
        default=0,
        metavar="N",
        help="also generate N extra cases (only when the store is empty)",
    )
    demo.add_argument("--json", action="store_true", help="print the summary as JSON")
    demo.add_argument("--no-server", action="store_true", help="do not start the local sync server")
    demo.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    store = open_store(args)
    server = None if args.no_server else start_server(args, store)
    try:
        data = seed_store(
            store,
            args.cases,
            progress=None if args.json else _print_progress,
            with_directory=server is None,
        )
        emit(args, data, _describe)
        if server is not None:
            first_sync(store, server.url)
        if not args.no_tui:
            open_tui(store)
    finally:
        if server is not None:
            server.stop()
    return 0


def seed_store(
    store: Store,
    extra: int = 0,
    progress: Callable[[int, int], None] | None = None,
    with_directory: bool = True,
) -> dict[str, Any]:
    """Load the demo data and `extra` generated cases into an empty store."""
    kinds = ("case", "directory") if with_directory else ("case",)
    fresh = is_empty(store, kinds)
    summary: DemoSummary = load_demo(store, with_directory=with_directory)
    generated = 0
    if fresh and extra:
        generated = len(generate_cases(store, extra, progress=progress))
        summary = load_demo(store, with_directory=with_directory)  # totals again; loads nothing
    return {**asdict(summary), "loaded": fresh, "generated": generated, "path": str(store.path)}


def start_server(args: argparse.Namespace, store: Store) -> LocalServer | None:
    """The sync server on loopback, with the directory its secretariat keeps.

    A demo without its server still opens: the problem is printed, and the
    app works offline as it always does.
    """
    from ..demo.local_server import start_demo_server
    from ..sync import SyncError

    try:
        return start_demo_server(store, data_directory(args))
    except (RuntimeError, OSError, SyncError) as exc:
        print(f"The local sync server did not start ({exc}); working offline.", file=sys.stderr)
        return None


def first_sync(store: Store, url: str) -> None:
    from ..sync import SyncAgent, SyncError

    try:
        report = SyncAgent(store).sync_once()
        print(f"Synced with the local server {url}: sent {report.pushed} changes.", file=sys.stderr)
    except SyncError as exc:
        print(f"First sync failed ({exc}); the app will retry.", file=sys.stderr)


def open_tui(store: Store) -> None:
    from ..tui.app import make_app  # Textual is loaded only for the TUI

    make_app(store=store).run()


def _print_progress(done: int, total: int) -> None:
    print(f"\rgenerating cases: {done}/{total}", end="" if done < total else "\n", file=sys.stderr)


def _describe(data: dict[str, Any]) -> str:
    head = "Demo data loaded" if data["loaded"] else "The store already holds data; nothing loaded"
    statuses = ", ".join(f"{status} {count}" for status, count in data["by_status"].items())
    lines = [
        f"{head}: {data['path']}",
        f"  authority {data['authority']}, user {data['user_name']}",
        f"  directory entries: {data['directory_entries']}",
        f"  cases: {data['cases']}"
        + (f" (of which {data['generated']} generated)" if data["generated"] else ""),
    ]
    if statuses:
        lines.append(f"  by status: {statuses}")
    return "\n".join(lines)
