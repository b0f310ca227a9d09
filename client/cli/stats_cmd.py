"""`entraide stats`: figures about the case register, as text, JSON or CSV.

Without options: the register's own figures. With a period (--period, --from, --to) the
figures come from the authority's de-identified returns, by category; with --network
(secretariat devices), from every authority's returns. `stats report` writes the
secretariat's periodic report.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from shared.files import atomic_file
from shared.i18n import LANGUAGES, get_language
from shared.schema.cases import DIRECTIONS

from ..cases.service import own_authority
from ..stats import case_statistics
from ..stats.network import Period, month_bound, network_statistics, parse_period
from ..stats.report import REPORT_FORMATS, build_report, write_report
from ..store import Store
from .common import CliError, emit, open_store

_BREAKDOWNS = ("by_status", "by_direction", "by_state", "by_assistance")


def register(subparsers: argparse._SubParsersAction) -> None:
    stats = subparsers.add_parser("stats", help="statistics of the case register")
    stats.add_argument("--direction", choices=DIRECTIONS)
    stats.add_argument("--network", action="store_true", help="every authority (secretariat)")
    stats.add_argument("--period", help="2026, 2026-H2, 2026-Q3 or 2026-07")
    stats.add_argument("--from", dest="start", help="first month (YYYY-MM or a date)")
    stats.add_argument("--to", dest="end", help="last month (YYYY-MM or a date)")
    stats.add_argument("--csv", metavar="FILE", help="write the figures as CSV (- for stdout)")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=cmd_stats)
    sub = stats.add_subparsers(dest="stats_command", metavar="ACTION")
    report = sub.add_parser("report", help="the secretariat's periodic report")
    report.add_argument("--period", required=True, help="2026, 2026-H2, 2026-Q3 or 2026-07")
    report.add_argument("--format", choices=REPORT_FORMATS, default="docx")
    report.add_argument("--lang", choices=LANGUAGES, default=None)
    report.add_argument("-o", "--output", required=True, metavar="FILE")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=cmd_report)


def cmd_stats(args: argparse.Namespace) -> int:
    store = open_store(args)
    network = args.network or store.get_meta("role") == "secretariat"
    if network or args.period or args.start or args.end:
        figures = asdict(_network_figures(store, args, network))
    else:
        figures = asdict(case_statistics(store, args.direction))
    if args.csv:
        write_csv(figures, args.csv)
        return 0
    emit(args, figures, _describe)
    return 0


def _network_figures(store: Store, args: argparse.Namespace, network: bool) -> Any:
    if network and store.get_meta("role") != "secretariat":
        raise CliError("only a secretariat device holds the returns of every authority")
    period = parse_period(args.period) if args.period else Period()
    period = Period(
        month_bound(args.start, "--from") or period.first,
        month_bound(args.end, "--to") or period.last,
    )
    if args.direction:
        raise CliError("--direction applies to the register's own figures, without a period")
    return network_statistics(store, period, None if network else own_authority(store))


def cmd_report(args: argparse.Namespace) -> int:
    store = open_store(args)
    lang = args.lang or get_language()
    network = store.get_meta("role") in ("secretariat", None)
    authority = None if network else own_authority(store)
    report = build_report(store, parse_period(args.period), args.period, lang, authority)
    target = Path(args.output)
    try:
        write_report(report, args.format, target)
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror}") from None
    emit(
        args,
        {"file": str(target), "period": args.period, "requests": report.figures.total},
        f"report {args.period}: {report.figures.total} requests -> {target}",
    )
    return 0


def csv_rows(figures: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """One row per figure: (breakdown, key, value); single figures first."""
    rows: list[tuple[str, str, Any]] = []
    for name, value in figures.items():
        if isinstance(value, list):
            continue
        rows.append((name, "", "" if value is None else value))
    for name, value in figures.items():
        if not isinstance(value, list):
            continue
        for item in value:
            *keys, count = item
            if len(keys) == 2 and name == "by_authority":  # code, incoming, outgoing
                rows.append((name, f"{keys[0]}:incoming", keys[1]))
                rows.append((name, f"{keys[0]}:outgoing", count))
            else:
                rows.append((name, ">".join(str(k) for k in keys), count))
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
    lines = []
    for name, value in figures.items():
        if isinstance(value, list):
            lines.append(f"{name.replace('_', ' ')}:")
            for item in value:
                *keys, count = item
                lines.append(f"  {' > '.join(str(k) or '-' for k in keys)}: {count}")
        elif value not in (None, ""):
            lines.append(
                f"{name.replace('_', ' ')}: {value:g}"
                if isinstance(value, float)
                else f"{name.replace('_', ' ')}: {value}"
            )
    return "\n".join(lines)
