"""The secretariat's periodic report on cooperation in the network, in one language, as
.docx (python-docx, built-in styles only: it converts cleanly with LibreOffice) or Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document

from shared.i18n import N_, translations
from shared.i18n.labels import (
    ASSISTANCE,
    DIRECTION,
    LEGAL_BASIS_CATEGORY,
    OFFENCE_CATEGORY,
    OUTCOME_CATEGORY,
    REFUSAL,
    STATUS,
)
from shared.schema.states import state_name

from ..store import Store
from .network import NetworkStatistics, Period, network_statistics

REPORT_FORMATS = ("docx", "md")

TITLE = N_("Cooperation in criminal matters in the network: report for {period}")
INTRO = N_(
    "Figures from the de-identified returns of {count} authorities, for requests sent or "
    "received from {first} to {last}. A request between two member authorities is "
    "registered by both, once as outgoing and once as incoming."
)
H_SUMMARY = N_("Summary")
H_AUTHORITIES = N_("Requests by authority")
H_PAIRS = N_("Requests by pair of States (requesting, requested)")
H_ASSISTANCE = N_("Types of assistance")
H_OFFENCES = N_("Offence categories")
H_BASIS = N_("Legal basis")
H_OUTCOMES = N_("Outcomes")
H_REFUSALS = N_("Grounds for refusal")
H_STATUS = N_("Status at the end of the period")
L_TOTAL = N_("Requests registered")
L_COMPLETED = N_("Requests completed")
L_MEDIAN = N_("Median days to completion")
L_P90 = N_("90th percentile of days to completion")
L_OVERDUE = N_("Waiting past their deadline")
L_UNTOC = N_("Share of requests with a stated basis resting on UNTOC")
L_COUNT = N_("Requests")
L_AUTHORITY = N_("Authority")
L_REQUESTING = N_("Requesting State")
L_REQUESTED = N_("Requested State")
L_INCOMING = N_("Incoming")
L_OUTGOING = N_("Outgoing")
L_NOT_STATED = N_("Not stated")
L_NONE = N_("None in this period.")


@dataclass(frozen=True)
class Table:
    heading: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    intro: str
    summary: list[tuple[str, str]]
    tables: list[Table]
    empty: str
    figures: NetworkStatistics


def build_report(
    store: Store, period: Period, name: str, lang: str, authority: str | None = None
) -> Report:
    figures = network_statistics(store, period, authority)
    tr = translations(lang).gettext

    def lab(table: Mapping[str, str], value: str) -> str:
        return tr(table[value]) if value in table else (value or tr(L_NOT_STATED))

    def state(code: str) -> str:
        return state_name(code, lang) if code else tr(L_NOT_STATED)

    def ranked(heading: str, table: Mapping[str, str], rows: list[tuple[str, int]]) -> Table:
        return Table(tr(heading), ["", tr(L_COUNT)], [[lab(table, k), str(n)] for k, n in rows])

    def num(value: float | None) -> str:
        return "—" if value is None else f"{value:g}"

    summary = [
        (tr(L_TOTAL), str(figures.total)),
        *((tr(DIRECTION[d]), str(n)) for d, n in figures.by_direction if d in DIRECTION),
        (tr(L_COMPLETED), str(figures.completed)),
        (tr(L_MEDIAN), num(figures.median_days_to_completion)),
        (tr(L_P90), num(figures.p90_days_to_completion)),
        (tr(L_OVERDUE), str(figures.overdue)),
        (
            tr(L_UNTOC),
            "—" if figures.untoc_share is None else f"{100 * figures.untoc_share:.0f} %",
        ),
    ]
    tables = [
        Table(
            tr(H_AUTHORITIES),
            [tr(L_AUTHORITY), tr(L_INCOMING), tr(L_OUTGOING)],
            [[code, str(i), str(o)] for code, i, o in figures.by_authority],
        ),
        Table(
            tr(H_PAIRS),
            [tr(L_REQUESTING), tr(L_REQUESTED), tr(L_COUNT)],
            [[state(a), state(b), str(n)] for a, b, n in figures.by_pair],
        ),
        ranked(H_ASSISTANCE, ASSISTANCE, figures.by_assistance),
        ranked(H_OFFENCES, OFFENCE_CATEGORY, figures.by_offence),
        ranked(H_BASIS, LEGAL_BASIS_CATEGORY, figures.by_legal_basis),
        ranked(H_OUTCOMES, OUTCOME_CATEGORY, figures.by_outcome),
        ranked(H_REFUSALS, REFUSAL, figures.by_refusal_ground),
        ranked(H_STATUS, STATUS, figures.by_status),
    ]
    return Report(
        lang=lang,
        title=tr(TITLE).format(period=name),
        intro=tr(INTRO).format(
            count=len(figures.by_authority),
            first=period.first or "…",
            last=period.last or "…",
        ),
        summary=summary,
        tables=tables,
        empty=tr(L_NONE),
        figures=figures,
    )


def write_report(report: Report, fmt: str, path: Path) -> None:
    if fmt == "md":
        path.write_text(report_markdown(report), encoding="utf-8")
    elif fmt == "docx":
        _docx(report, path)
    else:
        raise ValueError(f"unknown format {fmt}")


def report_markdown(report: Report) -> str:
    lines = [f"# {report.title}", "", report.intro, ""]
    lines += ["| | |", "|---|---:|", *(f"| {k} | {v} |" for k, v in report.summary), ""]
    for table in report.tables:
        lines += [f"## {table.heading}", ""]
        if not table.rows:
            lines += [report.empty, ""]
            continue
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def _docx(report: Report, path: Path) -> None:
    word = Document()
    word.core_properties.title = report.title
    word.core_properties.language = report.lang
    word.add_heading(report.title, level=0)
    word.add_paragraph(report.intro)
    _table(word, ["", ""], [list(pair) for pair in report.summary])
    for table in report.tables:
        word.add_heading(table.heading, level=1)
        if table.rows:
            _table(word, table.columns, table.rows)
        else:
            word.add_paragraph(report.empty)
    word.save(str(path))


def _table(word: Any, columns: list[str], rows: list[list[str]]) -> None:
    table = word.add_table(rows=0, cols=len(columns))
    table.style = "Table Grid"
    if any(columns):
        cells = table.add_row().cells
        for cell, text in zip(cells, columns, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
