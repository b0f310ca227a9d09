"""The real CLI in a subprocess on real SQLite files: create, list, search, update, history."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from client.paths import store_path
from shared.schema.cases import OPEN_STATUSES

NEW_CASE = {
    "direction": "incoming",
    "kind": "mla",
    "title": "Escroquerie à la carte bancaire",
    "requesting_state": "GH",
    "requested_state": "SN",
    "our_ref": "SN/IN/TEST/0001",
    "assistance_types": ["bank_records"],
    "deadline": "2020-01-31",
    "persons": [{"role": "suspect", "name": "Kofi ÉKUÉ-TESTEUR"}],
    "summary": "Des paiements frauduleux par carte auraient été effectués à Accra.",
}


def _ok(done) -> str:
    assert done.returncode == 0, done.stderr
    return done.stdout


def _json(done):
    return json.loads(_ok(done))


def test_create_from_file_and_stdin_then_show(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "case.json"
    source.write_text(json.dumps(NEW_CASE), encoding="utf-8")
    first = _json(run_cli("case", "new", "--json", source, "--output-json"))["id"]
    second = _ok(
        run_cli("case", "new", "--json", "-", input=json.dumps({**NEW_CASE, "our_ref": "X2"}))
    ).strip()
    assert first != second and len(second) == 16

    shown = _json(run_cli("case", "show", first, "--json"))
    assert shown["title"] == NEW_CASE["title"] and shown["status"] == "draft"
    assert [p["name"] for p in shown["persons"].values()] == ["Kofi ÉKUÉ-TESTEUR"]
    assert "title: Escroquerie" in _ok(run_cli("case", "show", second))
    listed = _json(run_cli("case", "list", "--json"))
    assert {r["id"] for r in listed} == {first, second}


def test_list_filters_and_search_on_demo_data(run_cli, demo_data_dir: Path) -> None:
    def rows(*args):
        return _json(
            run_cli("case", "list", "--json", "--limit", "500", *args, data_dir=demo_data_dir)
        )

    def ids(*args):
        return sorted(r["id"] for r in rows(*args))

    everything = rows()
    assert len(everything) == 50

    def expected(keep) -> list[str]:
        return sorted(r["id"] for r in everything if keep(r))

    assert ids("--direction", "outgoing", "--status", "draft") == expected(
        lambda r: r["direction"] == "outgoing" and r["status"] == "draft"
    )
    assert ids("--state", "GH") == expected(
        lambda r: "GH" in (r["requesting_state"], r["requested_state"])
    )
    assert expected(lambda r: r["requested_state"] == "GH")  # the filter was not vacuous
    today = dt.date.today().isoformat()
    overdue = ids("--overdue")
    assert len(overdue) == 7
    assert overdue == expected(
        lambda r: r["status"] in OPEN_STATUSES and "" < r["deadline"] < today
    )
    # Search ignores case and accents, and matches word prefixes.
    pangolin = rows("--search", "PANGOLIN")
    assert pangolin and all("pangolin" in r["title"] for r in pangolin)
    assert (
        ids("--search", "cocaine")
        == ids("--search", "Cocaïne")
        == expected(lambda r: "Cocaïne" in r["title"])
    )
    page = _json(
        run_cli("case", "list", "--json", "--limit", "10", "--offset", "45", data_dir=demo_data_dir)
    )
    assert len(page) == 5


def test_update_then_history(run_cli) -> None:
    case_id = _ok(run_cli("case", "new", "--json", "-", input=json.dumps(NEW_CASE))).strip()
    done = _json(
        run_cli(
            "case",
            "update",
            case_id,
            "--set",
            "status=received",
            "--set",
            "deadline=2031-05-01",
            "--json",
        )
    )
    assert done == {"id": case_id, "changed": True}
    again = _json(run_cli("case", "update", case_id, "--set", "deadline=2031-05-01", "--json"))
    assert again["changed"] is False  # nothing differed: no new change
    _ok(run_cli("case", "update", case_id, "--set", 'particulars={"bank": "Banque X"}'))

    shown = _json(run_cli("case", "show", case_id, "--json"))
    assert shown["status"] == "received" and shown["deadline"] == "2031-05-01"
    assert shown["date_received"]  # filled in by the workflow
    assert shown["particulars"] == {"bank": "Banque X"}

    history = _json(run_cli("case", "history", case_id, "--json"))
    assert len(history) == 3
    assert history[1]["fields"]["status"] == {"before": "draft", "after": "received"}
    assert history[1]["fields"]["deadline"] == {"before": "2020-01-31", "after": "2031-05-01"}
    assert history[2]["fields"]["particulars"]["after"] == {"bank": "Banque X"}
    assert "status: 'draft' -> 'received'" in _ok(run_cli("case", "history", case_id))


def test_directory_commands(run_cli, demo_data_dir: Path) -> None:
    rows = _json(run_cli("directory", "list", "--json", data_dir=demo_data_dir))
    assert len(rows) == 17
    entry = _json(run_cli("directory", "show", "CV-CA", "--json", data_dir=demo_data_dir))
    assert (
        entry["state"] == "CV" and entry["languages"] == ["pt"] and entry["approval"] == "approved"
    )
    one = _json(run_cli("directory", "list", "--state", "NG", "--json", data_dir=demo_data_dir))
    assert [r["code"] for r in one] == ["NG-CA"]


def test_demo_command_loads_once(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    first = _json(run_cli("--data-dir", target, "demo", "--no-tui", "--json", "--cases", "30"))
    assert first["loaded"] and first["cases"] == 80 and first["generated"] == 30
    assert first["directory_entries"] == 17 and first["authority"] == "SN-CA"
    second = _json(run_cli("--data-dir", target, "demo", "--no-tui", "--json", "--cases", "30"))
    assert not second["loaded"] and second["cases"] == 80 and second["generated"] == 0
    assert "Demo data loaded" not in _ok(run_cli("--data-dir", target, "demo", "--no-tui"))


def test_data_dir_flag_wins_over_environment(run_cli, tmp_path: Path) -> None:
    env_dir, flag_dir = tmp_path / "from-env", tmp_path / "from-flag"
    _ok(
        run_cli(
            "--data-dir",
            flag_dir,
            "case",
            "new",
            "--json",
            "-",
            input=json.dumps(NEW_CASE),
            data_dir=env_dir,
        )
    )
    assert store_path(flag_dir).exists() and not env_dir.exists()
    _ok(run_cli("case", "new", "--json", "-", input=json.dumps(NEW_CASE), data_dir=env_dir))
    for directory in (env_dir, flag_dir):
        with sqlite3.connect(store_path(directory)) as conn:
            assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
