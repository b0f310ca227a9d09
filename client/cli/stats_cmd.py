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
from shared.i18n import LANGUAGES, N_, _, get_language
from shared.i18n.labels import (
    ASSISTANCE,
    DIRECTION,
    LEGAL_BASIS_CATEGORY,
    OFFENCE_CATEGORY,
    OUTCOME_CATEGORY,
    REFUSAL,
    STATUS,
    label,
    labelled,
    state_label,
)
from shared.schema.cases import DIRECTIONS

from ..cases.service import own_authority
from ..identity import is_secretariat
from ..stats import case_statistics
from ..stats import report as words
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
    network = args.network or is_secretariat(store)
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
    if network and not is_secretariat(store):
        raise CliError(_("only a secretariat device holds the returns of every authority"))
    period = parse_period(args.period) if args.period else Period()
    period = Period(
        month_bound(args.start, "--from") or period.first,
        month_bound(args.end, "--to") or period.last,
    )
    if args.direction:
        raise CliError(_("--direction applies to the register's own figures, without a period"))
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
        raise CliError(
            _("cannot write {file}: {reason}").format(file=target, reason=exc.strerror)
        ) from None
    emit(
        args,
        {"file": str(target), "period": args.period, "requests": report.figures.total},
        _("report {period}: {count} requests -> {file}").format(
            period=args.period, count=report.figures.total, file=target
        ),
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
        raise CliError(
            _("cannot write {file}: {reason}").format(file=target, reason=exc.strerror)
        ) from None


def _csv_to(out: TextIO, figures: dict[str, Any]) -> None:
    writer = csv.writer(out)
    writer.writerow(("figure", "key", "value"))
    writer.writerows(csv_rows(figures))


# Plain-text output: each figure under its translated title, each value by its label.
# (JSON and CSV keep the stable English identifiers.)
FIGURE_TITLES = {
    "period": N_("Period"),
    "total": N_("Total"),
    "by_direction": N_("By direction"),
    "by_authority": words.H_AUTHORITIES,
    "by_pair": words.H_PAIRS,
    "by_state": N_("By counterpart State"),
    "by_assistance": words.H_ASSISTANCE,
    "by_offence": words.H_OFFENCES,
    "by_legal_basis": words.H_BASIS,
    "untoc_share": words.L_UNTOC,
    "by_status": N_("By status"),
    "by_outcome": words.H_OUTCOMES,
    "by_refusal_ground": words.H_REFUSALS,
    "by_quarter": N_("By quarter"),
    "completed": words.L_COMPLETED,
    "median_days_to_completion": words.L_MEDIAN,
    "p90_days_to_completion": words.L_P90,
    "overdue": words.L_OVERDUE,
}
VALUE_LABELS = {
    "by_direction": DIRECTION,
    "by_assistance": ASSISTANCE,
    "by_offence": OFFENCE_CATEGORY,
    "by_legal_basis": LEGAL_BASIS_CATEGORY,
    "by_status": STATUS,
    "by_outcome": OUTCOME_CATEGORY,
    "by_refusal_ground": REFUSAL,
}


def _describe(figures: dict[str, Any]) -> str:
    lines = []
    for name, value in figures.items():
        title = _(FIGURE_TITLES[name]) if name in FIGURE_TITLES else name.replace("_", " ")
        if isinstance(value, list):
            lines.append(labelled(title))
            lines += [f"  {_item_text(name, item)}" for item in value]
        elif name == "untoc_share" and value is not None:
            lines.append(f"{labelled(title)} {100 * value:.0f} %")
        elif value not in (None, ""):
            shown = f"{value:g}" if isinstance(value, float) else value
            lines.append(f"{labelled(title)} {shown}")
    return "\n".join(lines)


def _item_text(name: str, item: Any) -> str:
    *keys, count = item
    if name == "by_authority":  # code, incoming, outgoing
        return _("{authority}: {incoming} incoming, {outgoing} outgoing").format(
            authority=keys[0], incoming=keys[1], outgoing=count
        )
    table = VALUE_LABELS.get(name, {})
    by_state = name in ("by_pair", "by_state")
    names = [
        (state_label(k) if by_state else label(table, str(k))) if k else _(words.L_NOT_STATED)
        for k in keys
    ]
    return f"{labelled(' > '.join(names))} {count}"
