"""Dates as clerks type them: 31/03/2025 (the way dates are written in West and Central
Africa) as well as 2025-03-31. Stored dates are always ISO (YYYY-MM-DD)."""

from __future__ import annotations

import datetime as dt

# Day first: 03/04/2025 is the 3rd of April, as written in the WACAP states.
INPUT_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_user_date(text: str) -> str | None:
    """ISO form of a typed date, "" for nothing typed, None when it is not a date."""
    text = text.strip()
    if not text:
        return ""
    for fmt in INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def normalize_date_input(text: str) -> str:
    """The ISO date when `text` is one in any accepted form; otherwise `text` unchanged, so
    that validation can say what is wrong with it."""
    parsed = parse_user_date(text)
    return text if parsed is None else parsed


def show_date(iso: str) -> str:
    """A stored date the way it is typed: DD/MM/YYYY."""
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return iso or ""
