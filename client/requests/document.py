"""The request as a document model: one structure that the .docx and Markdown renderers share.

`build_document` turns a case (and the directory entries of both authorities)
into blocks and numbered sections in one language. The renderers only lay
the model out, so the Word file and the preview cannot say different things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Union

from shared.schema.cases import ASSISTANCE_TYPES
from shared.schema.states import nationality_states

from .checks import annexed_documents, case_kind
from .particulars import PARTICULARS, PARTICULARS_BY_KEY
from .texts import (
    DOCUMENT_KIND_LABELS,
    assistance_label,
    choice_label,
    document_kind_label,
    format_date,
    role_label,
    state_name,
    text,
)


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Labelled:
    """A label and its value ("Nationality: Nigerian"); the value may span lines."""

    label: str
    value: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = Union[Para, Labelled, Subheading, Bullets]  # noqa: UP007 (a runtime alias on 3.10)


@dataclass
class Section:
    number: int
    heading: str
    blocks: list[Block]


@dataclass
class RequestDocument:
    lang: str
    title: str
    letterhead: list[str]
    references: list[Labelled]
    addressee: list[str]
    banners: list[str]
    intro: str
    sections: list[Section] = field(default_factory=list)
    closing: str = ""
    annexes: list[str] = field(default_factory=list)
    place_date: str = ""
    signature: list[str] = field(default_factory=list)
    confidential: bool = False
    # Labels of the elements still printed as "[to be completed]": a final render refuses them.
    missing: list[str] = field(default_factory=list)

    @property
    def rtl(self) -> bool:
        return self.lang in RTL_LANGUAGES


RTL_LANGUAGES = ("ar",)

# Particulars printed in their own extradition sections rather than under a type heading.
_EXTRADITION_KEYS = (
    "offence_time",
    "offence_place",
    "law_text",
    "penalty",
    "limitation",
    "full_request_undertaking",
)


class _Builder:
    def __init__(self, case: dict[str, Any], lang: str) -> None:
        self.case = case
        self.lang = lang
        self.sections: list[Section] = []
        self.missing: list[str] = []

    def t(self, key: str, **values: str) -> str:
        return text(key, self.lang, **values)

    def value(self, name: str) -> str:
        raw = self.case.get(name)
        return raw.strip() if isinstance(raw, str) else ""

    def particular(self, key: str) -> str:
        raw = (self.case.get("particulars") or {}).get(key)
        return raw.strip() if isinstance(raw, str) else ""

    def or_blank(self, value: str, what: str = "") -> str:
        """The value, or the "to be completed" mark; `what` names the element for a final render."""
        if not value:
            self.missing.append(what or "?")
        return value or self.t("to_complete")

    def section(self, heading_key: str, blocks: list[Block]) -> None:
        if blocks:
            self.sections.append(Section(len(self.sections) + 1, self.t(heading_key), blocks))

    def labelled(self, label_key: str, value: str, required: bool = True) -> list[Labelled]:
        if not value and not required:
            return []
        return [Labelled(self.t(label_key), self.or_blank(value, self.t(label_key)))]

    def particular_block(self, key: str, required: bool = True) -> list[Block]:
        value = self.particular(key)
        if not value and not required:
            return []
        spec = PARTICULARS_BY_KEY[key]
        shown = choice_label(value, self.lang) if spec.choices else value
        return [Labelled(spec.label_in(self.lang), self.or_blank(shown, spec.label_in(self.lang)))]

    def items(self, name: str) -> list[dict[str, str]]:
        value = self.case.get(name) or {}
        rows = [v for v in value.values() if isinstance(v, dict)] if isinstance(value, dict) else []
        return rows

    def requested_state_national(self) -> bool:
        """A person sought holds the nationality of the requested state."""
        state = self.value("requested_state").upper()
        return any(
            state in nationality_states(p.get("nationality") or "")
            for p in self.items("persons")
            if p.get("role") in ("suspect", "accused")
        )


def build_document(
    case: dict[str, Any],
    lang: str,
    requested: dict[str, Any] | None = None,
    sender: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> RequestDocument:
    """The request in `lang`; `requested` and `sender` are the directory entries of both sides.

    `sender` is the entry of the authority making the request (the case's
    requesting authority), never simply this device's own: its address and
    contacts are printed only when they belong to the authority that asks.
    """
    b = _Builder(case, lang)
    today = today or dt.date.today()
    kind = case_kind(case)
    types = [t for t in ASSISTANCE_TYPES if t in (case.get("assistance_types") or [])]
    provisional = (
        kind == "extradition" and "provisional_arrest" in types and "extradition" not in types
    )

    requesting_state = state_name(b.value("requesting_state"), lang)
    requested_state = state_name(b.value("requested_state"), lang)
    authority = b.or_blank(
        b.value("requesting_authority") or (sender or {}).get("authority_name", ""),
        text("authority", lang),
    )
    addressee_name = (requested or {}).get("authority_name") or b.value("requested_authority")
    addressee_name = b.or_blank(addressee_name, text("addressee", lang))

    letterhead = [line for line in (requesting_state, authority) if line]
    if sender:
        letterhead += [sender.get(k, "") for k in ("address", "phones", "emails") if sender.get(k)]

    references = b.labelled("our_ref", b.value("our_ref"))
    references += b.labelled("their_ref", b.value("their_ref"), required=False)
    references += [Labelled(b.t("date"), format_date(today.isoformat(), lang))]
    references += (
        [Labelled(PARTICULARS_BY_KEY["channel"].label_in(lang), b.particular("channel"))]
        if b.particular("channel")
        else []
    )
    subject = b.value("title") or b.value("offences")
    references += b.labelled("subject", subject, required=False)

    addressee = [addressee_name]
    if requested and requested.get("address"):
        addressee.append(requested["address"])
    if requested_state and not _names(addressee, requested_state):
        addressee.append(requested_state)

    confidential = b.value("confidentiality") == "requested"
    banners = []
    if b.value("urgency") == "urgent":
        banners.append(b.t("banner_urgent"))
    if confidential:
        banners.append(b.t("banner_confidential"))

    variant = "provisional" if provisional else kind
    if variant not in ("mla", "extradition", "provisional", "transfer_sentenced"):
        variant = "mla"
    # "Procureur de la République, Dakar (Sénégal)" already names its state: say it once.
    requester = authority
    if requesting_state and not _names([authority], requesting_state):
        requester = f"{authority} ({requesting_state})"
    intro = b.t(f"intro_{variant}", requester=requester)

    b.section(
        "h_requesting",
        [
            *b.labelled("authority", authority),
            *b.labelled("state", requesting_state),
            *b.labelled("officer", b.value("assigned_officer"), required=False),
        ],
    )
    b.section("h_legal_basis", [Para(b.or_blank(b.value("legal_basis"), b.t("h_legal_basis")))])
    if kind == "extradition":
        _extradition_sections(b, types, provisional)
    elif kind == "transfer_sentenced":
        _transfer_sentenced_sections(b)
    else:
        _mla_sections(b, types)
    _common_sections(b, kind, sender)

    annexes = [_annex(doc, lang) for doc in sorted(annexed_documents(case), key=_annex_order)]
    officer = b.value("assigned_officer")
    signature = [line for line in (officer, authority) if line] + [b.t("signature")]
    place = b.or_blank(
        b.particular("signing_place"), PARTICULARS_BY_KEY["signing_place"].label_in(lang)
    )
    return RequestDocument(
        lang=lang,
        title=b.t(f"title_{variant}"),
        letterhead=letterhead,
        references=references,
        addressee=addressee,
        banners=banners,
        intro=intro,
        sections=b.sections,
        closing=b.t("st_closing"),
        annexes=annexes,
        place_date=b.t("place_date", place=place, date=format_date(today.isoformat(), lang)),
        signature=signature,
        confidential=confidential,
        missing=list(dict.fromkeys(b.missing)),
    )


def _names(lines: list[str], state: str) -> bool:
    """Whether the lines already name the state (case and accents as typed)."""
    return any(state.casefold() in line.casefold() for line in lines)


def _mla_sections(b: _Builder, types: list[str]) -> None:
    b.section(
        "h_proceedings",
        [
            *b.labelled("proceeding_nature", b.value("proceeding_nature")),
            *b.labelled("authority_conducting", b.value("authority_conducting")),
            *b.labelled("offences", b.value("offences")),
        ],
    )
    facts_needed = not types or set(types) != {"service_of_documents"}
    if b.value("summary") or facts_needed:
        b.section("h_facts", _paragraphs(b.or_blank(b.value("summary"), b.t("h_facts"))))
    b.section("h_dual_criminality", _paragraphs(b.value("dual_criminality")))
    b.section("h_persons", _persons(b))
    assistance: list[Block] = _paragraphs(
        b.or_blank(b.value("assistance_description"), b.t("h_assistance"))
    )
    printed: set[str] = set()
    for assistance_type in types:
        keys = [
            p.key
            for p in PARTICULARS
            if assistance_type in p.types
            and p.key not in printed
            and p.key not in _EXTRADITION_KEYS
        ]
        assistance.append(Subheading(assistance_label(assistance_type, b.lang)))
        for key in keys:
            assistance += b.particular_block(key)
        printed.update(keys)
    b.section("h_assistance", assistance)
    b.section("h_purpose", [Para(b.or_blank(b.value("purpose"), b.t("h_purpose")))])
    b.section("h_procedure", _paragraphs(b.value("procedure_requested")))


def _extradition_sections(b: _Builder, types: list[str], provisional: bool) -> None:
    b.section(
        "h_proceedings_ext",
        [*b.particular_block("court"), *b.particular_block("case_number")],
    )
    b.section(
        "h_person_sought", _persons(b, "sought") or [Para(b.or_blank("", b.t("h_person_sought")))]
    )
    b.section(
        "h_extradition_facts",
        [
            *_paragraphs(b.or_blank(b.value("summary"), b.t("h_extradition_facts"))),
            *b.particular_block("offence_time"),
            *b.particular_block("offence_place"),
        ],
    )
    b.section(
        "h_law",
        [
            *b.labelled("offences", b.value("offences")),
            *b.particular_block("law_text", required=not provisional),
            *b.particular_block("penalty"),
            *b.particular_block("limitation", required=not provisional),
        ],
    )
    b.section(
        "h_dual_criminality",
        _paragraphs(b.or_blank(b.value("dual_criminality"), b.t("h_dual_criminality"))),
    )
    warrants = [
        _annex(d, b.lang)
        for d in annexed_documents(b.case)
        if d.get("kind") in ("warrant", "judgment")
    ]
    b.section(
        "h_warrant",
        [Bullets(tuple(warrants))] if warrants else [Para(b.or_blank("", b.t("h_warrant")))],
    )
    if "provisional_arrest" in types:
        b.section(
            "h_provisional",
            [Para(b.t("st_provisional")), *b.particular_block("full_request_undertaking")],
        )
    if not provisional:
        b.section("h_assurances", _assurances(b))
    if b.requested_state_national():
        # UNTOC 16(10): a state that does not extradite its nationals must prosecute, if asked.
        b.section("h_nationals", [Para(b.t("st_nationals"))])
    b.section("h_persons", _persons(b, "others"))


def _assurances(b: _Builder) -> list[Block]:
    """Speciality, and the death penalty as the drafter stated it."""
    blocks: list[Block] = [Para(b.t("st_speciality"))]
    death = b.particular("death_penalty").lower()
    if death == "not_punishable":
        blocks.append(Para(b.t("st_dp_not_punishable")))
    elif death == "assurance":
        blocks.append(Para(b.t("st_dp_assurance")))
    else:
        blocks += b.particular_block("death_penalty")
    return blocks


def _transfer_sentenced_sections(b: _Builder) -> None:
    sentenced = _persons(b, "sentenced")
    b.section("h_sentenced", sentenced or [Para(b.or_blank("", b.t("h_sentenced")))])
    b.section("h_facts", _paragraphs(b.or_blank(b.value("summary"), b.t("h_facts"))))
    b.section(
        "h_law",
        [
            *b.labelled("offences", b.value("offences")),
            *b.particular_block("sentence_details"),
            *b.particular_block("sentenced_consent"),
        ],
    )
    judgments = [
        _annex(d, b.lang) for d in annexed_documents(b.case) if d.get("kind") == "judgment"
    ]
    b.section(
        "h_warrant",
        [Bullets(tuple(judgments))] if judgments else [Para(b.or_blank("", b.t("h_warrant")))],
    )
    b.section("h_persons", _persons(b, "others"))


def _common_sections(b: _Builder, kind: str, sender: dict[str, Any] | None) -> None:
    if b.value("confidentiality") == "requested":
        b.section("h_confidentiality", [Para(b.t("st_confidential"))])
    elif b.value("confidentiality") == "not_requested":
        b.section("h_confidentiality", [Para(b.t("st_not_confidential"))])
    timing: list[Block] = []
    if b.value("urgency") == "urgent":
        timing += [Para(b.t("st_urgent")), *b.labelled("urgency_reason", b.value("urgency_reason"))]
    if b.value("deadline"):
        timing += [
            Para(b.t("st_deadline", date=format_date(b.value("deadline"), b.lang))),
            *b.labelled("deadline_reason", b.value("deadline_reason")),
        ]
    b.section("h_time", timing)
    if kind == "mla":
        b.section("h_use", [Para(b.t("st_use"))])
    contact: list[Block] = [*b.labelled("officer", b.value("assigned_officer"))]
    details = ", ".join(
        sender.get(k, "")
        for k in ("contact_person", "phones", "emails")
        if sender and sender.get(k)
    )
    contact += b.labelled("contact_details", details)
    b.section("h_contact", contact)


def _persons(b: _Builder, which: str = "all") -> list[Block]:
    """Persons as blocks: "all", the person(s) sought, the sentenced person, or the "others"."""
    blocks: list[Block] = []
    for person in sorted(b.items("persons"), key=lambda p: (p.get("role", ""), p.get("name", ""))):
        role = person.get("role") or "other"
        main = role in ("suspect", "accused") if which != "sentenced" else role == "sentenced"
        if which in ("sought", "sentenced") and not main:
            continue
        if which == "others" and (role in ("suspect", "accused", "sentenced")):
            continue
        name = person.get("name", "").strip() or b.or_blank("", b.t("name"))
        legal = person.get("person_type") == "legal"
        capacity = role_label(role, b.lang)
        if legal:
            capacity = f"{b.t('legal_person')}, {capacity}"
        blocks.append(Subheading(f"{name} ({capacity})"))
        for key in ("nationality", "date_of_birth", "location", "identity_details"):
            value = (person.get(key) or "").strip()
            if key == "date_of_birth":
                value = format_date(value, b.lang) if value else ""
            label = {"nationality": "incorporation", "identity_details": "registration"}.get(
                key, key
            )
            blocks += b.labelled(label if legal else key, value, required=False)
    return blocks


def _paragraphs(value: str) -> list[Block]:
    return [Para(chunk.strip()) for chunk in value.split("\n\n") if chunk.strip()]


def _annex_order(doc: dict[str, str]) -> tuple[str, str]:
    return (doc.get("date", ""), doc.get("title", ""))


def _annex(doc: dict[str, str], lang: str) -> str:
    parts = [doc.get("title", "").strip() or document_kind_label(doc.get("kind", "other"), lang)]
    kind = doc.get("kind")
    if kind in DOCUMENT_KIND_LABELS and doc.get("title"):
        label = document_kind_label(kind, lang)
        if label.casefold() not in doc["title"].casefold():  # "Warrant of arrest No. 12" says it
            parts.append(label)
    if doc.get("date"):
        parts.append(format_date(doc["date"], lang))
    if doc.get("reference"):
        parts.append(f"{text('document_reference', lang)} {doc['reference']}")
    return " — ".join(p for p in parts if p)
