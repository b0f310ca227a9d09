"""Country briefing notes rendered in three languages, read back with python-docx and
converted by LibreOffice headless; Markdown too."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.library import seed_library
from client.library.briefing import build_note
from client.library.briefing_render import render_markdown, write_note
from tests.secretariat.office import convert_to_pdf, docx_text, needs_soffice

EXPECTED = {
    "en": (
        "Country briefing note: Mali",
        "Central authority and how to reach it",
        "uncertain on 2 December 2026",
        "Bank, financial and business records",
    ),
    "fr": (
        "Fiche pays\u00a0: Mali",
        "Autorité centrale et comment la joindre",
        "incertain le 2 décembre 2026",
        "Voie INTERPOL acceptée\u00a0: oui",
        "Indiquer la banque, le titulaire",
    ),
    "pt": (
        "Nota informativa por país: Mali",
        "Autoridade central e como a contactar",
        "incerto em 2 de dezembro de 2026",
        "Canal INTERPOL aceite: sim",
        "Indicar o banco, o titular",
    ),
}


@pytest.fixture
def lib(demo_store):
    seed_library(demo_store)
    return demo_store


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
def test_note_in_three_languages_reads_back(lib, tmp_path: Path, lang: str) -> None:
    note = build_note(lib, "ML", lang, requesting="SN", on="2026-12-02")
    path = write_note(note, tmp_path / f"ml-{lang}.docx", "docx")
    text = docx_text(path)
    for expected in EXPECTED[lang]:
        assert expected in text, (lang, expected)
    assert "Bamako" in text  # the authority's address, from the approved directory entry
    md = render_markdown(note)
    assert md.startswith("# ") and EXPECTED[lang][1] in md


@needs_soffice
def test_note_converts_to_pdf(lib, tmp_path: Path) -> None:
    for lang in ("en", "fr", "pt"):
        note = build_note(lib, "TD", lang, requesting="NG", on="2026-12-02")
        pdf = convert_to_pdf(write_note(note, tmp_path / f"td-{lang}.docx", "docx"), tmp_path)
        assert pdf.stat().st_size > 1000


def test_cli_exports_note(run_cli, demo_data_dir: Path, tmp_path: Path) -> None:
    assert run_cli("library", "seed", data_dir=demo_data_dir).returncode == 0
    out = tmp_path / "sn.md"
    done = run_cli(
        "library",
        "note",
        "SN",
        "--requesting",
        "NG",
        "--format",
        "md",
        "--out",
        str(out),
        "--lang",
        "pt",
        data_dir=demo_data_dir,
    )
    assert done.returncode == 0, done.stderr
    assert "Nota informativa por país: Senegal" in out.read_text(encoding="utf-8")
    bad = run_cli("library", "note", "Atlantis", data_dir=demo_data_dir)
    assert bad.returncode == 1 and "entraide: error:" in bad.stderr
