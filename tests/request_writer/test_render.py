"""The rendered request, read back: every element entered, in the chosen language, nothing left in English."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest

from client.cases import create_case, get_case
from client.requests.export import prepare, render_request
from client.requests.particulars import PARTICULARS_BY_KEY
from client.requests.render_md import render_md
from client.requests.texts import (
    STATE_NAMES,
    assistance_label,
    choice_label,
    format_date,
    translate,
)
from client.requests.texts import text as doc_text
from shared.i18n import LANGUAGES as LANGS
from shared.i18n.extract import DOCUMENT_SOURCES, collect

from .data import SN_ENTRY, add_entry, extradition, mla_all

SHOWN_FIELDS = (
    "our_ref",
    "requesting_authority",
    "legal_basis",
    "proceeding_nature",
    "authority_conducting",
    "offences",
    "summary",
    "dual_criminality",
    "assistance_description",
    "purpose",
    "procedure_requested",
    "urgency_reason",
    "deadline_reason",
    "assigned_officer",
)
NOT_PRINTED = ("directory_documents_checked", "directory_information_checked")


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def entered_values(case: dict[str, Any], lang: str) -> list[str]:
    """What the drafter typed, as the document must show it (choices translated, dates written out)."""
    values = [case[name] for name in SHOWN_FIELDS if case.get(name)]
    for key, value in case["particulars"].items():
        if key in NOT_PRINTED:
            continue
        spec = PARTICULARS_BY_KEY[key]
        values.append(choice_label(value, lang) if spec.choices else value)
    for person in case["persons"].values():
        values += [person[k] for k in ("name", "nationality", "location", "identity_details")]
        values.append(format_date(person["date_of_birth"], lang))
    values += [d["title"] for d in case["documents"].values()]
    values.append(format_date(case["deadline"], lang))
    # Multi-paragraph texts are split into paragraphs; line breaks stay inside a paragraph.
    return [chunk.strip() for v in values for chunk in v.split("\n\n") if chunk.strip()]


def our_strings(lang: str) -> dict[str, set[str]]:
    """Each English string of ours (the document catalogs' msgids, the states' names) and
    its translations in `lang`."""
    pairs = [(m, translate(m, lang)) for m in collect(DOCUMENT_SOURCES)]
    pairs += [(t["en"], t[lang]) for t in STATE_NAMES.values()]
    strings: dict[str, set[str]] = {}
    for english, translation in pairs:
        strings.setdefault(english, set()).add(translation)
    return strings


def untranslated(text: str, typed: list[str], lang: str) -> list[str]:
    """English strings of ours left in a document in `lang` (the drafter's own words set aside)."""
    for value in sorted(typed, key=len, reverse=True):
        text = text.replace(value, " ")
    found = []
    for english, translations in our_strings(lang).items():
        if english in translations:
            continue  # the same word in both languages (e.g. "Extradition", "Togo")
        head = english.split("{")[0].strip()
        if len(head) >= 4 and re.search(rf"(?<!\w){re.escape(head)}(?!\w)", text):
            found.append(head)
    return found


@pytest.fixture
def mla_case(store: Any) -> str:
    add_entry(store, SN_ENTRY)
    return create_case(store, mla_all().case)


@pytest.mark.parametrize("lang", LANGS)
def test_docx_holds_every_element_in_the_language(
    store: Any, mla_case: str, tmp_path: Path, lang: str
) -> None:
    path = tmp_path / f"request-{lang}.docx"
    render_request(store, mla_case, "docx", path, lang)
    text = docx_text(path)
    case = get_case(store, mla_case)
    typed = entered_values(case, lang)
    missing = [v for v in typed if v not in text]
    assert missing == []
    for assistance_type in case["assistance_types"]:
        assert assistance_label(assistance_type, lang) in text
    assert doc_text("title_mla", lang).upper() in text
    assert doc_text("st_confidential", lang) in text and doc_text("st_urgent", lang) in text
    assert SN_ENTRY["authority_name"] in text  # the addressee, from the directory
    if lang != "en":
        assert untranslated(text, typed, lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_preview_holds_the_same(
    store: Any, mla_case: str, tmp_path: Path, lang: str
) -> None:
    path = tmp_path / f"request-{lang}.md"
    render_request(store, mla_case, "md", path, lang)
    text = path.read_text(encoding="utf-8").replace("  \n", "\n")
    typed = entered_values(get_case(store, mla_case), lang)
    assert [v for v in typed if v not in text] == []
    if lang != "en":
        assert untranslated(text, typed, lang) == []


def test_docx_and_markdown_come_from_one_model(store: Any, mla_case: str, tmp_path: Path) -> None:
    """Every block of the model is in both outputs, in the same order of sections."""
    document = prepare(store, mla_case, "pt").document
    render_request(store, mla_case, "docx", tmp_path / "r.docx", "pt")
    word = docx_text(tmp_path / "r.docx")
    markdown = render_md(document)
    headings = [f"{s.number}. {s.heading}" for s in document.sections]
    for out in (word, markdown):
        positions = [out.index(h) for h in headings]
        assert positions == sorted(positions)
    assert document.sections[0].heading == "Autoridade requerente"


def test_untranslated_detector_catches_english(store: Any, mla_case: str) -> None:
    """The check above can fail: an English heading in a French text is reported."""
    assert untranslated("Exposé des faits\nSummary of the facts", [], "fr") == [
        "Summary of the facts"
    ]


def test_default_language_comes_from_the_directory(
    store: Any, mla_case: str, tmp_path: Path
) -> None:
    item = render_request(store, mla_case, "docx", tmp_path / "r.docx")
    assert item["language"] == "fr"
    assert doc_text("title_mla", "fr").upper() in docx_text(tmp_path / "r.docx")


def test_renders_are_recorded_with_versions(store: Any, mla_case: str, tmp_path: Path) -> None:
    render_request(store, mla_case, "docx", tmp_path / "a.docx", "en")
    render_request(store, mla_case, "md", tmp_path / "b.md", "pt")
    renders = sorted(get_case(store, mla_case)["renders"].values(), key=lambda r: r["version"])
    assert [(r["version"], r["language"], r["format"]) for r in renders] == [
        ("1", "en", "docx"),
        ("2", "pt", "md"),
    ]
    assert renders[1]["file"] == str((tmp_path / "b.md").resolve())


def test_extradition_document_sections(store: Any, tmp_path: Path) -> None:
    add_entry(store, SN_ENTRY)
    case_id = create_case(store, extradition().case)
    render_request(store, case_id, "docx", tmp_path / "x.docx", "fr")
    text = docx_text(tmp_path / "x.docx")
    for key in (
        "h_person_sought",
        "h_extradition_facts",
        "h_law",
        "h_warrant",
        "h_dual_criminality",
    ):
        assert doc_text(key, "fr") in text
    assert "Warrant of arrest No. 12/2024" in text and "No limitation for felonies" in text
    assert (
        doc_text("h_use", "fr") not in text
    )  # the MLA speciality clause is not in an extradition request


def test_unwritable_path_is_a_clear_error(store: Any, mla_case: str, tmp_path: Path) -> None:
    from shared.errors import EntraideError

    with pytest.raises(EntraideError, match="missing-dir does not exist"):
        render_request(store, mla_case, "docx", tmp_path / "missing-dir" / "r.docx")
    assert get_case(store, mla_case)["renders"] == {}
