"""Figures over de-identified returns: one authority's own, or the whole network's (the
secretariat holds every `returns/*` space).

A return is counted in a period by the month its request was sent (outgoing) or
received (incoming); drafts, which have neither, count only when no period is asked.
A request between two member authorities is registered by both (outgoing at one,
incoming at the other), so network volumes count registrations, by direction.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from shared.errors import EntraideError
from shared.i18n import _

from ..returns import queries
from ..returns.queries import Scope
from ..store import Store
from .figures import median


class PeriodError(EntraideError, ValueError):
    """A period that cannot be read (e.g. 2026-Q5)."""


@dataclass(frozen=True)
class Period:
    """Months from `first` to `last` inclusive (YYYY-MM); None leaves that end open."""

    first: str | None = None
    last: str | None = None

    @property
    def label(self) -> str:
        if not self.first and not self.last:
            return ""
        return f"{self.first or '…'} – {self.last or '…'}"


_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|\d{2}))?$", re.IGNORECASE)


def parse_period(text: str) -> Period:
    """2026, 2026-H2, 2026-Q3 or 2026-07."""
    found = _PERIOD.match(text.strip())
    if not found:
        raise PeriodError(
            _("'{value}' is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07").format(
                value=text
            )
        )
    year, part = found.group(1), (found.group(2) or "").upper()
    if not part:
        return Period(f"{year}-01", f"{year}-12")
    if part.startswith("H"):
        half = int(part[1])
        return Period(f"{year}-{6 * half - 5:02d}", f"{year}-{6 * half:02d}")
    if part.startswith("Q"):
        quarter = int(part[1])
        return Period(f"{year}-{3 * quarter - 2:02d}", f"{year}-{3 * quarter:02d}")
    if not 1 <= int(part) <= 12:
        raise PeriodError(_("'{value}' is not a month").format(value=text))
    return Period(f"{year}-{part}", f"{year}-{part}")


def month_bound(text: str | None, field_name: str) -> str | None:
    """--from/--to: a date or a month, as a month (YYYY-MM)."""
    if not text:
        return None
    if re.match(r"^\d{4}-\d{2}(-\d{2})?$", text.strip()):
        month = text.strip()[:7]
        if 1 <= int(month[5:]) <= 12:
            return month
    raise PeriodError(
        _("{field}: '{value}' is not a month or date (YYYY-MM or YYYY-MM-DD)").format(
            field=field_name, value=text
        )
    )


@dataclass
class NetworkStatistics:
    period: str = ""
    total: int = 0
    by_direction: list[tuple[str, int]] = field(default_factory=list)
    by_authority: list[tuple[str, int, int]] = field(default_factory=list)  # code, in, out
    by_pair: list[tuple[str, str, int]] = field(default_factory=list)  # requesting, requested
    by_assistance: list[tuple[str, int]] = field(default_factory=list)
    by_offence: list[tuple[str, int]] = field(default_factory=list)
    by_legal_basis: list[tuple[str, int]] = field(default_factory=list)
    untoc_share: float | None = None  # share of requests with a stated basis resting on UNTOC
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    by_refusal_ground: list[tuple[str, int]] = field(default_factory=list)
    by_quarter: list[tuple[str, int]] = field(default_factory=list)  # 2026-Q3 -> requests
    completed: int = 0
    median_days_to_completion: float | None = None
    p90_days_to_completion: float | None = None
    overdue: int = 0  # waiting requests whose deadline month has passed


def network_statistics(
    store: Store,
    period: Period | None = None,
    authority: str | None = None,
    today: dt.date | None = None,
) -> NetworkStatistics:
    """Every figure over the returns this store holds (one authority's, or all)."""
    period = period or Period()
    scope = Scope(period.first, period.last, authority)
    month_now = (today or dt.date.today()).strftime("%Y-%m")
    incoming: Counter[str] = Counter()
    outgoing: Counter[str] = Counter()
    directions: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for code, way, own, other, n in queries.count_by(  # one scan for three breakdowns
        store, scope, "authority", "direction", "reporting_state", "counterpart_state"
    ):
        (incoming if way == "incoming" else outgoing)[code] += n
        directions[way or ""] += n
        if own or other:
            pairs[(other, own) if way == "incoming" else (own, other)] += n
    bases = Counter({k or "": n for k, n in queries.count_by(store, scope, "legal_basis_category")})
    statuses = Counter({k or "draft": n for k, n in queries.count_by(store, scope, "status")})
    outcomes = Counter({k: n for k, n in queries.count_by(store, scope, "outcome_category") if k})
    quarters: Counter[str] = Counter()
    for month, n in queries.count_by(store, scope, "opened_month"):
        if month:
            quarters[f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"] += n
    days = queries.durations(store, scope)
    stated = sum(n for basis, n in bases.items() if basis)
    authorities = sorted(set(incoming) | set(outgoing))
    return NetworkStatistics(
        period=period.label,
        total=sum(directions.values()),
        by_direction=_ranked(directions),
        by_authority=sorted(
            ((a, incoming[a], outgoing[a]) for a in authorities),
            key=lambda row: (-(row[1] + row[2]), row[0]),
        ),
        by_pair=sorted(
            ((a, b, n) for (a, b), n in pairs.items()), key=lambda row: (-row[2], row[0], row[1])
        ),
        by_assistance=_ranked(queries.count_members(store, scope, "assistance_types")),
        by_offence=_ranked(queries.count_members(store, scope, "offence_categories")),
        by_legal_basis=_ranked(bases),
        untoc_share=round(bases["untoc"] / stated, 4) if stated else None,
        by_status=_ranked(statuses),
        by_outcome=_ranked(outcomes),
        by_refusal_ground=_ranked(queries.count_members(store, scope, "refusal_grounds")),
        by_quarter=sorted(quarters.items()),
        completed=len(days),
        median_days_to_completion=median(days),
        p90_days_to_completion=percentile(days, 90),
        overdue=queries.overdue(store, scope, month_now),
    )


def percentile(values: list[int], rank: float) -> float | None:
    """The nearest-rank percentile (the value at or below which `rank` % of values lie)."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, math.ceil(rank / 100 * len(ordered)) - 1)
    return float(ordered[index])


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))
