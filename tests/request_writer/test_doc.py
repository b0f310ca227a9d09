"""docs/request-writer.md holds the rule table exactly as scripts/doc_rules.py prints it now.

A rule added, removed or reworded in client/requests/rules.py without
regenerating the table (`.venv/bin/python scripts/doc_rules.py --write`) fails here.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from client.requests import RULES

REPO = Path(__file__).resolve().parent.parent.parent
SCRIPT = REPO / "scripts" / "doc_rules.py"
DOC = REPO / "docs" / "request-writer.md"


@pytest.fixture(scope="module")
def doc_rules() -> ModuleType:
    spec = importlib.util.spec_from_file_location("doc_rules", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_doc_table_matches_the_rule_table(doc_rules: ModuleType) -> None:
    in_doc = doc_rules.table_in(DOC.read_text(encoding="utf-8"))
    assert in_doc == doc_rules.rules_table(), (
        "the rule table in docs/request-writer.md is out of date: "
        "run `.venv/bin/python scripts/doc_rules.py --write`"
    )


def test_table_has_one_row_per_rule_in_order(doc_rules: ModuleType) -> None:
    rows = doc_rules.rules_table().splitlines()[2:]
    assert [row.split("|")[1].strip().strip("`") for row in rows] == [r.id for r in RULES]
    extradition_only = next(r for r in rows if r.startswith("| `ext.warrant` "))
    assert "| blocking | extradition requests | UNTOC art. 16(7) |" in extradition_only


def test_write_replaces_only_the_table(doc_rules: ModuleType, tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        f"before\n{doc_rules.START}\n| stale |\n{doc_rules.END}\nafter\n", encoding="utf-8"
    )
    doc_rules.write(doc)
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("before\n") and text.endswith("after\n")
    assert doc_rules.table_in(text) == doc_rules.rules_table()
    assert "| stale |" not in text


def test_markers_missing_is_a_clear_error(doc_rules: ModuleType, tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("no markers here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="markers"):
        doc_rules.write(doc)
    assert doc.read_text(encoding="utf-8") == "no markers here\n"


def test_script_prints_the_table() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "| Rule | Severity | Applies to | Source | Verified | Message (English) |"
    )
    assert len(result.stdout.splitlines()) == len(RULES) + 2
