"""Things worth a second look in a case's values, that do not stop it being saved: a date
in the future, dates out of order, a deadline before the request arrived or left, a
reference another case already uses. The form shows them under their fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.i18n import _
from shared.i18n.labels import field_label
from shared.schema.dates import show_date

from ..store import Store
from .references import cases_with_reference

# Dates of things that have happened: none can be after today.
PAST_DATES = ("date_received", "date_sent", "date_acknowledged", "date_executed", "date_closed")
# The order they happen in, after the request arrived (incoming) or left (outgoing).
LATER_DATES = ("date_acknowledged", "date_executed", "date_closed")


@dataclass(frozen=True)
class CaseWarning:
    field: str
    message: str


def start_field(direction: str) -> str:
    return "date_sent" if direction == "outgoing" else "date_received"


def case_warnings(
    store: Store, values: Mapping[str, Any], today: dt.date, case_id: str | None = None
) -> list[CaseWarning]:
    """Warnings for the case values (ISO dates); at most one per field, the first found."""
    found: dict[str, str] = {}

    def date(name: str) -> str:
        value = values.get(name) or ""
        try:
            return dt.date.fromisoformat(value).isoformat()
        except (TypeError, ValueError):
            return ""  # not a date: validation says so, not this

    for name in PAST_DATES:
        if date(name) > today.isoformat():
            found.setdefault(
                name,
                _("{field} is after today ({date}).").format(
                    field=field_label(name), date=show_date(date(name))
                ),
            )
    chain = [start_field(str(values.get("direction") or "")), *LATER_DATES]
    previous = ""
    for name in chain:
        if not date(name):
            continue
        if previous and date(name) < date(previous):
            found.setdefault(
                name,
                _("{field} is before {earlier} ({date}).").format(
                    field=field_label(name),
                    earlier=field_label(previous),
                    date=show_date(date(previous)),
                ),
            )
        previous = name
    start = chain[0]
    if date("deadline") and date(start) and date("deadline") < date(start):
        found.setdefault(
            "deadline",
            _("The deadline is before {field} ({date}).").format(
                field=field_label(start), date=show_date(date(start))
            ),
        )
    ref = str(values.get("our_ref") or "")
    if cases_with_reference(store, ref, except_id=case_id):
        found.setdefault("our_ref", _("Another case already has this reference."))
    return [CaseWarning(name, message) for name, message in found.items()]
