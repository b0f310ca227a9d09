"""The legal-basis finder on pairs of states and dates, on the shipped library."""

from __future__ import annotations

import json

import pytest

from client.library import find_bases, put_event, seed_library
from client.library.texts import TEXTS
from shared.i18n import LANGUAGES, translations


@pytest.fixture
def lib(store):
    seed_library(store)
    return store


def _codes(report, status=None):
    return [b.code for b in report.bases if status is None or b.status == status]


def test_only_untoc_and_reciprocity_for_trafficking_between_nigeria_and_benin(lib) -> None:
    report = find_bases(lib, "NG", "BJ", "2006-01-01", "trafficking_in_persons")
    assert _codes(report) == ["untoc", "reciprocity", "domestic_law"]
    untoc = report.bases[0]
    assert untoc.status == "in_force" and untoc.verified
    assert any("18(7)" in c and "paragraphs 9 to 29" in c for c in untoc.caveats)
    assert any("art. 3" in c for c in untoc.caveats)
    others = {b.code: b.status for b in report.others}
    assert others["uncac"] == "out_of_scope" and others["ecowas_mla_1992"] == "not_recorded"


def test_untoc_not_established_before_the_source_lists_the_party(lib) -> None:
    # Cabo Verde: a source lists it as a party by 15 March 2005, its date is not recorded.
    report = find_bases(lib, "NG", "CV", "2004-01-01")
    assert "untoc" not in _codes(report)
    assert {b.code: b.status for b in report.others}["untoc"] == "not_recorded"


def test_untoc_in_force_for_benin_thirty_days_after_its_ratification(lib) -> None:
    before = find_bases(lib, "NG", "BJ", "2004-09-28")
    assert {b.code: b.status for b in before.others}["untoc"] == "not_in_force"
    after = find_bases(lib, "NG", "BJ", "2004-09-29")
    assert after.best().code == "untoc" and after.best().status == "in_force"


def test_a_bilateral_treaty_with_an_unverified_date_is_offered_with_its_caveat(lib) -> None:
    report = find_bases(lib, "FR", "SN", "2020-01-01")
    treaty = next(b for b in report.bases if b.code == "fr_sn_justice_1974")
    assert treaty.status == "unverified" and not treaty.verified
    assert not [b for b in find_bases(lib, "FR", "ML", "2020-01-01").bases if b.code == treaty.code]


def test_uncac_enters_into_force_for_chad_thirty_days_after_accession(lib) -> None:
    before = find_bases(lib, "NG", "TD", "2018-07-01", "corruption")
    assert {b.code: b.status for b in before.others}["uncac"] == "not_in_force"
    after = find_bases(lib, "NG", "TD", "2018-08-01", "corruption")
    assert after.best().code == "uncac" and after.best().status == "in_force"


def test_corruption_prefers_uncac_and_other_offences_untoc(lib) -> None:
    assert find_bases(lib, "NG", "ML", "2024-06-01", "corruption").best().code == "uncac"
    assert find_bases(lib, "NG", "ML", "2024-06-01", "fraud").best().code == "untoc"


def test_ecowas_convention_before_and_after_29_january_2025(lib) -> None:
    # The secretariat records both ratifications (test data, flagged unverified).
    for state in ("NG", "ML"):
        put_event(
            lib,
            {
                "instrument": "ecowas_mla_1992",
                "state": state,
                "event": "ratification",
                "date": "",
                "source": "test record",
                "verified": "no",
            },
        )
    before = find_bases(lib, "NG", "ML", "2025-01-28")
    ecowas = next(b for b in before.bases if b.code == "ecowas_mla_1992")
    assert ecowas.status == "unverified"  # parties, dates unverified
    assert any("party, date unverified" in line for line in ecowas.standing)
    untoc = next(b for b in before.bases if b.code == "untoc")
    assert any("binds them" in c for c in untoc.caveats)  # 18(7): a treaty binds them
    after = find_bases(lib, "NG", "ML", "2025-01-29")
    ecowas = next(b for b in after.bases if b.code == "ecowas_mla_1992")
    assert ecowas.status == "uncertain"
    assert any("29 January 2025" in c and "unsettled" in c for c in ecowas.caveats)
    assert any("left ECOWAS with effect from 29 January 2025" in line for line in ecowas.standing)


def test_ecowas_members_without_recorded_ratification_are_flagged(lib) -> None:
    report = find_bases(lib, "SN", "GH", "2024-01-01")
    ecowas = next(b for b in report.others if b.code == "ecowas_mla_1992")
    assert ecowas.status == "not_recorded"
    assert "ECOWAS members" in ecowas.caveats[0]


def test_unverified_party_status_is_marked(lib) -> None:
    report = find_bases(lib, "TG", "NG", "2024-01-01", "fraud")
    untoc = next(b for b in report.bases if b.code == "untoc")
    assert untoc.status == "unverified" and not untoc.verified
    assert any("party, date unverified (unverified)" in line for line in untoc.standing)


def test_extradition_lists_extradition_instruments_only(lib) -> None:
    report = find_bases(lib, "NG", "ML", "2024-06-01", kind="extradition")
    codes = [b.code for b in report.bases + report.others]
    assert "ecowas_mla_1992" not in codes and "ecowas_extradition_1994" in codes
    untoc = next(b for b in report.bases if b.code == "untoc")
    assert any("16(5)" in c for c in untoc.caveats)


@pytest.mark.parametrize("lang", ["fr", "pt"])
def test_output_in_french_and_portuguese(lib, lang) -> None:
    report = find_bases(lib, "NG", "ML", "2025-06-01", lang=lang)
    english = find_bases(lib, "NG", "ML", "2025-06-01", lang="en")
    assert [b.code for b in report.bases] == [b.code for b in english.bases]
    assert report.bases[0].title != english.bases[0].title
    assert report.bases[0].caveats != english.bases[0].caveats


def test_every_text_exists_in_three_languages_with_the_same_placeholders() -> None:
    import string

    for key, message in TEXTS.items():
        texts = [translations(lang).gettext(message) for lang in LANGUAGES]
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts]
        assert texts[1] != message and texts[2] != message, key  # in the catalogs
        assert fields[0] == fields[1] == fields[2], key


def test_cli_bases_json_and_errors(run_cli, tmp_path) -> None:
    data = tmp_path / "d"
    assert run_cli("library", "seed", data_dir=data).returncode == 0
    done = run_cli(
        "library",
        "bases",
        "Nigeria",
        "BJ",
        "--date",
        "2006-01-01",
        "--offence-category",
        "trafficking_in_persons",
        "--json",
        data_dir=data,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [b["code"] for b in report["bases"]] == ["untoc", "reciprocity", "domestic_law"]
    text = run_cli(
        "library", "bases", "NG", "ML", "--date", "2025-06-01", "--lang", "fr", data_dir=data
    )
    assert "incertain le 1er juin 2025" in text.stdout
    bad = run_cli("library", "bases", "NG", "Atlantis", data_dir=data)
    assert (
        bad.returncode != 0 and "entraide: error:" in bad.stderr and "Traceback" not in bad.stderr
    )
    bad_date = run_cli("library", "bases", "NG", "ML", "--date", "2025-13-01", data_dir=data)
    assert bad_date.returncode != 0 and "Traceback" not in bad_date.stderr
