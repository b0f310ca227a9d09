"""Dated editions of the directory, "published twice a year" to authorities and missions.

An edition is the approved directory as it stood on a date (each entry's version
approved last on or before it), one section per State, in one language. This
module builds it as data; `edition_render` writes it as .docx, Markdown or CSV.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from shared.i18n import LANGUAGES, N_, _, translations
from shared.i18n.labels import DIRECTORY_FIELD, VALUE_LABELS
from shared.schema.states import state_name
from shared.schema.validation import ValidationError, parse_date

from ..store import Store
from .service import entries_as_of

# What an edition prints of each entry, in this order (the code and State are headings).
EDITION_FIELDS = (
    "authority_name",
    "authority_kind",
    "contact_person",
    "address",
    "phones",
    "emails",
    "office_hours",
    "time_zone",
    "languages",
    "documents_required",
    "information_required",
    "formats_channels",
    "interpol_accepted",
    "urgent_procedure",
    "untoc_16_5_declaration",
    "networks",
    "comments",
)
TITLE = N_("Directory of competent national authorities")
SUBTITLE = N_("Edition {number}, as approved by the secretariat on {date}")
CODE_LABEL = N_("Authority code")
EMPTY = N_("No approved entry on this date.")
FOOTNOTE = N_(
    "Each entry is the version its authority proposed and the secretariat approved on or "
    "before the date of this edition. Check urgent details with the authority."
)


@dataclass(frozen=True)
class EditionEntry:
    code: str
    name: str
    rows: list[tuple[str, str]]  # (label, value) in the edition's language, filled fields only


@dataclass(frozen=True)
class EditionSection:
    state: str  # ISO code
    title: str  # the State's name in the edition's language
    entries: list[EditionEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Edition:
    lang: str
    number: str
    date: str  # ISO date
    title: str
    subtitle: str
    footnote: str
    empty: str
    code_label: str
    sections: list[EditionSection]


def edition_number(day: dt.date) -> str:
    """Two editions a year: 2026-1 (first half), 2026-2 (second half)."""
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def build_edition(store: Store, as_of: str, lang: str, number: str | None = None) -> Edition:
    if lang not in LANGUAGES:
        raise ValidationError(
            "lang",
            _("'{value}' is not one of: {allowed}").format(
                value=lang, allowed=", ".join(LANGUAGES)
            ),
        )
    day = parse_date("as_of", as_of)
    if not day:
        raise ValidationError("as_of", _("is required"))
    tr = translations(lang).gettext
    number = number or edition_number(dt.date.fromisoformat(day))
    by_state: dict[str, list[dict[str, Any]]] = {}
    for entry in entries_as_of(store, day):  # a day includes what was approved during it
        by_state.setdefault(entry["state"] or "", []).append(entry)
    sections = []
    for state, entries in by_state.items():
        title = state_name(state, lang) if state else state
        sections.append(EditionSection(state, title, [_edition_entry(e, tr) for e in entries]))
    sections.sort(key=lambda s: s.title)
    return Edition(
        lang=lang,
        number=number,
        date=day,
        title=tr(TITLE),
        subtitle=tr(SUBTITLE).format(number=number, date=day),
        footnote=tr(FOOTNOTE),
        empty=tr(EMPTY),
        code_label=tr(CODE_LABEL),
        sections=sections,
    )


def _edition_entry(entry: dict[str, Any], tr: Any) -> EditionEntry:
    rows = []
    for name in EDITION_FIELDS:
        value = entry.get(name)
        if value in (None, "", []):
            continue
        table = VALUE_LABELS.get(name)
        if isinstance(value, list):
            text = ", ".join(tr(table[v]) if table and v in table else str(v) for v in value)
        else:
            text = tr(table[value]) if table and value in table else str(value)
        rows.append((tr(DIRECTORY_FIELD[name]), text))
    return EditionEntry(entry["code"], entry.get("authority_name") or entry["code"], rows)
