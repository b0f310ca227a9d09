"""What the dashboard shows: open requests, deadlines, and the requests waiting longest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shared.schema.cases import OPEN_STATUSES

from ..store import Store

UPCOMING_DAYS = 14
# Statuses in which one side waits for the other's answer (a draft waits for no one).
WAITING_STATUSES = tuple(s for s in OPEN_STATUSES if s != "draft")


@dataclass(frozen=True)
class DeadlineRow:
    id: str
    our_ref: str
    title: str
    deadline: str
    days_left: int  # negative when overdue


@dataclass(frozen=True)
class WaitingRow:
    id: str
    our_ref: str
    title: str
    direction: str
    status: str
    since: str
    days: int


@dataclass
class DashboardSummary:
    today: dt.date
    open_incoming: int = 0
    open_outgoing: int = 0
    overdue: list[DeadlineRow] = field(default_factory=list)
    upcoming: list[DeadlineRow] = field(default_factory=list)
    overdue_count: int = 0
    upcoming_count: int = 0
    waiting: list[WaitingRow] = field(default_factory=list)


def dashboard_summary(
    store: Store, today: dt.date | None = None, limit: int = 8
) -> DashboardSummary:
    today = today or dt.date.today()
    marks = ",".join("?" * len(OPEN_STATUSES))
    summary = DashboardSummary(today=today)
    for direction, count in store.conn.execute(
        f"SELECT direction, count(*) FROM cases WHERE status IN ({marks}) GROUP BY direction",
        OPEN_STATUSES,
    ):
        if direction == "incoming":
            summary.open_incoming = count
        elif direction == "outgoing":
            summary.open_outgoing = count

    horizon = (today + dt.timedelta(days=UPCOMING_DAYS)).isoformat()
    base = f"FROM cases WHERE status IN ({marks}) AND deadline != '' AND deadline IS NOT NULL"
    overdue_sql = f"{base} AND deadline < ?"
    upcoming_sql = f"{base} AND deadline >= ? AND deadline <= ?"
    day = today.isoformat()
    summary.overdue_count = store.conn.execute(
        f"SELECT count(*) {overdue_sql}", (*OPEN_STATUSES, day)
    ).fetchone()[0]
    summary.upcoming_count = store.conn.execute(
        f"SELECT count(*) {upcoming_sql}", (*OPEN_STATUSES, day, horizon)
    ).fetchone()[0]
    columns = "SELECT doc_id, our_ref, title, deadline"
    summary.overdue = [
        _deadline_row(row, today)
        for row in store.conn.execute(
            f"{columns} {overdue_sql} ORDER BY deadline, doc_id LIMIT ?",
            (*OPEN_STATUSES, day, limit),
        )
    ]
    summary.upcoming = [
        _deadline_row(row, today)
        for row in store.conn.execute(
            f"{columns} {upcoming_sql} ORDER BY deadline, doc_id LIMIT ?",
            (*OPEN_STATUSES, day, horizon, limit),
        )
    ]
    # Waiting since: the day the request left (outgoing) or arrived (incoming).
    wait_marks = ",".join("?" * len(WAITING_STATUSES))
    since = "CASE direction WHEN 'outgoing' THEN date_sent ELSE date_received END"
    rows = store.conn.execute(
        f"SELECT doc_id, our_ref, title, direction, status, {since} AS since FROM cases"
        f" WHERE status IN ({wait_marks}) AND coalesce({since}, '') != ''"
        " ORDER BY since, doc_id LIMIT ?",
        (*WAITING_STATUSES, limit),
    )
    for doc_id, ref, title, direction, status, start in rows:
        try:
            days = (today - dt.date.fromisoformat(start)).days
        except ValueError:
            continue
        summary.waiting.append(
            WaitingRow(doc_id, ref or "", title or "", direction or "", status or "", start, days)
        )
    return summary


def _deadline_row(row: tuple[str, str, str, str], today: dt.date) -> DeadlineRow:
    doc_id, ref, title, deadline = row
    try:
        days = (dt.date.fromisoformat(deadline) - today).days
    except ValueError:
        days = 0
    return DeadlineRow(doc_id, ref or "", title or "", deadline, days)
