"""`entraide demo`: fill an empty store with demo data, then open the app.

Three steps, each its own function: load the data, start the local services
the demo needs (none yet; a sync server on loopback comes later), open the
TUI. The services are stopped when the TUI closes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from ..demo import DemoSummary, generate_cases, is_empty, load_demo
from ..store import Store
from .common import emit, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo", help="load demo data (if the store is empty) and open the app"
    )
    demo.add_argument("--no-tui", action="store_true", help="load the data and exit")
    demo.add_argument(
        "--cases",
        type=_non_negative,
        default=0,
        metavar="N",
        help="also generate N extra cases (only when the store is empty)",
    )
    demo.add_argument("--json", action="store_true", help="print the summary as JSON")
    demo.set_defaults(func=cmd_demo)


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def cmd_demo(args: argparse.Namespace) -> int:
    store = open_store(args)
    data = seed_store(store, args.cases, progress=None if args.json else _print_progress)
    emit(args, data, _describe)
    if args.no_tui:
        return 0
    stop_services = start_local_services(args, store)
    try:
        open_tui(store)
    finally:
        stop_services()
    return 0


def seed_store(
    store: Store, extra: int = 0, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    """Load the demo data and `extra` generated cases into an empty store."""
    fresh = is_empty(store)
    summary: DemoSummary = load_demo(store)
    generated = 0
    if fresh and extra:
        generated = len(generate_cases(store, extra, progress=progress))
        summary = load_demo(store)  # reads the totals again; loads nothing
    return {**asdict(summary), "loaded": fresh, "generated": generated, "path": str(store.path)}


def start_local_services(args: argparse.Namespace, store: Store) -> Callable[[], None]:
    """Start what the demo runs beside the app; returns the function that stops it all.

    Nothing yet. The local sync server on loopback will be started here.
    """
    return lambda: None


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
