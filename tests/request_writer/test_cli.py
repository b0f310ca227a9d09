"""`entraide request ...` in a subprocess: exit codes, files written, the send gate and overrides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import pytest

from client.cases import create_case
from client.paths import store_path
from client.store import Store

from .data import SN_ENTRY, add_entry, make_own, mla_all


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "cli-data"
    directory.mkdir()
    return directory


def _seed(data_dir: Path, **changes: Any) -> str:
    store = Store(store_path(data_dir))
    try:
        add_entry(store, SN_ENTRY)
        make_own(store)
        case = mla_all().case
        case.update(changes)
        return create_case(store, case)
    finally:
        store.close()


def test_check_exit_status_and_json(run_cli: Any, data_dir: Path) -> None:
    complete = _seed(data_dir)
    result = run_cli("request", "check", complete, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "complete" in result.stdout

    gaps = _seed(data_dir, purpose="", procedure_requested="")
    result = run_cli("request", "check", gaps, "--json", "--lang", "fr", data_dir=data_dir)
    assert result.returncode == 2
    rows = json.loads(result.stdout)
    assert {(r["rule_id"], r["severity"], r["field"], r["source"]) for r in rows} == {
        ("mla.purpose", "blocking", "purpose", "UNTOC art. 18(15)(f)"),
        ("mla.procedure", "warning", "procedure_requested", "UNTOC art. 18(15)(d)"),
    }
    assert rows[0]["message"].startswith("Précisez la finalité")


def test_check_unknown_case_is_an_error(run_cli: Any, data_dir: Path) -> None:
    _seed(data_dir)
    result = run_cli("request", "check", "nope", data_dir=data_dir)
    assert result.returncode == 1
    assert "nope" in result.stderr


def test_render_writes_a_docx_python_docx_reads(
    run_cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    case_id = _seed(data_dir)
    out = tmp_path / "request.docx"
    result = run_cli(
        "request", "render", case_id, "--format", "docx", "-o", out, "--json", data_dir=data_dir
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["language"] == "fr"
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "DEMANDE D'ENTRAIDE JUDICIAIRE EN MATIÈRE PÉNALE" in paragraphs

    md = tmp_path / "request.md"
    result = run_cli(
        "request", "render", case_id, "--format", "md", "--lang", "en", "-o", md, data_dir=data_dir
    )
    assert result.returncode == 0
    assert "# Request for mutual legal assistance in criminal matters" in md.read_text(
        encoding="utf-8"
    )


def test_sent_refused_until_override_then_history_shows_it(run_cli: Any, data_dir: Path) -> None:
    case_id = _seed(data_dir, legal_basis="", purpose="")
    refused = run_cli("case", "update", case_id, "--set", "status=sent", data_dir=data_dir)
    assert refused.returncode == 1
    assert "mla.legal-basis" in refused.stderr and "mla.purpose" in refused.stderr
    shown = json.loads(run_cli("case", "show", case_id, "--json", data_dir=data_dir).stdout)
    assert shown["status"] == "draft" and shown["date_sent"] == ""

    final = run_cli(
        "request",
        "render",
        case_id,
        "--format",
        "md",
        "-o",
        data_dir / "r.md",
        "--final",
        data_dir=data_dir,
    )
    assert final.returncode == 2 and not (data_dir / "r.md").exists()

    no_reason = run_cli("request", "override", case_id, "--reason", "  ", data_dir=data_dir)
    assert no_reason.returncode == 1

    override = run_cli(
        "request",
        "override",
        case_id,
        "--reason",
        "Basis agreed by phone with DACG",
        "--json",
        data_dir=data_dir,
    )
    assert override.returncode == 0, override.stderr
    assert json.loads(override.stdout)["findings"] == "mla.purpose,mla.legal-basis"

    sent = run_cli("case", "update", case_id, "--set", "status=sent", data_dir=data_dir)
    assert sent.returncode == 0, sent.stderr
    history = json.loads(run_cli("case", "history", case_id, "--json", data_dir=data_dir).stdout)
    overrides = [e["fields"]["overrides"]["after"] for e in history if "overrides" in e["fields"]]
    assert len(overrides) == 1
    (item,) = overrides[0].values()
    assert item["reason"] == "Basis agreed by phone with DACG"
    assert item["findings"] == "mla.purpose,mla.legal-basis"


def test_rules_listing(run_cli: Any) -> None:
    result = run_cli("request", "rules", "--json")
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert {"id": "mla.facts", "source": "UNTOC art. 18(15)(c)"}.items() <= next(
        r for r in rows if r["id"] == "mla.facts"
    ).items()
