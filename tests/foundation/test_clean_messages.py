"""Situations the user must fix get one plain line, never a traceback, and leave nothing half-made.

A full disk, a store that is not one, a data folder that is a file, JSON that
is too deep or not text, two identical cases in one second, Automerge panicking
on foreign bytes, and a mistyped server address.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from disk_full import file_size_limit, fill_database, unfill_database
from hostile import PANIC_CHANGE

from client.cases import create_case, list_cases
from client.store import IncomingChange, Store
from client.store.storage_errors import StoreError
from client.sync.transport import HttpTransport, SyncError
from shared.files import atomic_file

CASE = {"direction": "incoming", "kind": "mla", "title": "Gel des avoirs"}


def _one_line_error(out) -> str:
    assert out.returncode != 0
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("entraide: error: "), out.stderr
    return lines[0]


# -- a full disk -------------------------------------------------------------------


def test_full_database_is_one_line_and_saves_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "entraide.sqlite")
    create_case(store, CASE)
    fill_database(store)
    before = store.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(StoreError, match="the disk is full: nothing was saved"):
        for i in range(200):  # until a page more is needed
            create_case(store, {**CASE, "summary": f"{i} " + "témoignage " * 9_000})
    assert store.conn.execute("SELECT count(*) FROM changes").fetchone()[0] >= before
    kept = {c["id"] for c in list_cases(store)}
    unfill_database(store)
    create_case(store, {**CASE, "title": "Après"})  # the store still works
    assert len(list_cases(store)) == len(kept) + 1
    store.close()


def test_atomic_file_leaves_nothing_when_the_disk_fills(tmp_path: Path) -> None:
    target = tmp_path / "figures.csv"
    target.write_bytes(b"earlier")
    with file_size_limit(64 * 1024), pytest.raises(OSError):
        with atomic_file(target) as out:
            for _ in range(64):
                out.write(b"x" * 4096)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.csv"]
    assert target.read_bytes() == b"earlier"


# -- stores, folders and input files that are not what they should be -----------------


def test_store_that_is_not_sqlite(tmp_path: Path, run_cli) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "entraide.sqlite").write_bytes(b"Bonjour, ceci est une lettre.\n" * 100)
    line = _one_line_error(run_cli("case", "list", data_dir=data))
    assert "not an Entraide store" in line


def test_store_that_is_a_folder(tmp_path: Path, run_cli) -> None:
    data = tmp_path / "data"
    (data / "entraide.sqlite").mkdir(parents=True)
    assert "is a folder" in _one_line_error(run_cli("case", "list", data_dir=data))


def test_data_dir_that_is_a_file(tmp_path: Path, run_cli) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("notes")
    assert "is a file, not a folder" in _one_line_error(run_cli("case", "list", data_dir=file))
    below = file / "entraide"
    assert "cannot create the data folder" in _one_line_error(
        run_cli("case", "list", data_dir=below)
    )


def test_deeply_nested_json_case_file(tmp_path: Path, run_cli) -> None:
    source = tmp_path / "case.json"
    source.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in _one_line_error(run_cli("case", "new", "--json", source))
    nested = run_cli("case", "update", "0" * 16, "--set", "title=" + "[" * 20_000 + "]" * 20_000)
    assert "nested too deeply" in _one_line_error(nested)


def test_lone_surrogate_in_a_case_file(tmp_path: Path, run_cli) -> None:
    source = tmp_path / "case.json"
    for field in ("title", "summary"):
        source.write_text(json.dumps({**CASE, field: "Dakar \\ud800"}).replace("\\\\", "\\"))
        line = _one_line_error(run_cli("case", "new", "--json", source))
        assert "surrogate" in line
    assert json.loads(run_cli("case", "list", "--json").stdout) == []
    # Bytes that are not UTF-8 on the command line arrive as lone surrogates too.
    source.write_text(json.dumps(CASE))
    case_id = run_cli("case", "new", "--json", source).stdout.strip()
    for assignment in ("title=Dakar \udcff", 'particulars={"bank": "B\udcff"}'):
        line = _one_line_error(run_cli("case", "update", case_id, "--set", assignment))
        assert "surrogate" in line


def test_lone_surrogate_refused_by_validation(tmp_path: Path) -> None:
    from shared.schema.validation import ValidationError

    store = Store(tmp_path / "entraide.sqlite")
    with pytest.raises(ValidationError, match="surrogate"):
        create_case(store, {**CASE, "summary": "Dakar \ud800"})
    store.close()


# -- unique documents -------------------------------------------------------------------


def test_identical_cases_in_the_same_second_are_two_cases(tmp_path: Path) -> None:
    store = Store(tmp_path / "entraide.sqlite")
    when = "2026-03-02T10:00:00+00:00"
    first = create_case(store, CASE, when=when)
    second = create_case(store, CASE, when=when)
    assert first != second
    assert {c["id"] for c in list_cases(store)} == {first, second}
    # Two case changes (their returns, one per case, are two more documents).
    cases = "SELECT count(DISTINCT hash) FROM changes WHERE space LIKE 'authority/%'"
    assert store.conn.execute(cases).fetchone()[0] == 2
    store.close()


def test_identical_case_new_through_the_cli(tmp_path: Path, run_cli) -> None:
    source = tmp_path / "case.json"
    source.write_text(json.dumps(CASE))
    for _ in range(3):
        assert run_cli("case", "new", "--json", source).returncode == 0
    assert len(json.loads(run_cli("case", "list", "--json").stdout)) == 3


# -- Automerge panicking on foreign bytes ------------------------------------------------


def test_automerge_panic_text_stays_off_stderr(tmp_path: Path, capfd) -> None:
    store = Store(tmp_path / "entraide.sqlite")
    claimed = hashlib.sha256(PANIC_CHANGE[8:]).digest()
    change = IncomingChange(claimed, "0123456789abcdef", "directory", "device", PANIC_CHANGE)
    result = store.apply_changes([change])
    assert result.applied == 0 and claimed.hex() in result.rejected
    err = capfd.readouterr().err
    assert "panicked" not in err and "backtrace" not in err, err
    os.write(2, b"still here\n")  # stderr itself is back in place
    assert capfd.readouterr().err == "still here\n"
    store.close()


# -- server addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("localhost:8000", "must start with http:// or https://"),
        ("htp://sync.example.org", "must start with http:// or https://"),
        ("http://", "names no server"),
        ("http://[sync", "not a valid web address"),
        ("http://sync.example.org:99999", "not a valid web address"),
        ("http://sync example.org", "no spaces"),
    ],
)
def test_bad_server_address_is_named(url: str, expected: str) -> None:
    with pytest.raises(SyncError, match="bad server address") as caught:
        HttpTransport(url)
    assert expected in str(caught.value)
    assert not caught.value.unreachable


def test_refused_connection_is_named(tmp_path: Path, run_cli) -> None:
    line = _one_line_error(run_cli("init", "--server", "http://127.0.0.1:1", "--code", "ABCD-EFGH"))
    assert "connection refused" in line and "during transfer" not in line
