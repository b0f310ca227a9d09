"""The CLI on a Windows console: output never crashes on a console that cannot show a
character (cp1252 and an Arabic name), and files saved by Notepad with a byte-order mark are
read as if they had none (JSON input, passphrase files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from client.cli.common import read_text_input

REPO = Path(__file__).resolve().parents[2]
ARABIC = "محمد ولد أحمد"


def run_cp1252(data_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "ENTRAIDE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "cp1252"}
    return subprocess.run(
        [sys.executable, "-m", "client.cli.main", *args],
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=False,
    )


def test_arabic_name_on_a_cp1252_console_from_a_notepad_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = tmp_path / "case.json"
    case = {
        "direction": "incoming",
        "kind": "extradition",
        "title": f"Extradition {ARABIC}",
        "requesting_state": "MR",
        "persons": [{"role": "accused", "name": ARABIC}],
    }
    source.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8-sig")  # BOM
    created = run_cp1252(data, "case", "new", "--json", str(source))
    assert created.returncode == 0, created.stderr.decode("cp1252")
    case_id = created.stdout.decode("cp1252").strip()

    for command in (["case", "show", case_id], ["case", "list"]):
        shown = run_cp1252(data, *command)
        assert shown.returncode == 0, shown.stderr.decode("cp1252", "replace")
        assert b"Traceback" not in shown.stderr
        assert "Extradition" in shown.stdout.decode("cp1252")


def test_byte_order_mark_is_dropped_from_secret_and_input_files(tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text("trois baleines bleues\r\n", encoding="utf-8-sig")
    assert read_text_input(str(secret)).rstrip("\r\n") == "trois baleines bleues"
