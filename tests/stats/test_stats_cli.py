"""`entraide stats`: the figures over the demo register, as JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from client.paths import store_path
from client.stats import case_statistics
from client.store import Store


def test_json_figures_match_the_register(run_cli, demo_data_dir: Path) -> None:
    result = run_cli("stats", "--json", data_dir=demo_data_dir)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["total"] == 50
    assert sum(count for _, count in figures["by_status"]) == 50
    assert dict(figures["by_direction"]).keys() == {"incoming", "outgoing"}
    store = Store(store_path(demo_data_dir))
    counted = store.conn.execute("SELECT count(*) FROM cases WHERE status = 'refused'").fetchone()[
        0
    ]
    assert dict(figures["by_status"])["refused"] == counted
    assert figures["median_days_to_completion"] == case_statistics(store).median_days_to_completion


def test_direction_filter(run_cli, demo_data_dir: Path) -> None:
    result = run_cli("stats", "--json", "--direction", "incoming", data_dir=demo_data_dir)
    figures = json.loads(result.stdout)
    assert figures["by_direction"] == [["incoming", figures["total"]]]


def test_csv_export_reads_back(run_cli, demo_data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "stats.csv"
    result = run_cli("stats", "--csv", target, data_dir=demo_data_dir)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == {"figure": "total", "key": "", "value": "50"}
    by_status = {r["key"]: int(r["value"]) for r in rows if r["figure"] == "by_status"}
    assert sum(by_status.values()) == 50


def test_unwritable_csv_is_a_clear_error(run_cli, demo_data_dir: Path, tmp_path: Path) -> None:
    result = run_cli("stats", "--csv", tmp_path / "missing" / "x.csv", data_dir=demo_data_dir)
    assert result.returncode == 1
    assert "missing does not exist" in result.stderr and "Traceback" not in result.stderr
