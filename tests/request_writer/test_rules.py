"""Every rule fires when its element is missing and stays quiet when it is there.

RULE_BASE names, for every rule, the complete request it is tested on; a rule
added to the table without an entry here fails `test_every_rule_has_cases`.
Rules whose check is "filled" or "particular" are broken by emptying their
parameter; the others have an explicit breaker in BREAKS.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from client.requests import RULES, RULES_BY_ID, check_request
from client.requests.checker import applicable
from client.requests.particulars import PARTICULARS_BY_KEY
from shared.i18n import LANGUAGES

from .data import BASES, Scenario

RULE_BASE = {
    "requested-state": "mla_all",
    "urgency-reason": "mla_all",
    "deadline-reason": "mla_all",
    "mla.requesting-authority": "mla_all",
    "mla.proceeding-nature": "mla_all",
    "mla.authority-conducting": "mla_all",
    "mla.offences": "mla_all",
    "mla.facts": "mla_all",
    "mla.assistance-types": "mla_all",
    "mla.assistance-description": "mla_all",
    "mla.persons": "mla_all",
    "mla.persons-nationality": "mla_all",
    "mla.persons-location": "mla_all",
    "mla.purpose": "mla_all",
    "mla.procedure": "mla_all",
    "mla.confidentiality": "mla_all",
    "mla.legal-basis": "mla_all",
    "mla.dual-criminality-coercive": "mla_all",
    "mla.dual-criminality": "mla_light",
    "mla.ecowas-time-limit": "mla_all",
    **{
        rule_id: "mla_all"
        for rule_id in (
            "hearing.person",
            "hearing.capacity",
            "hearing.questions",
            "hearing.oath",
            "vc.technical-contact",
            "vc.date",
            "service.documents",
            "service.addressee",
            "search.place",
            "search.items",
            "search.grounds",
            "freeze.assets",
            "freeze.link",
            "freeze.confiscation-view",
            "confiscation.order",
            "confiscation.assets",
            "trace.target",
            "trace.link",
            "bank.name",
            "bank.holder",
            "bank.accounts",
            "bank.period",
            "records.description",
            "examine.subject",
            "information.sought",
            "appearance.person",
            "transfer.person",
            "transfer.consent",
            "transfer.return",
            "proceedings.reasons",
            "jit.terms",
            "delivery.details",
            "edata.provider",
            "edata.identifiers",
            "edata.period",
        )
    },
    **{
        rule_id: "extradition"
        for rule_id in (
            "ext.requesting-authority",
            "ext.legal-basis",
            "ext.facts",
            "ext.offence-time",
            "ext.offence-place",
            "ext.classification",
            "ext.person",
            "ext.person-identity",
            "ext.person-nationality",
            "ext.person-location",
            "ext.law-text",
            "ext.penalty",
            "ext.limitation",
            "ext.warrant",
            "ext.dual-criminality",
            "dir.untoc-16-5",
        )
    },
    "prov.urgency": "provisional",
    "prov.undertaking": "provisional",
    "prov.location": "provisional",
    "text.language": "mla_all",
    "seizure.domestic-order": "mla_all",
    "vc.suspect": "mla_all",
    "ext.national": "extradition",
    **{
        rule_id: "transfer_sentenced"
        for rule_id in (
            "tsp.requesting-authority",
            "tsp.legal-basis",
            "tsp.person",
            "tsp.judgment",
            "tsp.sentence",
            "tsp.consent",
        )
    },
    "dir.entry": "mla_all",
    "dir.approved": "mla_all",
    "dir.language": "mla_all",
    "dir.channel": "mla_all",
    "dir.interpol": "mla_all",
    "dir.documents": "mla_all",
    "dir.information": "mla_all",
}


def _set(field: str, value: object) -> Callable[[Scenario], None]:
    def apply(s: Scenario) -> None:
        s.case[field] = value

    return apply


def _persons(key: str) -> Callable[[Scenario], None]:
    def apply(s: Scenario) -> None:
        for person in s.case["persons"].values():
            person[key] = ""

    return apply


def _persons_value(key: str, value: str) -> Callable[[Scenario], None]:
    def apply(s: Scenario) -> None:
        for person in s.case["persons"].values():
            person[key] = value

    return apply


def _drop_warrants(s: Scenario) -> None:
    s.case["documents"] = {
        k: v for k, v in s.case["documents"].items() if v["kind"] not in ("warrant", "judgment")
    }


def _scenario(**changes: object) -> Callable[[Scenario], None]:
    def apply(s: Scenario) -> None:
        for name, value in changes.items():
            setattr(s, name, value)

    return apply


def _channel_key(key: str, value: str) -> Callable[[Scenario], None]:
    def apply(s: Scenario) -> None:
        s.case["particulars"][key] = value

    return apply


def _channel(value: str) -> Callable[[Scenario], None]:
    return _channel_key("channel", value)


def _drop_particular(key: str) -> Callable[[Scenario], None]:
    def apply(s: Scenario) -> None:
        s.case["particulars"].pop(key, None)

    return apply


def _text_in(language: str) -> Callable[[Scenario], None]:
    def apply(s: Scenario) -> None:
        s.case["text_language"] = language

    return apply


BREAKS: dict[str, Callable[[Scenario], None]] = {
    "text.language": _text_in("en"),  # English text, French document (Senegal's default)
    "seizure.domestic-order": _drop_particular("domestic_order"),
    "vc.suspect": _channel_key("witness_capacity", "suspect"),
    "ext.national": _persons_value("nationality", "Senegalese"),
    "tsp.person": _set("persons", {}),
    "tsp.judgment": _set("documents", {}),
    "urgency-reason": _set("urgency_reason", ""),
    "deadline-reason": _set("deadline_reason", ""),
    "mla.assistance-types": _set("assistance_types", []),
    "mla.persons": _set("persons", {}),
    "mla.persons-nationality": _persons("nationality"),
    "mla.persons-location": _persons("location"),
    "mla.confidentiality": _set("confidentiality", ""),
    "mla.ecowas-time-limit": _set("deadline", ""),
    "ext.person": _set("persons", {}),
    "ext.person-identity": _persons("identity_details"),
    "ext.person-nationality": _persons("nationality"),
    "ext.person-location": _persons("location"),
    "ext.warrant": _drop_warrants,
    "prov.urgency": _set("urgency", "normal"),
    "prov.location": _persons("location"),
    "dir.entry": _scenario(entry=None),
    "dir.approved": _scenario(approved=False),
    "dir.language": _scenario(language="en"),
    "dir.channel": _channel(""),
    "dir.interpol": _channel("INTERPOL, NCB Dakar"),
    "dir.documents": _channel_key("directory_documents_checked", "no"),
    "dir.information": _channel_key("directory_information_checked", ""),
    "dir.untoc-16-5": _set("legal_basis", "UNTOC art. 16(4) (Palermo Convention)"),
}


def _break(rule_id: str, scenario: Scenario) -> None:
    rule = RULES_BY_ID[rule_id]
    if rule_id in BREAKS:
        BREAKS[rule_id](scenario)
    elif rule.check == "particular":
        del scenario.case["particulars"][rule.param]
    elif rule.check == "filled":
        scenario.case[rule.param] = ""
    else:
        raise AssertionError(f"no breaker for {rule_id}")


def _fired(scenario: Scenario) -> set[str]:
    findings = check_request(
        scenario.case, scenario.entry, language=scenario.language, entry_approved=scenario.approved
    )
    return {f.rule_id for f in findings}


def test_every_rule_has_cases() -> None:
    assert set(RULE_BASE) == {r.id for r in RULES}


def test_rule_ids_are_unique_and_sources_cited() -> None:
    assert len(RULES_BY_ID) == len(RULES)
    for rule in RULES:
        assert rule.severity in ("blocking", "warning")
        assert rule.source.startswith(
            ("UNTOC art. ", "UNCAC art. ", "ECOWAS MLA art. ", "directory: ")
        )
        # Translated in the app's catalogs (not left in English by a missing entry).
        assert all(rule.message_in(lang) != rule.message for lang in LANGUAGES[1:]), rule.id
        if rule.check == "particular":
            assert rule.param in PARTICULARS_BY_KEY


@pytest.mark.parametrize("base", sorted(BASES))
def test_complete_bases_have_no_findings(base: str) -> None:
    assert _fired(BASES[base]()) == set()


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_rule_quiet_when_element_present(rule_id: str) -> None:
    scenario = BASES[RULE_BASE[rule_id]]()
    assert applicable(RULES_BY_ID[rule_id], scenario.case), "the base must be one the rule concerns"
    assert rule_id not in _fired(scenario)


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_rule_fires_when_element_missing(rule_id: str) -> None:
    scenario = BASES[RULE_BASE[rule_id]]()
    _break(rule_id, scenario)
    assert rule_id in _fired(scenario)


def test_facts_not_required_for_service_only() -> None:
    scenario = BASES["mla_all"]()
    scenario.case.update(assistance_types=["service_of_documents"], summary="")
    assert "mla.facts" not in _fired(scenario)
    scenario.case["assistance_types"] = ["service_of_documents", "taking_evidence"]
    assert "mla.facts" in _fired(scenario)


def test_translation_satisfies_language_requirement() -> None:
    scenario = BASES["mla_all"]()
    scenario.language = "en"
    assert "dir.language" in _fired(scenario)
    scenario.case["documents"]["t"] = {"title": "Traduction française", "kind": "translation"}
    assert "dir.language" not in _fired(scenario)


def test_arabic_only_state_needs_translation() -> None:
    scenario = BASES["mla_all"]()
    scenario.case["requested_state"] = "MR"
    scenario.entry = {**scenario.entry, "state": "MR", "languages": ["ar"]}
    assert "dir.language" in _fired(scenario)


def test_directory_values_quoted_in_each_language() -> None:
    scenario = BASES["mla_all"]()
    scenario.language = "pt"
    finding = next(
        f
        for f in check_request(scenario.case, scenario.entry, language="pt")
        if f.rule_id == "dir.language"
    )
    assert "français" in finding.message("fr") and "francês" in finding.message("pt")
    assert "French" in finding.message("en") and "Portuguese" in finding.message("en")


def test_blocking_findings_come_first() -> None:
    scenario = BASES["mla_all"]()
    scenario.case.update(procedure_requested="", purpose="")
    severities = [f.severity for f in check_request(scenario.case, scenario.entry)]
    assert severities == sorted(severities)  # "blocking" < "warning"
    assert "blocking" in severities and "warning" in severities
