"""The request writer's use of the legal library: propose the legal basis from the
finder, and warn (with the source) when the cited basis does not fit the request.

Warnings, never blocking: the library records only what the secretariat verified
and approved, and a drafter may know more. Nothing is said when the library holds
no instrument (a device that has not received it yet).

- `basis.not-in-force`: the cited instrument is not in force between the two states
  on the request's date (or its standing is uncertain, or not established).
- `basis.untoc-art3`: UNTOC is the only instrument in force and the request does not
  state the elements of art. 3 (transnational, organized criminal group, serious crime).
- `basis.better-fit`: the offence category fits another instrument in force better
  (corruption: UNCAC art. 46; drug trafficking: 1988 Convention art. 7).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from client.cases import get_case, update_case
from shared.i18n import LANGUAGES, N_, _, translations

from .checker import Finding
from .rules import WARNING

# How drafters cite each instrument (EN/FR/PT names and abbreviations).
CITED: dict[str, re.Pattern[str]] = {
    "untoc": re.compile(
        r"\b(UNTOC|CTO|Palerm[eo]|transnational organi[sz]ed crime|criminalit[ée] transnationale"
        r"|criminalidade organizada transnacional)",
        re.I,
    ),
    "uncac": re.compile(
        r"\b(UNCAC|CNUCC|M[ée]rida|against corruption|contre la corruption"
        r"|contra a corrup[çc][ãa]o)",
        re.I,
    ),
    "vienna_1988": re.compile(r"(\b1988\b|narcotic drugs|stup[ée]fiants|estupefacientes)", re.I),
    "ecowas_mla_1992": re.compile(
        r"(A/P\.?1/7/92|(ECOWAS|CEDEAO)[^;,.]*(mutual|entraide|assist[eê]ncia))", re.I
    ),
    "ecowas_extradition_1994": re.compile(r"(A/P\.?1/8/94|(ECOWAS|CEDEAO)[^;,.]*extradi)", re.I),
}
# UNTOC art. 3 elements as drafters write them (EN/FR/PT).
ART3_ELEMENTS = {
    "transnational": re.compile(
        r"transnationa|transnacion|cross-border|transfrontali|transfronteiri", re.I
    ),
    "group": re.compile(
        r"organi[sz]ed criminal group|criminal organi[sz]ation|groupe criminel organis|"
        r"organisation criminelle|grupo criminoso organizado|organiza[çc][ãa]o criminosa|"
        r"\barticle 2\(a\)|art\. 2\(a\)",
        re.I,
    ),
    "serious": re.compile(
        r"(four|4) years|quatre ans|4 ans|quatro anos|4 anos|serious crime|infraction grave|"
        r"infra[çc][ãa]o grave|crime grave",
        re.I,
    ),
}
BETTER_FIT = {"corruption": "uncac", "drug_trafficking": "vienna_1988"}
CATEGORY_NAMES = {"corruption": N_("corruption"), "drug_trafficking": N_("drug trafficking")}
_NAMES = {"untoc": "UNTOC", "uncac": "UNCAC", "vienna_1988": "1988 Convention"}


NOT_IN_FORCE = N_("The cited basis {title} is {status} ({a} -> {b}). {caveat}")
UNTOC_ART3 = N_(
    "UNTOC is the only instrument in force between the two states: state in the "
    "facts why the offence is transnational, involves an organized criminal group "
    "and is a serious crime (maximum penalty of at least four years), art. 3 and 2."
)
BETTER_FIT_MESSAGE = N_(
    "The offence ({category}) fits {title}, in force between the two states: "
    "cite it as the legal basis (alone or with the instrument cited)."
)


def request_date(case: dict[str, Any]) -> str:
    """The date the bases are judged on: when the request was sent (or received), else today."""
    for name in ("date_sent", "date_received"):
        if case.get(name):
            return str(case[name])
    return dt.date.today().isoformat()


def report_for(store: Any, case: dict[str, Any], lang: str = "en", library: Any = None) -> Any:
    """The finder's report for the case's two states and date, or None if it cannot say."""
    from client.library.finder import find_bases, load_library

    a = str(case.get("requesting_state") or "").upper()
    b = str(case.get("requested_state") or "").upper()
    if not a or not b:
        return None
    library = library or load_library(store)
    if not library[0]:
        return None
    categories = sorted(case.get("offence_categories") or [])
    fit = next((c for c in categories if c in BETTER_FIT), categories[0] if categories else "")
    kind = "extradition" if case.get("kind") == "extradition" else "mla"
    return find_bases(store, a, b, request_date(case), fit, kind, lang, library)


def propose(store: Any, case: dict[str, Any], lang: str = "en") -> Any:
    """The instrument the finder would cite first (None when only fall-backs remain)."""
    report = report_for(store, case, lang)
    return report.best() if report is not None else None


def cited_instruments(case: dict[str, Any]) -> list[str]:
    text = str(case.get("legal_basis") or "")
    found = [code for code, pattern in CITED.items() if pattern.search(text)]
    category = case.get("legal_basis_category") or ""
    if category in CITED and category not in found:
        found.append(category)
    return found


def legal_basis_findings(store: Any, case: dict[str, Any]) -> list[Finding]:
    from client.library.finder import load_library

    if not case.get("requesting_state") or not case.get("requested_state"):
        return []
    library = load_library(store)  # read once, asked in three languages
    reports = {lang: report_for(store, case, lang, library) for lang in LANGUAGES}
    report = reports["en"]
    if report is None:
        return []
    everything = {b.code: b for b in report.bases + report.others}
    findings: list[Finding] = []
    for code in cited_instruments(case):
        basis = everything.get(code)
        if basis is None or basis.status == "in_force" or basis.status == "unverified":
            continue
        messages = {}
        for lang, rep in reports.items():
            local = next(b for b in rep.bases + rep.others if b.code == code)
            messages[lang] = (
                translations(lang)
                .gettext(NOT_IN_FORCE)
                .format(
                    title=local.title,
                    status=local.status_text,
                    a=report.requesting,
                    b=report.requested,
                    caveat=(local.standing + local.caveats + [""])[0],
                )
                .strip()
            )
        findings.append(_finding("basis.not-in-force", messages, basis))
    in_force = [b for b in report.bases if b.status in ("in_force", "unverified", "uncertain")]
    if [b.code for b in in_force] == ["untoc"] and _missing_art3(case):
        untoc = in_force[0]
        findings.append(
            _finding(
                "basis.untoc-art3",
                {lang: translations(lang).gettext(UNTOC_ART3) for lang in LANGUAGES},
                untoc,
                source="UNTOC art. 3, 2(a)-(b)",
            )
        )
    cited = set(cited_instruments(case))
    for category in sorted(case.get("offence_categories") or []):
        better = BETTER_FIT.get(category)
        fit = everything.get(better or "")
        if fit is None or fit.status not in ("in_force", "unverified") or better in cited:
            continue
        if not cited:
            continue  # nothing cited yet: the proposal says it
        titles = {
            lang: next(b.title for b in rep.bases if b.code == better)
            for lang, rep in reports.items()
        }
        findings.append(
            _finding(
                "basis.better-fit",
                {
                    lang: translations(lang)
                    .gettext(BETTER_FIT_MESSAGE)
                    .format(
                        category=translations(lang).gettext(CATEGORY_NAMES[category]),
                        title=titles[lang],
                    )
                    for lang in reports
                },
                fit,
            )
        )
    return findings


def _missing_art3(case: dict[str, Any]) -> bool:
    text = " ".join(
        str(case.get(name) or "")
        for name in ("summary", "offences", "legal_basis", "dual_criminality", "proceeding_nature")
    )
    return not all(pattern.search(text) for pattern in ART3_ELEMENTS.values())


def _finding(rule_id: str, messages: dict[str, str], basis: Any, source: str = "") -> Finding:
    sources = "; ".join(basis.sources)
    return Finding(
        rule_id,
        WARNING,
        "legal_basis",
        messages,
        f"{source}; library: {sources}" if source else f"library: {sources}",
        basis.verified,
    )


def choose_basis(
    store: Any, case_id: str, code: str | None = None, lang: str = "en"
) -> dict[str, str]:
    """Write the chosen instrument (default: the proposal) into the case: its citation in
    `legal_basis` and its category in `legal_basis_category`."""
    from client.library import LibraryError

    case = get_case(store, case_id)
    report = report_for(store, case, lang)
    if report is None:
        raise LibraryError(_("the case needs both states, and the library must hold instruments"))
    choices = {b.code: b for b in report.bases}
    basis = choices.get(code) if code else report.best()
    if basis is None:
        raise LibraryError(
            _(
                "'{code}' is not a basis between {a} and {b} on {date}; choose one of: {codes}"
            ).format(
                code=code,
                a=report.requesting,
                b=report.requested,
                date=report.date,
                codes=", ".join(choices),
            )
        )
    citation = f"{basis.title}" + (f" ({basis.citation})" if basis.citation else "")
    values = {"legal_basis": citation, "legal_basis_category": basis.category}
    update_case(store, case_id, values)
    return values
