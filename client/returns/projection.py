"""From a case to its de-identified return: the one place that decides what leaves a case.

Only the fields in `shared.schema.returns.CASE_FIELDS_READ` are read, and every value
is reduced to a controlled one: a choice from its list, a two-letter State code, a
month (YYYY-MM) or a whole number of days. Free text never passes, even when someone
typed it into a field meant for a code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from shared.schema.cases import ENDING_OUTCOMES
from shared.schema.returns import CASE_FIELDS_READ, RETURN_FIELDS_BY_NAME


def case_return(case: Mapping[str, Any], own_state: str = "") -> dict[str, Any]:
    """The return of `case`; `own_state` fills the reporting State when the case lacks it."""
    read = {name: case.get(name) for name in CASE_FIELDS_READ}  # nothing else is looked at
    incoming = read["direction"] == "incoming"
    requesting, requested = (
        state_code(read["requesting_state"]),
        state_code(read["requested_state"]),
    )
    reporting, counterpart = (requested, requesting) if incoming else (requesting, requested)
    start = _date(read["date_received"] if incoming else read["date_sent"])
    end = _date(read["date_executed"]) or _date(read["date_closed"])
    days = (end - start).days if start and end and end >= start else -1
    status = _choice("status", read["status"]) or "draft"
    outcome = _choice("outcome_category", read["outcome_category"]) or ENDING_OUTCOMES.get(
        status, ""
    )
    return {
        "direction": _choice("direction", read["direction"]),
        "kind": _choice("kind", read["kind"]),
        "assistance_types": _choices("assistance_types", read["assistance_types"]),
        "reporting_state": reporting or state_code(own_state),
        "counterpart_state": counterpart,
        "offence_categories": _choices("offence_categories", read["offence_categories"]),
        "legal_basis_category": _choice("legal_basis_category", read["legal_basis_category"]),
        "opened_month": _month(start),
        "completed_month": _month(end),
        "deadline_month": _month(_date(read["deadline"])),
        "days_to_completion": days,
        "status": status,
        "outcome_category": outcome,
        "refusal_grounds": _choices("refusal_grounds", read["refusal_grounds"]),
        "urgency": _choice("urgency", read["urgency"]) or "normal",
    }


def state_code(value: Any) -> str:
    """A two-letter State code, or "" for anything else (a name typed in, a sentence)."""
    text = str(value or "").strip().upper()
    return text if len(text) == 2 and text.isascii() and text.isalpha() else ""


def _choice(name: str, value: Any) -> str:
    return value if isinstance(value, str) and value in RETURN_FIELDS_BY_NAME[name].choices else ""


def _choices(name: str, values: Any) -> list[str]:
    allowed = RETURN_FIELDS_BY_NAME[name].choices
    items: Iterable[Any] = values if isinstance(values, (list, tuple, dict)) else ()
    return sorted({v for v in items if isinstance(v, str) and v in allowed})


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _month(day: dt.date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else ""
