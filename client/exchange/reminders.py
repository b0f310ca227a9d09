"""Requests transmitted without an answer: a reminder after N days (set per office).

A request is due a reminder when it went through the channel at least N days
ago, its case is still open, and nothing but receipts came back on its thread
(no acknowledgement, question, status or result). N is kept in the store's meta
(`exchange_reminder_days`), like the office's reference pattern; 14 by default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared.i18n import _
from shared.schema.cases import OPEN_STATUSES
from shared.schema.validation import ValidationError

from ..cases import get_case
from ..store import Store
from ..store.store import NotFound
from . import log
from .errors import ExchangeError

REMINDER_META = "exchange_reminder_days"
DEFAULT_REMINDER_DAYS = 14


@dataclass(frozen=True)
class Reminder:
    case_id: str
    thread: str
    peer: str  # the requested authority
    our_ref: str
    title: str
    sent_on: str  # ISO date the request went
    days: int  # days since, without an answer
    delivered: bool  # a delivery receipt came back


def reminder_days(store: Store) -> int:
    value = store.get_meta(REMINDER_META)
    return int(value) if value and value.isdigit() else DEFAULT_REMINDER_DAYS


def set_reminder_days(store: Store, days: int) -> None:
    if not 1 <= days <= 365:
        raise ExchangeError(_("the reminder delay is a number of days from 1 to 365"))
    store.set_meta(REMINDER_META, str(days))


def reminders(store: Store, today: dt.date | None = None) -> list[Reminder]:
    """Transmitted requests with no answer after the office's delay, oldest first."""
    today = today or dt.date.today()
    delay = reminder_days(store)
    out = []
    for rec in log.envelopes(store, state="sent"):
        if rec.kind != "package" or rec.direction != "out":
            continue
        case_id = log.case_of_thread(store, rec.envelope_id)
        if case_id is None:
            continue
        try:
            case = get_case(store, case_id)
        except (NotFound, ValidationError):
            continue
        if case.get("status") not in OPEN_STATUSES:
            continue
        replies = [r for r in log.envelopes(store, thread=rec.envelope_id) if r.direction == "in"]
        if any(r.content.get("type") != "receipt" for r in replies):
            continue
        sent_on = str(case.get("date_sent") or rec.at[:10])
        try:
            days = (today - dt.date.fromisoformat(sent_on)).days
        except ValueError:
            continue
        if days < delay:
            continue
        delivered = any(r.content.get("receipt") == "delivered" for r in replies)
        out.append(
            Reminder(
                case_id,
                rec.envelope_id,
                rec.peer,
                str(case.get("our_ref") or ""),
                str(case.get("title") or ""),
                sent_on,
                days,
                delivered,
            )
        )
    return sorted(out, key=lambda r: (r.sent_on, r.case_id))
