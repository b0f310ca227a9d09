"""Bad input through the real CLI: exit status 1 or 2, a clear message, and not one byte written.

"Not one byte": before and after each command, the WAL is folded into the
main file (checkpoint, then close, which removes the -wal file) and that
file is hashed; the logical dump of every table is compared as well. A
valid command is run through the same check to show that it sees writes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from client.paths import store_path

GOOD = {"direction": "incoming", "kind": "mla", "title": "Valid case"}


def fingerprint(db: Path) -> tuple[str, str]:
    conn = sqlite3.connect(db)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
        dump = "\n".join(conn.iterdump())
    finally:
        conn.close()
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    return hashlib.sha256(db.read_bytes()).hexdigest(), hashlib.sha256(dump.encode()).hexdigest()


def _first(db: Path, status: str) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT doc_id FROM cases WHERE status = ? ORDER BY doc_id", (status,)
        ).fetchone()[0]


def _fill(arg: str, ids: dict[str, str]) -> str:
    for key, value in ids.items():
        arg = arg.replace("{" + key + "}", value)
    return arg


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")
    return path


# (arguments, stdin, words the error message must contain); {draft} is a draft case id.
INVALID = {
    "unknown field": (["case", "new", "--json", "-"], json.dumps({**GOOD, "colour": "red"}), ["colour", "unknown field"]),
    "bad date": (["case", "new", "--json", "-"], json.dumps({**GOOD, "deadline": "2025-02-30"}), ["deadline", "YYYY-MM-DD"]),
    "impossible status value": (["case", "new", "--json", "-"], json.dumps({**GOOD, "status": "shipped"}), ["status", "shipped"]),
    "missing direction": (["case", "new", "--json", "-"], json.dumps({"kind": "mla"}), ["direction", "required"]),
    "malformed JSON": (["case", "new", "--json", "-"], '{"direction": "incoming",', ["not valid JSON"]),
    "bad person role": (["case", "new", "--json", "-"], json.dumps({**GOOD, "persons": [{"role": "villain"}]}), ["persons.role", "villain"]),
    "unknown assistance type": (["case", "new", "--json", "-"], json.dumps({**GOOD, "assistance_types": ["teleportation"]}), ["teleportation"]),
    "impossible transition": (["case", "update", "{draft}", "--set", "status=executed"], None, ["cannot go from 'draft' to 'executed'"]),
    "update unknown field": (["case", "update", "{draft}", "--set", "colour=red"], None, ["colour", "unknown field"]),
    "update bad JSON value": (["case", "update", "{draft}", "--set", "particulars={oops"], None, ["particulars", "not valid JSON"]),
    "update without =": (["case", "update", "{draft}", "--set", "title"], None, ["FIELD=VALUE"]),
    "update unknown id": (["case", "update", "0000000000000000", "--set", "title=x"], None, ["0000000000000000"]),
    "update a directory entry as a case": (["case", "update", "SN-CA", "--set", "title=x"], None, ["SN-CA", "not a case"]),
    "show unknown id": (["case", "show", "feedfacefeedface"], None, ["feedfacefeedface"]),
    "unknown directory entry": (["directory", "show", "XX-CA"], None, ["XX-CA"]),
    "bad status option": (["case", "list", "--status", "lost"], None, ["invalid choice"]),
}  # fmt: skip


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_input_is_refused_and_writes_nothing(
    name: str, run_cli, demo_data_dir: Path
) -> None:
    args, stdin, words = INVALID[name]
    db = store_path(demo_data_dir)
    ids = {"draft": _first(db, "draft")}
    args = [_fill(a, ids) for a in args]
    before = fingerprint(db)

    done = run_cli(*args, input=stdin, data_dir=demo_data_dir)

    assert done.returncode in (1, 2), done
    assert done.stdout == ""
    assert "error" in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert fingerprint(db) == before


@pytest.mark.parametrize(
    "args, stdin",
    [
        (["case", "new", "--json", "-"], json.dumps(GOOD)),
        (["case", "update", "{draft}", "--set", "notes=one more line"], None),
    ],
)
def test_the_check_sees_a_real_write(args, stdin, run_cli, demo_data_dir: Path) -> None:
    db = store_path(demo_data_dir)
    args = [_fill(a, {"draft": _first(db, "draft")}) for a in args]
    file_hash, dump_hash = fingerprint(db)
    assert run_cli(*args, input=stdin, data_dir=demo_data_dir).returncode == 0
    after = fingerprint(db)
    assert after[0] != file_hash and after[1] != dump_hash


def test_invalid_json_file_leaves_no_new_store(run_cli, tmp_path: Path) -> None:
    """Input is checked before the store is opened: a bad file creates no data directory."""
    target = tmp_path / "never"
    done = run_cli("--data-dir", target, "case", "new", "--json", _file(tmp_path, "{nope"))
    assert done.returncode == 1 and "not valid JSON" in done.stderr
    assert not target.exists()
