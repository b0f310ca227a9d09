"""The legal-basis finder: which instruments bind two states on a date, with caveats.

Reads only what the secretariat approved (`records.library_items`). A state's standing
under an instrument comes from its dated party events; what the library does not
record is reported as "not established", never assumed. Statuses, best first:
in_force, unverified (applies but rests on an unverified fact), uncertain (e.g. the
ECOWAS conventions after 29 January 2025), then, not bases: not_in_force,
not_recorded, out_of_scope. Reciprocity and domestic law are always offered as
fall-backs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from shared.schema.states import state_name

from ..store import Store
from .records import events_for, instruments
from .texts import TEXTS, text

BASIS_STATUSES = ("in_force", "unverified", "uncertain")
OTHER_STATUSES = ("not_in_force", "not_recorded", "out_of_scope")
# Offence categories each scope covers (shared.schema.cases.OFFENCE_CATEGORIES).
SCOPE_CATEGORIES = {
    "corruption": {"corruption", "money_laundering"},
    "drugs": {"drug_trafficking", "money_laundering"},
}
PROTOCOL_CATEGORIES = {
    "untoc_tip": "trafficking_in_persons",
    "untoc_som": "migrant_smuggling",
    "untoc_firearms": "firearms",
}


@dataclass(frozen=True)
class Basis:
    """One instrument (or fall-back) and where it stands between the two states."""

    code: str
    category: str  # shared.schema.cases.LEGAL_BASIS_CATEGORIES
    status: str
    title: str
    citation: str
    status_text: str
    standing: list[str]  # one line per state
    caveats: list[str]
    sources: list[str]
    verified: bool  # every fact it rests on verified


@dataclass(frozen=True)
class BasisReport:
    requesting: str
    requested: str
    date: str
    kind: str
    offence_category: str
    lang: str
    bases: list[Basis] = field(default_factory=list)
    others: list[Basis] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def best(self) -> Basis | None:
        """The instrument to cite first: in force and verified, then the rest (fall-backs last)."""
        ranked = [b for b in self.bases if b.status in BASIS_STATUSES]
        return ranked[0] if ranked else None


@dataclass(frozen=True)
class _Standing:
    state: str
    status: str  # party | party_undated | not_yet | signatory | withdrawn | uncertain | no_record | unknown_before
    line: str
    verified: bool
    sources: tuple[str, ...]


def find_bases(
    store: Store,
    requesting: str,
    requested: str,
    date: str | None = None,
    offence_category: str = "",
    kind: str = "mla",
    lang: str = "en",
    library: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None,
) -> BasisReport:
    """`library`: (instruments, events) already read by `load_library`, to ask several
    questions of one reading."""
    on = date or dt.date.today().isoformat()
    loaded_items, events = library or load_library(store)
    items = {i["code"]: i for i in loaded_items}
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for event in events:
        by_key.setdefault((event["instrument"], event["state"]), []).append(event)

    found: list[Basis] = []
    for code, item in sorted(items.items(), key=lambda kv: _order(kv[1])):
        if item["instrument_kind"] == "organisation" or kind not in item["cooperation"]:
            continue
        if item["scope"] == "protocol" and PROTOCOL_CATEGORIES.get(code) != offence_category:
            continue  # a protocol only matters for its own offences
        found.append(
            _assess(item, requesting, requested, on, offence_category, kind, lang, by_key, items)
        )
    _add_18_7(found, kind, lang, on)
    bases = [b for b in found if b.status in BASIS_STATUSES]
    bases.sort(
        key=lambda b: (
            BASIS_STATUSES.index(b.status),
            not b.verified,
            _fit(items[b.code]["scope"], offence_category),
        )
    )
    bases += _fallbacks(lang)
    others = [b for b in found if b.status not in BASIS_STATUSES]
    return BasisReport(requesting, requested, on, kind, offence_category, lang, bases, others)


def load_library(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the finder reads: the instruments and party events this device relies on."""
    return instruments(store), events_for(store)


def _fit(scope: str, offence: str) -> int:
    """An instrument made for the offence first, then the general ones, then other
    specialised ones (UNCAC for a case with no offence category)."""
    if offence in SCOPE_CATEGORIES.get(scope, ()):
        return 0
    return 2 if scope in SCOPE_CATEGORIES else 1


def _order(item: dict[str, Any]) -> tuple[int, str]:
    rank = {"bilateral": 0, "multilateral": 1}.get(item["instrument_kind"], 2)
    return (rank, item["code"])


def _assess(
    item: dict[str, Any],
    a: str,
    b: str,
    on: str,
    offence: str,
    kind: str,
    lang: str,
    by_key: dict[tuple[str, str], list[dict[str, Any]]],
    items: dict[str, dict[str, Any]],
) -> Basis:
    code = item["code"]
    title = item.get(f"title_{lang}") or item["title_en"]
    caveats = _caveats(item, kind, lang)
    sources = [item["source"]] if item.get("source") else []
    if item["instrument_kind"] == "bilateral":
        pair = {s.strip().upper() for s in str(item.get("states") or "").split(",")}
        if pair != {a, b}:
            return _basis(item, "not_in_force", title, on, lang, [], caveats, sources, True)
    scope = item["scope"]
    if offence and scope in SCOPE_CATEGORIES and offence not in SCOPE_CATEGORIES[scope]:
        return _basis(item, "out_of_scope", title, on, lang, [], caveats, sources, True)

    org = item.get("organisation") or ""
    standings = [_standing(code, s, on, lang, by_key, org) for s in (a, b)]
    lines = [s.line for s in standings]
    verified = all(s.verified for s in standings) and item.get("verified") == "yes"
    for s in standings:
        sources += [x for x in s.sources if x not in sources]
    statuses = {s.status for s in standings}
    if statuses & {"not_yet", "signatory", "withdrawn"}:
        status = "not_in_force"
    elif "uncertain" in statuses:
        status = "uncertain"
    elif statuses & {"no_record", "unknown_before"}:
        status = "not_recorded"
        if org and all(_member(org, s, on, by_key) for s in (a, b)):
            caveats = [text("caveat_ecowas_members", lang), *caveats]
    elif statuses == {"party"} and verified:
        status = "in_force"
    else:
        status = "unverified"
    if org and (statuses & {"uncertain"} or any(_left(org, s, on, by_key) for s in (a, b))):
        caveats = [*caveats, text("caveat_ecowas_2025", lang)]
        lines += [
            _left_line(org, s, on, lang, by_key, items) for s in (a, b) if _left(org, s, on, by_key)
        ]
    return _basis(item, status, title, on, lang, lines, caveats, sources, verified)


def _basis(
    item: dict[str, Any],
    status: str,
    title: str,
    on: str,
    lang: str,
    lines: list[str],
    caveats: list[str],
    sources: list[str],
    verified: bool,
) -> Basis:
    return Basis(
        code=item["code"],
        category=item.get("legal_basis_category") or "other",
        status=status,
        title=title,
        citation=item.get("citation") or "",
        status_text=text(f"status_{status}", lang, date=on),
        standing=lines,
        caveats=caveats,
        sources=sources,
        verified=verified,
    )


def _standing(
    code: str,
    state: str,
    on: str,
    lang: str,
    by_key: dict[tuple[str, str], list[dict[str, Any]]],
    org: str,
) -> _Standing:
    name = state_name(state, lang)
    events = by_key.get((code, state), [])
    dated = sorted((e for e in events if e["date"]), key=lambda e: e["date"])

    def mark(event: dict[str, Any], line: str) -> str:
        return line if event["verified"] == "yes" else f"{line} {text('unverified_fact', lang)}"

    def make(status: str, key: str, event: dict[str, Any] | None, **values: str) -> _Standing:
        line = text(key, lang, state=name, **values)
        if event is None:
            return _Standing(state, status, line, False, ())
        return _Standing(
            state, status, mark(event, line), event["verified"] == "yes", (event["source"],)
        )

    for event in reversed(dated):
        if event["event"] == "withdrawal" and event["date"] <= on:
            if event["status"] == "uncertain":
                return make("uncertain", "state_uncertain", event, date=event["date"])
            return make("withdrawn", "state_withdrawn", event, date=event["date"])
    later = [e for e in dated if e["event"] == "entry_into_force" and e["date"] > on]
    if later and not any(e["event"] == "entry_into_force" and e["date"] <= on for e in dated):
        # Ratified, but the instrument takes effect for it only later (e.g. UNCAC art. 68(2)).
        return make("not_yet", "state_not_yet", later[0], date=later[0]["date"])
    for event in reversed(dated):
        if event["event"] in ("entry_into_force", "party_as_of") and event["date"] <= on:
            key = (
                "state_party_since" if event["event"] == "entry_into_force" else "state_party_as_of"
            )
            return make("party", key, event, date=event["date"])
        if event["event"] in ("ratification", "accession") and event["date"] <= on:
            return make("party", "state_party_since", event, date=event["date"])
    if org and _left(org, state, on, by_key):
        left = next(e for e in by_key.get((org, state), []) if e["event"] == "membership_end")
        return make("uncertain", "state_uncertain", left, date=left["date"])
    undated = [e for e in events if e["event"] in ("ratification", "accession") and not e["date"]]
    if undated:
        return make("party_undated", "state_party_undated", undated[0])
    as_of = [e for e in dated if e["event"] == "party_as_of" and e["date"] > on]
    if as_of:
        return make("unknown_before", "state_unknown_before", as_of[0], date=as_of[0]["date"])
    if any(e["event"] == "signature" for e in events):
        return make(
            "signatory", "state_signatory", next(e for e in events if e["event"] == "signature")
        )
    return make("no_record", "state_no_record", None)


def _member(
    org: str, state: str, on: str, by_key: dict[tuple[str, str], list[dict[str, Any]]]
) -> bool:
    events = by_key.get((org, state), [])
    joined = any(e["event"] == "membership" and (not e["date"] or e["date"] <= on) for e in events)
    return joined and not _left(org, state, on, by_key)


def _left(
    org: str, state: str, on: str, by_key: dict[tuple[str, str], list[dict[str, Any]]]
) -> bool:
    return any(
        e["event"] == "membership_end" and e["date"] and e["date"] <= on
        for e in by_key.get((org, state), [])
    )


def _left_line(
    org: str,
    state: str,
    on: str,
    lang: str,
    by_key: dict[tuple[str, str], list[dict[str, Any]]],
    items: dict[str, dict[str, Any]],
) -> str:
    event = next(e for e in by_key[(org, state)] if e["event"] == "membership_end")
    org_name = text(f"org_{org}", lang) if f"org_{org}" in TEXTS else org.upper()
    line = text(
        "state_left_org", lang, state=state_name(state, lang), org=org_name, date=event["date"]
    )
    return line if event["verified"] == "yes" else f"{line} {text('unverified_fact', lang)}"


def _caveats(item: dict[str, Any], kind: str, lang: str) -> list[str]:
    code, scope = item["code"], item["scope"]
    out = []
    if code == "untoc":
        out.append(text("caveat_untoc_scope", lang))
        if kind == "extradition":
            out.append(text("caveat_untoc_16", lang))
    elif scope == "protocol":
        out.append(text("caveat_protocol", lang))
    elif scope == "corruption":
        out.append(text("caveat_uncac", lang))
    elif scope == "drugs":
        out.append(text("caveat_1988", lang))
    if item.get("organisation"):
        out.append(text("caveat_ecowas", lang))
    if item["instrument_kind"] == "bilateral":
        out.append(text("caveat_bilateral", lang))
    return out


def _add_18_7(found: list[Basis], kind: str, lang: str, on: str) -> None:
    """UNTOC art. 18(7): say whether a mutual legal assistance treaty binds the two states."""
    if kind != "mla":
        return
    treaties = [
        b.title
        for b in found
        if b.code != "untoc"
        and b.status in ("in_force", "unverified")
        and b.category in ("bilateral_treaty", "ecowas_mla_1992")
    ]
    for i, basis in enumerate(found):
        if basis.code == "untoc" and basis.status in BASIS_STATUSES:
            extra = (
                text("caveat_untoc_18_7_treaty", lang, treaty="; ".join(treaties))
                if treaties
                else text("caveat_untoc_18_7_alone", lang)
            )
            found[i] = Basis(**{**asdict(basis), "caveats": [*basis.caveats, extra]})


def _fallbacks(lang: str) -> list[Basis]:
    return [
        Basis(
            "reciprocity",
            "reciprocity",
            "fallback",
            text("title_reciprocity", lang),
            "",
            text("status_fallback", lang),
            [],
            [text("caveat_reciprocity", lang)],
            [],
            True,
        ),
        Basis(
            "domestic_law",
            "domestic_law",
            "fallback",
            text("title_domestic", lang),
            "",
            text("status_fallback", lang),
            [],
            [text("caveat_domestic", lang)],
            [],
            True,
        ),
    ]
