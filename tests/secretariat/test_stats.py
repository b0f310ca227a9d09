"""Network statistics over returns, their period filters, and the periodic report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from tui.test_i18n import english_leftovers

from client.stats.network import (
    Period,
    PeriodError,
    network_statistics,
    parse_period,
    percentile,
)
from client.store import Store, materialize
from shared.i18n import translations
from shared.i18n.labels import OFFENCE_CATEGORY

from .office import convert_to_pdf, docx_text, needs_soffice


def _ret(authority: str, **values: object) -> dict:
    base = {
        "authority": authority,
        "direction": "outgoing",
        "kind": "mla",
        "assistance_types": [],
        "reporting_state": authority[:2],
        "counterpart_state": "GH",
        "offence_categories": [],
        "legal_basis_category": "",
        "opened_month": "2026-08",
        "completed_month": "",
        "deadline_month": "",
        "days_to_completion": -1,
        "status": "sent",
        "outcome_category": "",
        "refusal_grounds": [],
        "urgency": "normal",
    }
    return {**base, **values}


def test_periods() -> None:
    assert parse_period("2026") == Period("2026-01", "2026-12")
    assert parse_period("2026-H2") == Period("2026-07", "2026-12")
    assert parse_period("2026-q3") == Period("2026-07", "2026-09")
    assert parse_period("2026-02") == Period("2026-02", "2026-02")
    for bad in ("2026-Q5", "26", "2026-13", "2026-H3", ""):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_figures(store: Store) -> None:
    returns = [
        _ret("SN-CA", legal_basis_category="untoc", offence_categories=["corruption"]),
        _ret("SN-CA", direction="incoming", counterpart_state="NG", legal_basis_category="uncac"),
        _ret("SN-CA", opened_month="2026-02", days_to_completion=10, status="executed"),
        _ret("GH-CA", days_to_completion=30, status="refused", refusal_grounds=["nationality"]),
        _ret("GH-CA", deadline_month="2026-09", status="received", direction="incoming"),
        _ret("GH-CA", opened_month="", status="draft"),  # a draft: no period holds it
    ]
    with store.write() as conn:  # as the store materializes returns it receives
        for i, record in enumerate(returns):
            code = record.pop("authority")
            materialize.refresh(conn, f"ret-{i}", "return", record, f"returns/{code}")
    all_time = network_statistics(store, today=dt.date(2026, 12, 1))
    assert all_time.total == 6
    assert network_statistics(store, authority="GH-CA").total == 3
    h2 = network_statistics(store, parse_period("2026-H2"), today=dt.date(2026, 12, 1))
    assert h2.total == 4
    assert h2.by_authority == [("GH-CA", 1, 1), ("SN-CA", 1, 1)]
    assert ("NG", "SN", 1) in h2.by_pair and ("SN", "GH", 1) in h2.by_pair
    assert h2.untoc_share == 0.5  # one of the two with a stated basis
    assert h2.overdue == 1
    assert h2.by_refusal_ground == [("nationality", 1)]
    assert h2.by_quarter == [("2026-Q3", 4)]
    assert (all_time.completed, all_time.median_days_to_completion) == (2, 20.0)
    assert all_time.p90_days_to_completion == 30.0
    assert percentile([5, 1, 9, 3, 7, 2, 8, 4, 6, 10], 90) == 9.0


def test_network_needs_a_secretariat_device(run_cli, demo_data_dir: Path) -> None:
    result = run_cli("stats", "--network", data_dir=demo_data_dir)
    assert result.returncode == 1 and "secretariat" in result.stderr
    assert "Traceback" not in result.stderr
    bad = run_cli("stats", "--period", "2026-Q9", data_dir=demo_data_dir)
    assert bad.returncode == 1 and bad.stderr.startswith("entraide: error:")


def test_own_figures_by_period_json_and_csv(run_cli, demo_data_dir: Path, tmp_path: Path) -> None:
    year = str(dt.date.today().year)
    result = run_cli("stats", "--period", year, "--json", data_dir=demo_data_dir)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["total"] > 0 and figures["by_offence"]
    narrower = json.loads(
        run_cli(
            "stats", "--from", f"{year}-12", "--to", f"{year}-12", "--json", data_dir=demo_data_dir
        ).stdout
    )
    assert narrower["total"] <= figures["total"]
    target = tmp_path / "f.csv"
    run_cli("stats", "--period", year, "--csv", target, data_dir=demo_data_dir)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {"figure": "total", "key": "", "value": str(figures["total"])} in rows
    assert any(r["figure"] == "by_offence" for r in rows)


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
@needs_soffice
def test_report_reads_back_translated_and_converts(
    run_cli, demo_data_dir: Path, tmp_path: Path, lang: str
) -> None:
    year = str(dt.date.today().year)
    target = tmp_path / f"report-{lang}.docx"
    result = run_cli(
        "stats",
        "report",
        "--period",
        year,
        "--lang",
        lang,
        "-o",
        target,
        "--json",
        data_dir=demo_data_dir,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["requests"] > 0
    text = docx_text(target)
    tr = translations(lang).gettext
    assert tr("Requests by authority") in text and "SN-CA" in text
    assert tr(OFFENCE_CATEGORY["corruption"]) in text or tr(OFFENCE_CATEGORY["fraud"]) in text
    if lang != "en":
        for english in ("Requests by authority", "Offence categories", "Summary", "Outcomes"):
            assert english not in text
        assert english_leftovers(text, lang) == []  # no interface string left in English
    convert_to_pdf(target, tmp_path)
    md = tmp_path / "r.md"
    run_cli(
        "stats",
        "report",
        "--period",
        year,
        "--format",
        "md",
        "--lang",
        lang,
        "-o",
        md,
        data_dir=demo_data_dir,
    )
    title = tr("Cooperation in criminal matters in the network: report for {period}")
    assert md.read_text(encoding="utf-8").startswith("# " + title.format(period=year))
