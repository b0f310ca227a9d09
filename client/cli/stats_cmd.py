"""`entraide stats`: figures about the case register, as text, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from shared.files import atomic_file
from shared.schema.cases import DIRECTIONS

from ..stats import case_statistics
from .common import CliError, emit, open_store

_BREAKDOWNS = ("by_status", "by_direction", "by_state", "by_assistance")


def register(subparsers: argparse._SubParsersAction) -> None:
    stats = subparsers.add_parser("stats", help="statistics of the case register")
    stats.add_argument("--direction", choices=DIRECTIONS)
    stats.add_argument("--csv", metavar="FILE", help="write the figures as CSV (- for stdout)")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    figures = asdict(case_statistics(open_store(args), args.direction))
    if args.csv:
        write_csv(figures, args.csv)
        return 0
    emit(args, figures, _describe)
    return 0


def csv_rows(figures: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """One row per figure: (breakdown, key, value); totals first."""
    rows: list[tuple[str, str, Any]] = [
        ("total", "", figures["total"]),
        ("completed", "", figures["completed"]),
        ("median_days_to_completion", "", figures["median_days_to_completion"] or ""),
    ]
    for breakdown in _BREAKDOWNS:
        rows += [(breakdown, key, count) for key, count in figures[breakdown]]
    return rows


def write_csv(figures: dict[str, Any], target: str) -> None:
    if target == "-":
        _csv_to(sys.stdout, figures)
        return
    try:
        with atomic_file(Path(target)) as raw:  # whole or absent, even on a full disk
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            _csv_to(text, figures)
            text.flush()
            text.detach()
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror}") from None


def _csv_to(out: TextIO, figures: dict[str, Any]) -> None:
    writer = csv.writer(out)
    writer.writerow(("figure", "key", "value"))
    writer.writerows(csv_rows(figures))


def _describe(figures: dict[str, Any]) -> str:
    median = figures["median_days_to_completion"]
    lines = [
        f"cases: {figures['total']}",
        f"completed: {figures['completed']}"
        + (f" (median {median:g} days to completion)" if median is not None else ""),
    ]
    for breakdown in _BREAKDOWNS:
        lines.append(f"{breakdown.replace('_', ' ')}:")
        lines += [f"  {key or '-'}: {count}" for key, count in figures[breakdown]]
    return "\n".join(lines)
