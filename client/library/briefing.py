"""A country briefing note: what a requesting authority should know about one state,
assembled from the approved directory entries, the library and the secretariat's note."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from shared.i18n import N_, NP_, translations
from shared.schema.states import state_name

from .. import directory
from ..requests.texts import assistance_label, choice_label, format_date, language_name
from ..store import Store
from .finder import find_bases
from .records import briefing_note, events_for, instruments

# The labels of a directory entry as the note words them; some differ from the app's.
NOTE_FIELD = "briefing note field"
HEADINGS: dict[str, str] = {
    "title": N_("Country briefing note"),
    "authority": N_("Central authority and how to reach it"),
    "languages": N_("Languages accepted"),
    "channels": N_("Channels"),
    "measures": N_("What each measure requires"),
    "instruments": N_("Applicable instruments"),
    "timelines": N_("Typical timelines"),
    "tips": N_("Practical tips"),
    "sources": N_("Sources and verification"),
    "unverified": N_("Not verified with the authority"),
    "by_authority": N_("Written by the central authority itself ({code})."),
    "none": N_("Not recorded."),
    "between": N_("Between {a} and {b} on {date}"),
    "no_entry": N_("No approved directory entry."),
}
AUTHORITY_FIELDS = (
    ("authority_name", NP_("briefing note field", "Authority")),
    ("address", NP_("briefing note field", "Address")),
    ("phones", NP_("briefing note field", "Telephone")),
    ("emails", NP_("briefing note field", "E-mail")),
    ("contact_person", NP_("briefing note field", "Contact")),
    ("office_hours", NP_("briefing note field", "Office hours")),
    ("urgent_procedure", NP_("briefing note field", "Urgent requests")),
    ("interpol_accepted", NP_("briefing note field", "INTERPOL channel accepted")),
)


def heading(key: str, lang: str, **values: str) -> str:
    return translations(lang).gettext(HEADINGS[key]).format(**values)


@dataclass
class BriefingNote:
    state: str
    lang: str
    state_label: str
    authorities: list[list[tuple[str, str]]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    channels: str = ""
    measures: list[tuple[str, str]] = field(default_factory=list)
    instruments_heading: str = ""
    instruments: list[tuple[str, str, list[str]]] = field(default_factory=list)
    timelines: str = ""
    tips: str = ""
    sources: list[str] = field(default_factory=list)
    verified: bool = False
    approved: bool = False
    by_authority: str = ""  # the authority's code, when it wrote the note itself

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_note(
    store: Store,
    state: str,
    lang: str = "en",
    requesting: str | None = None,
    on: str | None = None,
) -> BriefingNote:
    """The note on `state` in `lang`; with `requesting`, the instruments between the two
    states on `on` (default: today) from the finder."""
    note = briefing_note(store, state) or {}
    out = BriefingNote(state, lang, state_name(state, lang))
    entries = [
        directory.visible_entry(store, row["code"])
        for row in directory.list_entries(store, state=state)
    ]
    tr = translations(lang)
    langs: set[str] = set(note.get("languages") or [])
    channels = []
    for entry in entries:
        if not entry:
            continue
        out.authorities.append(
            [
                (tr.pgettext(NOTE_FIELD, label), choice_label(str(entry.get(name) or ""), lang))
                for name, label in AUTHORITY_FIELDS
                if entry.get(name)
            ]
        )
        langs |= set(entry.get("languages") or [])
        if entry.get("formats_channels"):
            channels.append(str(entry["formats_channels"]))
    out.languages = [language_name(code, lang) for code in sorted(langs)]
    typed = note.get("translations") or {}

    def local(key: str, original: str) -> str:
        return str(typed.get(f"{key}@{lang}") or original)

    out.channels = "\n".join(
        x for x in (local("channels", note.get("channels") or ""), *channels) if x
    )
    out.measures = [
        (assistance_label(key, lang), local(f"measures.{key}", text))
        for key, text in sorted((note.get("measures") or {}).items())
    ]
    if requesting:
        report = find_bases(store, requesting, state, on, lang=lang)
        out.instruments_heading = heading(
            "between",
            lang,
            a=state_name(requesting, lang),
            b=out.state_label,
            date=format_date(report.date, lang),
        )
        out.instruments = [
            (b.title, b.status_text, [*b.standing, *b.caveats]) for b in report.bases
        ]
    else:
        titles = {i["code"]: i.get(f"title_{lang}") or i["title_en"] for i in instruments(store)}
        for code, title in titles.items():
            lines = [
                f"{e['event']}: {e['date'] or '—'}" + ("" if e["verified"] == "yes" else " (?)")
                for e in events_for(store, state=state, instrument_code=code)
            ]
            if lines:
                out.instruments.append((title, "", lines))
    out.timelines = str(note.get("timelines") or "")
    out.tips = local("tips", str(note.get("tips") or ""))
    out.sources = [s for s in [str(note.get("source") or "")] if s]
    if note.get("written_by") == "authority":
        out.by_authority = str(note.get("proposed_by") or "")
        out.sources.insert(0, heading("by_authority", lang, code=out.by_authority))
    out.verified = note.get("verified") == "yes"
    out.approved = bool(note.get("approved"))
    return out


def own_state(store: Store) -> str | None:
    """This device's State, from its authority's directory entry (None if unknown)."""
    code = store.get_meta("authority")
    if not code or not store.exists(code):
        return None
    entry = directory.visible_entry(store, code)
    return str(entry.get("state") or "") or None if entry else None
