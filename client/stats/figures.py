"""Counts and durations over the case register, for the statistics screen and reports."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..cases.deadlines import figure_rows
from ..store import Store


@dataclass
class CaseStatistics:
    total: int = 0
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_state: list[tuple[str, int]] = field(default_factory=list)  # counterpart state
    by_assistance: list[tuple[str, int]] = field(default_factory=list)
    by_direction: list[tuple[str, int]] = field(default_factory=list)
    completed: int = 0  # cases with both a start date and a completion date
    median_days_to_completion: float | None = None


def case_statistics(store: Store, direction: str | None = None) -> CaseStatistics:
    """Counts by status, counterpart state and type of assistance; median days to completion.

    The counterpart is the other side: the requesting State of an incoming
    request, the requested State of an outgoing one. Completion is the date of
    execution if known, else of closing; the start is the date the request was
    received (incoming) or sent (outgoing).
    """
    rows = figure_rows(store, direction)
    statuses: Counter[str] = Counter()
    states: Counter[str] = Counter()
    types: Counter[str] = Counter()
    directions: Counter[str] = Counter()
    durations: list[int] = []
    total = 0
    for way, status, requesting, requested, kinds, received, sent, closed, executed in rows:
        total += 1
        statuses[status or "draft"] += 1
        directions[way or ""] += 1
        counterpart = requesting if way == "incoming" else requested
        if counterpart:
            states[counterpart] += 1
        for kind in (kinds or "").split(","):
            if kind:
                types[kind] += 1
        days = _days_between(received if way == "incoming" else sent, executed or closed)
        if days is not None:
            durations.append(days)
    return CaseStatistics(
        total=total,
        by_status=_ranked(statuses),
        by_state=_ranked(states),
        by_assistance=_ranked(types),
        by_direction=_ranked(directions),
        completed=len(durations),
        median_days_to_completion=median(durations),
    )


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def _days_between(start: str | None, end: str | None) -> int | None:
    if not start or not end:
        return None
    try:
        days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    except ValueError:
        return None
    return days if days >= 0 else None  # a date typed in the wrong field is not a duration


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))
