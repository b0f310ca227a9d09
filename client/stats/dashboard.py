"""What the dashboard shows: open requests, deadlines, and the requests waiting longest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shared.schema.cases import OPEN_STATUSES

from ..cases.deadlines import deadlines_between, open_by_direction, waiting_since
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
    summary = DashboardSummary(today=today)
    counts = open_by_direction(store, OPEN_STATUSES)
    summary.open_incoming = counts.get("incoming", 0)
    summary.open_outgoing = counts.get("outgoing", 0)
    day = today.isoformat()
    horizon = (today + dt.timedelta(days=UPCOMING_DAYS)).isoformat()
    summary.overdue_count, overdue = deadlines_between(store, OPEN_STATUSES, None, day, limit)
    summary.upcoming_count, upcoming = deadlines_between(store, OPEN_STATUSES, day, horizon, limit)
    summary.overdue = [_deadline_row(row, today) for row in overdue]
    summary.upcoming = [_deadline_row(row, today) for row in upcoming]
    # Waiting since: the day the request left (outgoing) or arrived (incoming).
    rows = waiting_since(store, WAITING_STATUSES, limit)
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
