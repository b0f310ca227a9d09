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


def test_propose_note_of_the_own_state_only(run_cli, tmp_path: Path) -> None:
    """An authority's device proposes its own State's note with `propose-note`; another
    State's note is refused with a one-line error, and bad input changes nothing."""
    from nacl.signing import SigningKey

    from client.bundles import export_bundle, import_bundle
    from client.library import seed_library
    from client.paths import store_path
    from client.store import Store
    from tests.crypto.helpers import enrolled_store

    key = SigningKey.generate()
    sec = enrolled_store(tmp_path / "sec.sqlite", "WACAP", key, role="secretariat")
    seed_library(sec)
    data = tmp_path / "sn"
    data.mkdir()
    officer = enrolled_store(store_path(data), "SN-CA", key)
    import_bundle(officer, export_bundle(sec, tmp_path / "sec.bundle").path)
    officer.close()
    sec.close()

    made = run_cli(
        "library",
        "propose-note",
        "--set",
        "tips=Écrire en français.",
        "--set",
        "measures.freezing=Ordonnance du juge d'instruction.",
        "--json",
        data_dir=data,
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout) == {"id": "note-SN", "state": "SN", "approval": "proposed"}
    shown = json.loads(run_cli("library", "note", "SN", "--json", data_dir=data).stdout)
    assert shown["tips"] == "Écrire en français."
    for args in (
        ("GH", "--set", "tips=forged"),
        ("--set", "state=GH"),
        ("--set", "measures.teleportation=x"),
        ("--set", "tips"),
    ):
        bad = run_cli("library", "propose-note", *args, data_dir=data)
        assert bad.returncode != 0
        assert bad.stderr.startswith("entraide: error:") and "Traceback" not in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    store = Store(store_path(data))
    try:
        assert store.read("note-GH").get("tips") != "forged"
        assert store.read("note-SN")["tips"] == "Écrire en français."
    finally:
        store.close()
