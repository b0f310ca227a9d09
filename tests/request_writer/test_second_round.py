"""Issue 13: documents an authority can sign, in the right language, with the right law.

One test (or a few) per item of the issue, on real stores, real .docx files read
back with python-docx, and LibreOffice/pdftotext where the layout is at stake.
"""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest

from client.cases import create_case, get_case, history, list_cases, update_case
from client.cases.queries import CaseFilter
from client.paths import store_path
from client.requests import check_request
from client.requests.export import RequestIncomplete, prepare, render_request
from client.requests.gate import record_override
from client.requests.rules import RULES_BY_ID
from client.requests.texts import text as doc_text
from client.store import Store
from client.store.migrations import MIGRATIONS, _statements
from shared.schema.validation import ValidationError

from .data import NG_ENTRY, SN_ENTRY, add_entry, extradition, make_own, mla_all, provisional
from .test_render import docx_text

MR_ENTRY = {
    **SN_ENTRY,
    "code": "MR-CA",
    "state": "MR",
    "languages": ["ar", "fr"],
    "authority_name": "مديرية الشؤون الجزائية والعفو، وزارة العدل",
    "address": "نواكشوط",
}
SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext is not installed: "
    "apt-get install -y libreoffice-writer-nogui poppler-utils",
)


def _ids(findings: list[Any]) -> set[str]:
    return {f.rule_id for f in findings}


@pytest.fixture
def own(store: Any) -> Any:
    add_entry(store, SN_ENTRY)
    make_own(store)
    return store


def _to_pdf(path: Path) -> Path:
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return path.with_suffix(".pdf")


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    # pdftotext wraps right-to-left runs in embedding marks; they are not text.
    return "".join(c for c in out.stdout if unicodedata.category(c) != "Cf")


# 1. Language ------------------------------------------------------------------------


def test_final_render_checks_the_language_it_is_rendered_in(own: Any, tmp_path: Path) -> None:
    case_id = create_case(own, mla_all().case)
    # French is Senegal's language: a final French request passes ...
    render_request(own, case_id, "docx", tmp_path / "fr.docx", "fr", final=True)
    # ... a final English one is blocked, though the directory's default is French.
    with pytest.raises(ValidationError, match="dir.language"):
        render_request(own, case_id, "docx", tmp_path / "en.docx", "en", final=True)
    assert not (tmp_path / "en.docx").exists()


def test_send_gate_checks_the_language_last_rendered(own: Any, tmp_path: Path) -> None:
    case_id = create_case(own, mla_all().case)
    render_request(own, case_id, "docx", tmp_path / "en.docx", "en")
    with pytest.raises(ValidationError, match="dir.language"):
        update_case(own, case_id, {"status": "sent"})
    render_request(own, case_id, "docx", tmp_path / "fr.docx", "fr")
    update_case(own, case_id, {"status": "sent"})


def test_free_text_in_another_language_is_a_warning_listing_the_parts() -> None:
    scenario = mla_all()
    scenario.case["text_language"] = "en"
    finding = next(f for f in check_request(scenario.case, scenario.entry, language="fr"))
    finding = {f.rule_id: f for f in check_request(scenario.case, scenario.entry, language="fr")}
    warning = finding["text.language"]
    assert not warning.blocking
    assert "exposé des faits" in warning.message("fr") and "finalité" in warning.message("fr")
    assert "English" in warning.message("en") and "French" in warning.message("en")
    quiet = check_request(scenario.case, scenario.entry, language="en")
    assert "text.language" not in _ids(quiet)


# 2. Who is asking ---------------------------------------------------------------------


def test_letterhead_and_contacts_are_the_requesting_authoritys(own: Any) -> None:
    case_id = create_case(own, mla_all().case)
    document = prepare(own, case_id, "en").document
    assert NG_ENTRY["address"] in document.letterhead
    assert prepare(own, case_id, "en").notices == ()


def test_another_authoritys_request_does_not_print_our_details(own: Any) -> None:
    case = mla_all().case
    case.update(requesting_state="GH", requesting_authority="Attorney-General's Office, Accra")
    case_id = create_case(own, case)
    prepared = prepare(own, case_id, "en")
    text = "\n".join(prepared.document.letterhead)
    assert NG_ENTRY["address"] not in text and NG_ENTRY["emails"] not in text
    assert "Attorney-General's Office, Accra" in text
    assert prepared.notices and "not this device's authority" in prepared.notices[0]
    assert doc_text("contact_details", "en") in prepared.document.missing


# 3. No placeholders in a final document -----------------------------------------------


def test_final_refuses_placeholders_and_names_the_fields(own: Any, tmp_path: Path) -> None:
    case = mla_all().case
    del case["particulars"]["signing_place"]
    case_id = create_case(own, case)
    with pytest.raises(RequestIncomplete) as refused:
        render_request(own, case_id, "docx", tmp_path / "f.docx", "fr", final=True)
    assert refused.value.missing == ["Lieu de signature"]
    assert not (tmp_path / "f.docx").exists()


def test_final_refuses_an_empty_addressee(store: Any, tmp_path: Path) -> None:
    make_own(store)
    case = mla_all().case
    case["requested_state"] = "GM"  # no directory entry, no authority named
    case_id = create_case(store, case)  # dir.entry is only a warning
    with pytest.raises(RequestIncomplete, match="To"):
        render_request(store, case_id, "md", tmp_path / "g.md", "en", final=True)


# 4. States are codes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Ghana", "GH"), ("Côte d'Ivoire", "CI"), ("Costa do Marfim", "CI"), ("sn", "SN")],
)
def test_state_names_map_to_codes(store: Any, typed: str, code: str) -> None:
    case_id = create_case(store, {"direction": "outgoing", "kind": "mla", "requested_state": typed})
    assert get_case(store, case_id)["requested_state"] == code
    assert [r["id"] for r in list_cases(store, CaseFilter(state=typed))] == [case_id]


def test_unknown_state_is_refused_with_suggestions(store: Any) -> None:
    with pytest.raises(ValidationError, match=r"did you mean: Senegal \(SN\)"):
        create_case(store, {"direction": "outgoing", "kind": "mla", "requested_state": "Senegl"})
    assert list_cases(store, CaseFilter()) == []


def test_cli_refuses_a_state_name_it_cannot_map(tmp_path: Path, run_cli: Any) -> None:
    source = tmp_path / "case.json"
    source.write_text(
        json.dumps({"direction": "outgoing", "kind": "mla", "requested_state": "Ghanna"})
    )
    result = run_cli("case", "new", "--json", str(source), data_dir=tmp_path)
    assert result.returncode != 0
    assert "Ghana (GH)" in result.stderr and "Traceback" not in result.stderr


def test_migration_turns_stored_names_into_codes(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE cases (requesting_state TEXT, requested_state TEXT)")
    conn.executemany(
        "INSERT INTO cases VALUES (?, ?)",
        [("Ghana", "Costa do Marfim"), ("sn", "Côte d'Ivoire"), ("Sénégal", "Mauritanie")],
    )
    sql = dict(MIGRATIONS)["0005-state-codes"]  # later migrations come after it
    for statement in _statements(sql):
        conn.execute(statement)
    rows = conn.execute("SELECT * FROM cases").fetchall()
    assert rows == [("GH", "CI"), ("SN", "CI"), ("SN", "MR")]


def test_requested_state_without_entry_is_a_finding(store: Any) -> None:
    case = mla_all().case
    case["requested_state"] = "GM"
    case_id = create_case(store, case)
    assert "dir.entry" in _ids(check_request(get_case(store, case_id), None))
    document = prepare(store, case_id, "en").document
    assert doc_text("addressee", "en") in document.missing  # not a silent blank addressee


# 5. Layout -------------------------------------------------------------------------------


def test_docx_is_a4_one_font_with_page_x_of_y(own: Any, tmp_path: Path) -> None:
    case_id = create_case(own, mla_all().case)
    render_request(own, case_id, "docx", tmp_path / "r.docx", "pt")
    word = docx.Document(str(tmp_path / "r.docx"))
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    fonts = {word.styles[n].font.name for n in ("Normal", "Heading 1", "Heading 2")}
    assert fonts == {"Times New Roman"}
    footer = section.footer.paragraphs[0]
    instructions = [
        f.get(docx.oxml.ns.qn("w:instr")).strip()
        for f in footer._p.iter(docx.oxml.ns.qn("w:fldSimple"))
    ]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Página ") and " de " in footer.text


def test_annexes_are_the_documents_marked_annexed(own: Any, tmp_path: Path) -> None:
    case = mla_all().case
    case["documents"]["d3"] = {"title": "Internal note", "kind": "other", "annexed": "no"}
    case_id = create_case(own, case)
    document = prepare(own, case_id, "en").document
    assert len(document.annexes) == 2 and not any("Internal note" in a for a in document.annexes)


def test_state_named_once_and_date_in_words(own: Any) -> None:
    case = mla_all().case
    case["requesting_authority"] = "Central Authority Unit, Abuja, Nigeria"
    case_id = create_case(own, case)
    document = prepare(own, case_id, "fr").document
    assert document.intro.count("Nigeria") == 1
    assert (
        "décembre" in document.place_date
        or any(
            m in document.place_date for m in ("janvier", "février", "mars", "avril", "mai", "juin")
        )
        or any(
            m in document.place_date
            for m in ("juillet", "août", "septembre", "octobre", "novembre")
        )
    )


def test_each_render_keeps_its_own_file(own: Any, tmp_path: Path) -> None:
    case_id = create_case(own, mla_all().case)
    first = render_request(own, case_id, "docx", tmp_path / "r.docx", "fr")
    second = render_request(own, case_id, "docx", tmp_path / "r.docx", "en")
    assert first["file"] != second["file"] and second["file"].endswith("r-v2.docx")
    assert Path(first["file"]).exists() and Path(second["file"]).exists()
    files = {r["file"] for r in get_case(own, case_id)["renders"].values()}
    assert files == {first["file"], second["file"]}


# 6. Extradition ----------------------------------------------------------------------------


def test_extradition_rules_apply_whatever_the_types_ticked() -> None:
    scenario = extradition()
    scenario.case["assistance_types"] = []
    del scenario.case["particulars"]["limitation"]
    assert "ext.limitation" in _ids(check_request(scenario.case, scenario.entry))
    # ... and an MLA case seeking extradition is an extradition.
    scenario.case.update(kind="mla", assistance_types=["extradition"])
    assert "ext.limitation" in _ids(check_request(scenario.case, scenario.entry))


def test_extradition_prints_court_case_number_and_assurances(own: Any) -> None:
    case_id = create_case(own, extradition().case)
    document = prepare(own, case_id, "en").document
    text = "\n".join(
        getattr(b, "text", "") + getattr(b, "value", "")
        for s in document.sections
        for b in s.blocks
    )
    assert "Federal High Court, Lagos" in text and "FHC/L/123C/2024" in text
    assert (
        doc_text("st_speciality", "en") in text and doc_text("st_dp_not_punishable", "en") in text
    )
    assert doc_text("st_nationals", "en") not in text  # a Nigerian, asked of Senegal


def test_national_of_the_requested_state_is_a_finding_and_gets_the_alternative(own: Any) -> None:
    case = extradition().case
    case["persons"]["p1"]["nationality"] = "sénégalaise"
    case_id = create_case(own, case)
    finding = {f.rule_id: f for f in check_request(get_case(own, case_id), SN_ENTRY)}[
        "ext.national"
    ]
    assert finding.source == "UNTOC art. 16(10)" and not finding.blocking
    headings = [s.heading for s in prepare(own, case_id, "fr").document.sections]
    assert doc_text("h_nationals", "fr") in headings


def test_provisional_arrest_has_no_assurance_section(own: Any) -> None:
    case_id = create_case(own, provisional().case)
    headings = [s.heading for s in prepare(own, case_id, "en").document.sections]
    assert doc_text("h_assurances", "en") not in headings


# 7. Types and fields -----------------------------------------------------------------------


def test_transfer_of_sentenced_persons_is_a_kind(own: Any) -> None:
    from .data import transfer_sentenced

    case_id = create_case(own, transfer_sentenced().case)
    assert check_request(get_case(own, case_id), SN_ENTRY) == []
    document = prepare(own, case_id, "fr").document
    assert document.title == doc_text("title_transfer_sentenced", "fr")


def test_legal_person_is_printed_as_one(own: Any) -> None:
    case = mla_all().case
    case["persons"]["c1"] = {
        "role": "suspect",
        "name": "Atlantic Shipping SARL",
        "person_type": "legal",
        "nationality": "Senegal",
        "identity_details": "RCCM SN-DKR-2019-B-1234",
    }
    case_id = create_case(own, case)
    path = Path(render_request(own, case_id, "md", Path(own.path).parent / "p.md", "fr")["file"])
    text = path.read_text(encoding="utf-8")
    assert "Atlantic Shipping SARL (personne morale, suspect)" in text
    assert "Numéro d'immatriculation et siège social" in text


def test_bad_person_type_is_refused(store: Any) -> None:
    with pytest.raises(ValidationError, match="person_type"):
        create_case(
            store,
            {
                "direction": "outgoing",
                "kind": "mla",
                "persons": [{"name": "X", "person_type": "firm"}],
            },
        )


def test_letter_rogatory_and_court_order_document_kinds(own: Any) -> None:
    case = mla_all().case
    del case["particulars"]["domestic_order"]
    case["documents"]["o"] = {"title": "Ordonnance du juge", "kind": "court_order"}
    case["documents"]["l"] = {
        "title": "CR n° 12/2025 du juge d'instruction",
        "kind": "letter_rogatory",
    }
    case_id = create_case(own, case)
    assert "seizure.domestic-order" not in _ids(check_request(get_case(own, case_id), SN_ENTRY))
    annexes = prepare(own, case_id, "fr").document.annexes
    assert any("commission rogatoire" in a for a in annexes)
    assert any("ordonnance judiciaire" in a for a in annexes)


def test_videoconference_of_a_suspect_is_a_warning() -> None:
    scenario = mla_all()
    scenario.case["particulars"]["witness_capacity"] = "accused"
    finding = {f.rule_id: f for f in check_request(scenario.case, scenario.entry)}["vc.suspect"]
    assert not finding.blocking and "witnesses and experts" in finding.message("en")


# 8. Citations --------------------------------------------------------------------------------


def test_citations_as_corrected() -> None:
    assert RULES_BY_ID["dir.language"].source.startswith("UNTOC art. 18(14)")
    assert RULES_BY_ID["dir.interpol"].source.startswith("UNTOC art. 18(13)")
    assert RULES_BY_ID["mla.procedure"].source == "UNTOC art. 18(15)(d)"
    assert RULES_BY_ID["freeze.confiscation-view"].source == "UNTOC art. 13(2); UNCAC art. 54(2)"
    assert (
        RULES_BY_ID["confiscation.order"].source
        == "UNTOC art. 13(1), 13(3)(b); UNCAC art. 55(1), 55(3)(b)"
    )
    assert RULES_BY_ID["mla.confidentiality"].severity == "warning"
    assert RULES_BY_ID["vc.suspect"].verified and not RULES_BY_ID["ext.national"].verified


# 9. Overrides ----------------------------------------------------------------------------------


def test_check_reports_overridden_findings_and_exits_0(tmp_path: Path, run_cli: Any) -> None:
    store = Store(store_path(tmp_path))
    try:
        add_entry(store, SN_ENTRY)
        make_own(store)
        case = mla_all().case
        case["purpose"] = ""
        case_id = create_case(store, case)
        record_override(store, case_id, "Purpose agreed by phone")
    finally:
        store.close()
    result = run_cli("request", "check", case_id, data_dir=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "OVERRIDDEN" in result.stdout and "Purpose agreed by phone" in result.stdout
    rows = json.loads(run_cli("request", "check", case_id, "--json", data_dir=tmp_path).stdout)
    assert [(r["rule_id"], r["overridden"]) for r in rows if r["severity"] == "blocking"] == [
        ("mla.purpose", True)
    ]


# 10. Particulars and history ---------------------------------------------------------------------


def test_set_one_particular_keeps_the_others(tmp_path: Path, run_cli: Any) -> None:
    store = Store(store_path(tmp_path))
    try:
        case_id = create_case(store, mla_all().case)
    finally:
        store.close()
    result = run_cli(
        "case", "update", case_id, "--set", "particulars.bank_name=Ecobank", data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(run_cli("case", "show", case_id, "--json", data_dir=tmp_path).stdout)
    assert shown["particulars"]["bank_name"] == "Ecobank"
    assert shown["particulars"]["account_holder"] == "Chidi Okafor"
    assert len(shown["particulars"]) == len(mla_all().case["particulars"])


def test_history_shows_only_what_changed(own: Any, tmp_path: Path) -> None:
    case_id = create_case(own, mla_all().case)
    render_request(own, case_id, "md", tmp_path / "a.md", "fr")
    render_request(own, case_id, "md", tmp_path / "b.md", "fr")
    update_case(
        own, case_id, {"particulars": {**get_case(own, case_id)["particulars"], "period": "2022"}}
    )
    entries = history(own, case_id)
    last_render = entries[-2].fields["renders"]
    assert last_render[0] == {} and len(last_render[1]) == 1  # the new render only
    assert entries[-1].fields["particulars"] == (
        {"period": "1 January 2022 to 30 June 2023"},
        {"period": "2022"},
    )


# 11. Arabic ----------------------------------------------------------------------------------------


def _arabic_case(store: Any) -> str:
    add_entry(store, MR_ENTRY)
    make_own(store)
    case = copy.deepcopy(mla_all().case)
    case.update(requested_state="MR", assistance_types=["bank_records"])
    return create_case(store, case)


def test_arabic_docx_is_right_to_left(store: Any, tmp_path: Path) -> None:
    case_id = _arabic_case(store)
    path = Path(render_request(store, case_id, "docx", tmp_path / "ar.docx", "ar")["file"])
    word = docx.Document(str(path))
    qn = docx.oxml.ns.qn
    body = word.element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)
    runs = list(body.iter(qn("w:r")))
    assert all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in runs)
    text = docx_text(path)
    assert doc_text("title_mla", "ar") in text and "موريتانيا" in text and "نيجيريا" in text
    assert not any("\u0660" <= c <= "\u0669" for c in text)  # Western digits throughout


def test_arabic_is_offered_only_where_the_directory_lists_it(own: Any, tmp_path: Path) -> None:
    case_id = create_case(own, mla_all().case)
    with pytest.raises(ValidationError, match="Arabic"):
        render_request(own, case_id, "docx", tmp_path / "ar.docx", "ar")


@needs_office
@pytest.mark.parametrize("lang", ["en", "fr", "pt", "ar"])
def test_rendered_documents_convert_and_read_in_order(
    store: Any, tmp_path: Path, lang: str
) -> None:
    case_id = _arabic_case(store)
    path = Path(render_request(store, case_id, "docx", tmp_path / f"r-{lang}.docx", lang)["file"])
    text = _pdf_text(_to_pdf(path))
    flat = " ".join(text.split())
    title = doc_text("title_mla", lang)
    assert (title if lang == "ar" else title.upper()) in flat  # LTR titles are set in capitals
    for key in ("st_urgent", "h_purpose"):
        assert doc_text(key, lang) in flat, key
    assert doc_text("page_of", lang).strip() in flat  # "page X of Y" in the document's language
    if lang == "ar":
        # Logical order: the sentence reads as typed, never reversed character by character.
        assert doc_text("st_urgent", "ar") in text
        assert doc_text("st_urgent", "ar")[::-1] not in text


def test_arabic_render_meets_an_arabic_only_state() -> None:
    scenario = mla_all()
    scenario.case["requested_state"] = "MR"
    scenario.entry = {**scenario.entry, "state": "MR", "languages": ["ar"]}
    assert "dir.language" in _ids(check_request(scenario.case, scenario.entry))  # French default
    assert "dir.language" not in _ids(check_request(scenario.case, scenario.entry, language="ar"))


def test_cli_final_render_names_the_fields_to_fill(tmp_path: Path, run_cli: Any) -> None:
    store = Store(store_path(tmp_path))
    try:
        add_entry(store, SN_ENTRY)
        make_own(store)
        case = mla_all().case
        del case["particulars"]["signing_place"]
        case_id = create_case(store, case)
    finally:
        store.close()
    out = tmp_path / "final.docx"
    result = run_cli(
        "request", "render", case_id, "--format", "docx", "-o", out, "--final", data_dir=tmp_path
    )
    assert result.returncode == 2 and not out.exists()
    assert "Lieu de signature" in result.stderr and "Traceback" not in result.stderr
    check = run_cli("request", "check", case_id, data_dir=tmp_path)
    assert "before a final render, fill: Lieu de signature" in check.stdout


def test_a_stored_state_name_is_read_as_its_code_and_rewritten_at_the_next_save(
    store: Any,
) -> None:
    # A case stored before codes were enforced (written below the validation, as old code did).
    case_id = create_case(store, {"direction": "outgoing", "kind": "mla"})
    store.update(case_id, {"requested_state": "Côte d'Ivoire"})
    assert store.read(case_id)["requested_state"] == "Côte d'Ivoire"
    assert get_case(store, case_id)["requested_state"] == "CI"
    update_case(store, case_id, {"title": "Trafic de cacao"})
    assert store.read(case_id)["requested_state"] == "CI"
