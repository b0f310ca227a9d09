"""Replacing a file another program holds open (Windows refuses while Word or an antivirus
has it) is tried again; when it stays held, one plain line says so and the earlier file is
untouched. Windows' refusal is played by making the standard library's `os.replace` raise
PermissionError, as it does there; the export itself (`entraide stats --csv`) is real."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import shared.files
from client.cases import create_case
from client.cli.main import main
from client.store import Store

EARLIER = b"earlier figures, kept open in a spreadsheet\n"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    store = Store(folder / "entraide.sqlite")
    create_case(store, {"direction": "incoming", "kind": "mla", "title": "Gel des avoirs"})
    store.close()
    return folder


def _held_open(monkeypatch: pytest.MonkeyPatch, target: Path, refusals: int | None) -> list[int]:
    """os.replace onto `target` fails `refusals` times (None: always); returns the attempts."""
    real_replace = os.replace
    attempts: list[int] = []

    def replace(src, dst, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if Path(dst) == target:
            attempts.append(1)
            if refusals is None or len(attempts) <= refusals:
                raise PermissionError(13, "The process cannot access the file", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(shared.files, "REPLACE_PAUSE", 0.01)  # the test need not wait 2 s
    return attempts


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".partial")]


def test_a_brief_hold_is_waited_out(data_dir, tmp_path, monkeypatch, capsys) -> None:
    target = tmp_path / "figures.csv"
    target.write_bytes(EARLIER)
    attempts = _held_open(monkeypatch, target, refusals=3)
    assert main(["--data-dir", str(data_dir), "stats", "--csv", str(target)]) == 0
    assert len(attempts) == 4  # three refusals, then the replace went through
    assert target.read_text(encoding="utf-8").startswith("figure,key,value")
    assert _leftovers(tmp_path) == []
    assert capsys.readouterr().err == ""


def test_a_file_held_for_good_gets_one_line_and_stays_as_it_was(
    data_dir, tmp_path, monkeypatch, capsys
) -> None:
    target = tmp_path / "figures.csv"
    target.write_bytes(EARLIER)
    attempts = _held_open(monkeypatch, target, refusals=None)
    assert main(["--data-dir", str(data_dir), "stats", "--csv", str(target)]) == 1
    assert len(attempts) == shared.files.REPLACE_ATTEMPTS
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        f"entraide: error: {target} is open in another program, which prevents replacing it:"
        " close it and try again"
    ]
    assert target.read_bytes() == EARLIER
    assert _leftovers(tmp_path) == []
