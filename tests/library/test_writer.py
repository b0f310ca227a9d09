"""The request writer uses the legal library: it proposes a basis, fills the category,
and warns (with the source) exactly when the cited basis does not fit."""

from __future__ import annotations

from typing import Any

import pytest

from client.cases import create_case, get_case
from client.library import seed_library
from client.requests import check_case
from client.requests.legal_basis import choose_basis, propose

BASIS_RULES = ("basis.not-in-force", "basis.untoc-art3", "basis.better-fit")


@pytest.fixture
def lib(store):
    seed_library(store)
    return store


def _case(store: Any, **values: Any) -> str:
    base = {
        "direction": "outgoing",
        "kind": "mla",
        "requesting_state": "NG",
        "requested_state": "BJ",
        "date_sent": "2024-03-01",
        "offences": "Trafficking in persons",
        "offence_categories": ["trafficking_in_persons"],
        "summary": "Women recruited in Lagos were moved to Cotonou.",
    }
    return create_case(store, {**base, **values})


def _basis_findings(store: Any, case_id: str) -> dict[str, Any]:
    return {f.rule_id: f for f in check_case(store, case_id) if f.rule_id in BASIS_RULES}


def test_proposes_untoc_and_fills_the_category(lib) -> None:
    case_id = _case(lib)
    assert propose(lib, get_case(lib, case_id)).code == "untoc"
    values = choose_basis(lib, case_id)
    case = get_case(lib, case_id)
    assert case["legal_basis_category"] == "untoc" == values["legal_basis_category"]
    assert "Transnational Organized Crime" in case["legal_basis"]


def test_untoc_alone_without_art3_elements_warns(lib) -> None:
    case_id = _case(lib, legal_basis="UNTOC art. 18")
    found = _basis_findings(lib, case_id)
    assert set(found) == {"basis.untoc-art3"}
    finding = found["basis.untoc-art3"]
    assert not finding.blocking and "UNTOC art. 3" in finding.source
    assert "quatre ans" in finding.message("fr")


def test_untoc_with_art3_elements_is_silent(lib) -> None:
    case_id = _case(
        lib,
        legal_basis="UNTOC art. 18",
        summary="A transnational network, an organized criminal group of five persons, moved "
        "women from Lagos to Cotonou; the offence carries up to 10 years (serious crime, "
        "more than four years).",
    )
    assert _basis_findings(lib, case_id) == {}


def test_cited_basis_not_in_force_on_the_date_warns_with_its_source(lib) -> None:
    # Chad acceded to UNCAC on 26 June 2018; in force for it from 26 July 2018.
    case_id = _case(
        lib,
        requested_state="TD",
        date_sent="2018-07-10",
        legal_basis="UNCAC art. 46",
        offences="Embezzlement of public funds",
        offence_categories=["corruption"],
    )
    found = _basis_findings(lib, case_id)
    assert "basis.not-in-force" in found
    assert "UNODC" in found["basis.not-in-force"].source
    later = _case(
        lib,
        requested_state="TD",
        date_sent="2018-08-10",
        legal_basis="UNCAC art. 46",
        offence_categories=["corruption"],
    )
    assert "basis.not-in-force" not in _basis_findings(lib, later)


def test_ecowas_basis_after_mali_left_warns_uncertain(lib) -> None:
    case_id = _case(
        lib,
        requested_state="ML",
        date_sent="2025-03-01",
        legal_basis="ECOWAS Convention on Mutual Assistance in Criminal Matters (A/P1/7/92)",
    )
    finding = _basis_findings(lib, case_id)["basis.not-in-force"]
    assert "uncertain" in finding.message("en") and "incertain" in finding.message("fr")


def test_corruption_case_citing_untoc_is_pointed_to_uncac(lib) -> None:
    case_id = _case(
        lib,
        requested_state="ML",
        date_sent="2024-03-01",
        legal_basis="UNTOC art. 18",
        offences="Bribery of a customs officer",
        offence_categories=["corruption"],
    )
    found = _basis_findings(lib, case_id)
    assert "basis.better-fit" in found
    assert "United Nations Convention against Corruption" in found["basis.better-fit"].message()
    fixed = _case(
        lib,
        requested_state="ML",
        date_sent="2024-03-01",
        legal_basis="UNCAC art. 46; UNTOC art. 18",
        offence_categories=["corruption"],
    )
    assert "basis.better-fit" not in _basis_findings(lib, fixed)


def test_without_a_library_the_writer_says_nothing_new(store) -> None:
    case_id = _case(store, legal_basis="UNTOC art. 18")
    assert _basis_findings(store, case_id) == {}


def test_cli_propose_and_choose(run_cli, tmp_path) -> None:
    import json

    data = tmp_path / "d"
    assert run_cli("library", "seed", data_dir=data).returncode == 0
    fields = {
        "direction": "outgoing",
        "kind": "mla",
        "requesting_state": "NG",
        "requested_state": "ML",
        "date_sent": "2024-03-01",
        "offence_categories": ["corruption"],
    }
    made = run_cli(
        "case", "new", "--json", "-", "--output-json", input=json.dumps(fields), data_dir=data
    )
    assert made.returncode == 0, made.stderr
    case_id = json.loads(made.stdout)["id"]
    shown = run_cli("library", "propose", case_id, "--json", data_dir=data)
    assert json.loads(shown.stdout)["bases"][0]["code"] == "uncac"
    chosen = run_cli("library", "propose", case_id, "--choose", "--json", data_dir=data)
    assert json.loads(chosen.stdout)["legal_basis_category"] == "uncac"
    wrong = run_cli("library", "propose", case_id, "--choose", "vienna_1988", data_dir=data)
    assert wrong.returncode == 1 and "entraide: error:" in wrong.stderr
