"""When a focal point leaves: their open cases pass to a colleague in one step, and a
handover report lists those cases with their deadlines and the counterpart's contacts, as
Markdown or as a Word file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from shared.i18n import _
from shared.i18n.labels import STATUS, label, state_label

from ..paths import unused_path
from ..store import Store
from .queries import CaseFilter, list_cases
from .service import get_case, update_case


@dataclass(frozen=True)
class HandoverCase:
    id: str
    our_ref: str
    title: str
    status: str
    deadline: str
    counterpart_state: str
    counterpart_authority: str
    contacts: str  # from the directory entry of the counterpart's authority


@dataclass
class HandoverReport:
    officer: str
    successor: str
    day: dt.date
    cases: list[HandoverCase] = field(default_factory=list)


def officers_with_open_cases(store: Store) -> list[str]:
    names = {
        (row.get("assigned_officer") or "").strip()
        for row in list_cases(store, CaseFilter(open_only=True, limit=None))
    }
    return sorted(n for n in names if n)


def open_cases_of(store: Store, officer: str) -> list[str]:
    """Ids of the open cases assigned to `officer`, nearest deadline first."""
    rows = list_cases(
        store, CaseFilter(open_only=True, limit=None, sort="deadline", descending=False)
    )
    mine = [r for r in rows if (r.get("assigned_officer") or "").strip() == officer.strip()]
    # Cases without a deadline after those with one.
    return [r["id"] for r in sorted(mine, key=lambda r: (not r.get("deadline"), r["deadline"]))]


def reassign(store: Store, officer: str, successor: str) -> int:
    """Give every open case of `officer` to `successor`; returns how many moved."""
    successor = " ".join(successor.split())
    if not successor:
        raise ValueError("successor is empty")
    moved = 0
    with store.write():
        for case_id in open_cases_of(store, officer):
            if update_case(store, case_id, {"assigned_officer": successor}):
                moved += 1
    return moved


def _contacts(store: Store, state: str) -> tuple[str, str]:
    """(authority name, contacts) of the counterpart State's central authority, if known."""
    from ..directory import get_entry, list_entries

    for entry in list_entries(store, state) if state else []:
        full = get_entry(store, entry["code"])
        parts = [full.get("contact_person"), full.get("emails"), full.get("phones")]
        return entry["authority_name"], " · ".join(p for p in parts if p)
    return "", ""


def handover_report(store: Store, officer: str, successor: str, day: dt.date) -> HandoverReport:
    report = HandoverReport(officer, successor, day)
    for case_id in open_cases_of(store, officer):
        case = get_case(store, case_id)
        incoming = case.get("direction") == "incoming"
        state = case.get("requesting_state" if incoming else "requested_state") or ""
        authority = case.get("requesting_authority" if incoming else "requested_authority")
        known_authority, contacts = _contacts(store, state)
        report.cases.append(
            HandoverCase(
                id=case_id,
                our_ref=case.get("our_ref") or "",
                title=case.get("title") or "",
                status=case.get("status") or "",
                deadline=case.get("deadline") or "",
                counterpart_state=state,
                counterpart_authority=authority or known_authority,
                contacts=contacts,
            )
        )
    return report


def _rows(report: HandoverReport) -> tuple[list[str], list[list[str]]]:
    head = [
        _("Reference"),
        _("Title"),
        _("Status"),
        _("Deadline"),
        _("Counterpart"),
        _("Contacts"),
    ]
    rows = [
        [
            c.our_ref,
            c.title,
            label(STATUS, c.status),
            c.deadline,
            " — ".join(p for p in (state_label(c.counterpart_state), c.counterpart_authority) if p),
            c.contacts,
        ]
        for c in report.cases
    ]
    return head, rows


def _title(report: HandoverReport) -> str:
    return _("Handover of {officer}'s open cases to {successor}, {day}").format(
        officer=report.officer, successor=report.successor or "…", day=report.day.isoformat()
    )


def report_markdown(report: HandoverReport) -> str:
    head, rows = _rows(report)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |"

    parts = [f"# {_title(report)}", ""]
    if not rows:
        parts.append(_("No open case."))
    else:
        parts += [line(head), line(["---"] * len(head)), *map(line, rows)]
    return "\n".join(parts) + "\n"


def write_report(report: HandoverReport, path: Path) -> Path:
    """The report as .docx or .md (by the file's suffix), never over an earlier file."""
    target = unused_path(path)
    if target.suffix.lower() == ".docx":
        import docx

        document = docx.Document()
        document.add_heading(_title(report), level=1)
        head, rows = _rows(report)
        if not rows:
            document.add_paragraph(_("No open case."))
        else:
            table = document.add_table(rows=1, cols=len(head))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, head, strict=True):
                cell.text = text
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        document.save(str(target))
    else:
        target.write_text(report_markdown(report), encoding="utf-8")
    return target
