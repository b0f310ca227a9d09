"""`entraide directory pending|approve|reject|show|edition` through the real CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tui.test_i18n import english_leftovers

from client import directory
from client.paths import store_path
from client.store import Store
from shared.i18n import translations
from shared.i18n.labels import DIRECTORY_FIELD
from shared.schema.states import state_name

from .office import convert_to_pdf, docx_text, needs_soffice


def _json(result) -> object:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_review_cycle(run_cli, demo_data_dir: Path) -> None:
    run = lambda *a: run_cli("directory", *a, data_dir=demo_data_dir)  # noqa: E731
    assert _json(run("pending", "--json")) == []
    _json(run("propose", "--set", "phones=+221 33 1", "--json"))
    [item] = _json(run("pending", "--json"))
    assert item["code"] == "SN-CA" and item["approval"] == "proposed"
    assert [c["field"] for c in item["changes"]] == ["phones"]
    assert item["changes"][0]["after"] == "+221 33 1"
    text = run("pending").stdout
    assert "Telephone:" in text and "->  +221 33 1" in text
    _json(run("propose", "--set", "office_hours=8-16", "--json"))  # after the review
    approved = _json(run("approve", "SN-CA", "--version", item["version"], "--json"))
    assert approved["approval"] == "proposed"  # the later edit still waits
    shown = _json(run("show", "SN-CA", "--approved", "--json"))
    assert shown["phones"] == "+221 33 1" and shown["office_hours"] != "8-16"
    [left] = _json(run("pending", "--json"))
    assert [c["field"] for c in left["changes"]] == ["office_hours"]
    _json(run("reject", "SN-CA", "--reason", "hours must say the time zone", "--json"))
    mine = _json(run("show", "SN-CA", "--json"))
    assert mine["approval"] == "rejected"
    assert mine["rejection_reason"] == "hours must say the time zone"
    assert mine["office_hours"] == "8-16"  # the owner sees its own version...
    assert mine["approved_version"]["office_hours"] != "8-16"  # ...and the approved one


def test_bad_review_commands_are_one_line_errors(run_cli, demo_data_dir: Path) -> None:
    for args in (
        ("approve", "XX-CA"),
        ("approve", "SN-CA", "--version", "nothex"),
        ("reject", "SN-CA", "--reason", " "),
        ("show", "ZZ-CA"),
        ("edition", "--as-of", "2026-13-01", "-o", "x.md", "--format", "md"),
        ("new", "ML-CA", "--set", "state=ML"),
    ):
        result = run_cli("directory", *args, data_dir=demo_data_dir)
        assert result.returncode == 1, args
        assert result.stderr.startswith("entraide: error:"), result.stderr
        assert "Traceback" not in result.stderr


def test_secretariat_creates_a_new_authority(run_cli, demo_data_dir: Path) -> None:
    result = run_cli(
        "directory",
        "new",
        "XY-CA",
        "--set",
        "state=SN",
        "--set",
        "authority_name=New office",
        data_dir=demo_data_dir,
    )
    assert result.returncode == 0, result.stderr
    [item] = _json(run_cli("directory", "pending", "--json", data_dir=demo_data_dir))
    assert item["code"] == "XY-CA" and item["approved_version"] == ""


def test_csv_and_markdown_editions(run_cli, demo_data_dir: Path, tmp_path: Path) -> None:
    md, table = tmp_path / "ed.md", tmp_path / "ed.csv"
    info = _json(
        run_cli(
            "directory",
            "edition",
            "--as-of",
            "2099-12-31",
            "--format",
            "md",
            "--lang",
            "pt",
            "-o",
            md,
            "--json",
            data_dir=demo_data_dir,
        )
    )
    assert info["edition"] == "2099-2" and info["entries"] == 17
    text = md.read_text(encoding="utf-8")
    assert "## Senegal" in text  # the same name in Portuguese
    assert "Autoridade" in text
    run_cli(
        "directory",
        "edition",
        "--as-of",
        "2099-12-31",
        "--format",
        "csv",
        "-o",
        table,
        data_dir=demo_data_dir,
    )
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert {r["code"] for r in rows} >= {"SN-CA", "NG-CA"}
    empty = _json(
        run_cli(
            "directory",
            "edition",
            "--as-of",
            "2000-01-01",
            "--format",
            "md",
            "-o",
            md,
            "--json",
            data_dir=demo_data_dir,
        )
    )
    assert empty["entries"] == 0


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
@needs_soffice
def test_docx_edition_reads_back_translated_and_converts(
    run_cli, demo_data_dir: Path, tmp_path: Path, lang: str
) -> None:
    target = tmp_path / f"edition-{lang}.docx"
    result = run_cli(
        "directory",
        "edition",
        "--as-of",
        "2099-06-30",
        "--lang",
        lang,
        "-o",
        target,
        data_dir=demo_data_dir,
    )
    assert result.returncode == 0, result.stderr
    text = docx_text(target)
    tr = translations(lang).gettext
    assert "2099-1" in text and "2099-06-30" in text
    for label in (DIRECTORY_FIELD["languages"], DIRECTORY_FIELD["phones"]):
        assert tr(label) in text
    assert state_name("NG", lang) in text and state_name("CV", lang) in text
    if lang != "en":  # no English label left behind
        for name, english in DIRECTORY_FIELD.items():
            if tr(english) != english:
                assert f"\n{english}\n" not in f"\n{text}\n", name
        assert "Directory of competent national authorities" not in text
        # Nothing of the interface left in English: the entries' own words (Ghana's are
        # English) are data, so the lines that come from an entry are set aside first.
        store = Store(store_path(demo_data_dir))
        data = [
            json.dumps(directory.approved_entry(store, row["code"]), ensure_ascii=False)
            for row in directory.visible_entries(store)
        ]
        store.close()
        interface = [line for line in text.splitlines() if not any(line in d for d in data)]
        assert english_leftovers("\n".join(interface), lang) == []
    convert_to_pdf(target, tmp_path)


def test_another_authoritys_unapproved_edit_is_not_shown(run_cli, demo_data_dir: Path) -> None:
    """Everyone but the owner sees the approved version in every CLI view: a proposal of
    Ghana's that reached this (Senegalese) device is listed as pending, never shown."""
    store = Store(store_path(demo_data_dir))
    approved_phones = directory.approved_entry(store, "GH-CA")["phones"]
    store.update("GH-CA", {"phones": "+233 PROPOSED 1"})  # as Ghana's edit arrives by sync
    store.close()
    for args in (("show", "GH-CA"), ("show", "GH-CA", "--json"), ("list",), ("list", "--json")):
        result = run_cli("directory", *args, data_dir=demo_data_dir)
        assert result.returncode == 0, result.stderr
        assert "PROPOSED" not in result.stdout, args
    shown = _json(run_cli("directory", "show", "GH-CA", "--json", data_dir=demo_data_dir))
    assert shown["phones"] == approved_phones and "approved_version" not in shown
    assert shown["approval"] == "proposed"
