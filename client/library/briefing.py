"""A country briefing note: what a requesting authority should know about one state,
assembled from the approved directory entries, the library and the secretariat's note."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from shared.schema.states import state_name

from .. import directory
from ..requests.texts import ASSISTANCE_LABELS, LANGUAGE_NAMES, choice_label, format_date
from ..store import Store
from .finder import find_bases
from .records import briefing_note, events_for, instruments
from .texts import _t

HEADINGS: dict[str, dict[str, str]] = {
    "title": _t("Country briefing note", "Fiche pays", "Nota informativa por país"),
    "authority": _t(
        "Central authority and how to reach it",
        "Autorité centrale et comment la joindre",
        "Autoridade central e como a contactar",
    ),
    "languages": _t("Languages accepted", "Langues acceptées", "Línguas aceites"),
    "channels": _t("Channels", "Voies de transmission", "Canais de transmissão"),
    "measures": _t(
        "What each measure requires",
        "Exigences par type de mesure",
        "Requisitos por tipo de medida",
    ),
    "instruments": _t(
        "Applicable instruments", "Instruments applicables", "Instrumentos aplicáveis"
    ),
    "timelines": _t("Typical timelines", "Délais habituels", "Prazos habituais"),
    "tips": _t("Practical tips", "Conseils pratiques", "Conselhos práticos"),
    "sources": _t("Sources and verification", "Sources et vérification", "Fontes e verificação"),
    "unverified": _t(
        "Not verified with the authority",
        "Non vérifié auprès de l'autorité",
        "Não verificado junto da autoridade",
    ),
    "by_authority": _t(
        "Written by the central authority itself ({code}).",
        "Rédigée par l'autorité centrale elle-même ({code}).",
        "Redigida pela própria autoridade central ({code}).",
    ),
    "none": _t("Not recorded.", "Non renseigné.", "Não registado."),
    "between": _t(
        "Between {a} and {b} on {date}", "Entre {a} et {b} le {date}", "Entre {a} e {b} em {date}"
    ),
    "no_entry": _t(
        "No approved directory entry.",
        "Aucune entrée approuvée dans l'annuaire.",
        "Nenhuma entrada aprovada no diretório.",
    ),
}
AUTHORITY_FIELDS = (
    ("authority_name", _t("Authority", "Autorité", "Autoridade")),
    ("address", _t("Address", "Adresse", "Morada")),
    ("phones", _t("Telephone", "Téléphone", "Telefone")),
    ("emails", _t("E-mail", "Courriel", "Correio eletrónico")),
    ("contact_person", _t("Contact", "Contact", "Contacto")),
    ("office_hours", _t("Office hours", "Heures d'ouverture", "Horário")),
    ("urgent_procedure", _t("Urgent requests", "Demandes urgentes", "Pedidos urgentes")),
    (
        "interpol_accepted",
        _t("INTERPOL channel accepted", "Voie INTERPOL acceptée", "Canal INTERPOL aceite"),
    ),
)


def heading(key: str, lang: str, **values: str) -> str:
    return HEADINGS[key].get(lang, HEADINGS[key]["en"]).format(**values)


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
    langs: set[str] = set(note.get("languages") or [])
    channels = []
    for entry in entries:
        if not entry:
            continue
        out.authorities.append(
            [
                (label[lang], choice_label(str(entry.get(name) or ""), lang))
                for name, label in AUTHORITY_FIELDS
                if entry.get(name)
            ]
        )
        langs |= set(entry.get("languages") or [])
        if entry.get("formats_channels"):
            channels.append(str(entry["formats_channels"]))
    out.languages = [LANGUAGE_NAMES.get(code, {}).get(lang, code) for code in sorted(langs)]
    tr = note.get("translations") or {}

    def local(key: str, original: str) -> str:
        return str(tr.get(f"{key}@{lang}") or original)

    out.channels = "\n".join(
        x for x in (local("channels", note.get("channels") or ""), *channels) if x
    )
    out.measures = [
        (ASSISTANCE_LABELS.get(key, {}).get(lang, key), local(f"measures.{key}", text))
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
