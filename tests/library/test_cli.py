"""`entraide library` for browsing and for the secretariat's edits: JSON output, one-line
errors, and bad input leaves the stored library untouched."""

from __future__ import annotations

import json
from pathlib import Path


def test_browse_and_edit(run_cli, tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run_cli("library", "seed", "--no-approve", data_dir=data).returncode == 0
    pending = json.loads(run_cli("library", "pending", "--json", data_dir=data).stdout)
    assert len(pending) > 50
    instrument = next(p for p in pending if p["id"] == "instr-untoc")
    approved = run_cli(
        "library",
        "approve",
        "instr-untoc",
        "--version",
        instrument["version"],
        "--json",
        data_dir=data,
    )
    assert json.loads(approved.stdout)["state"] == "approved"
    shown = json.loads(run_cli("library", "show", "untoc", "--json", data_dir=data).stdout)
    assert shown["citation"].startswith("New York, 15 November 2000")
    assert any(e["state"] == "NG" and e["date"] == "2003-09-29" for e in shown["events"])
    mali = json.loads(run_cli("library", "state", "Mali", "--json", data_dir=data).stdout)
    assert any(e["event"] == "membership_end" and e["date"] == "2025-01-29" for e in mali)
    rejected = run_cli(
        "library",
        "reject",
        "event-untoc-tg-ratification",
        "--reason",
        "find the depositary's date",
        "--json",
        data_dir=data,
    )
    assert json.loads(rejected.stdout)["state"] == "rejected"
    made = run_cli(
        "library",
        "set-event",
        "--id",
        "event-untoc-gh-party_as_of",
        "--set",
        "instrument=untoc",
        "--set",
        "state=Ghana",
        "--set",
        "event=party_as_of",
        "--set",
        "date=2015-01-01",
        "--set",
        "source=UN Treaty Collection",
        "--set",
        "verified=yes",
        "--json",
        data_dir=data,
    )
    assert json.loads(made.stdout)["approval"] == "unreviewed"


def test_bad_input_is_one_line_and_stores_nothing(run_cli, tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run_cli("library", "seed", data_dir=data).returncode == 0
    before = run_cli("library", "state", "GH", "--json", data_dir=data).stdout
    for args in (
        (
            "set-event",
            "--set",
            "instrument=untoc",
            "--set",
            "state=Atlantis",
            "--set",
            "event=signature",
        ),
        ("set-event", "--set", "instrument=untoc", "--set", "state=GH", "--set", "event=eaten"),
        ("set-event", "--set", "instrument=untoc", "--set", "state=GH", "--set", "date=2015-02-30"),
        ("set-event", "--set", "instrument=untoc", "--set", "state=GH", "--set", "verified=yes"),
        ("set-instrument", "--set", "code=Not A Code"),
        ("show", "nothing"),
        ("approve", "no-such-record"),
        ("reject", "instr-untoc", "--reason", " "),
    ):
        done = run_cli("library", *args, data_dir=data)
        assert done.returncode == 1, (args, done.stdout)
        assert done.stderr.startswith("entraide: error:") and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert run_cli("library", "state", "GH", "--json", data_dir=data).stdout == before
