"""`python3 scripts/run.py demo`: one demo data folder kept across runs, no reinstall when
pyproject.toml has not changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "run.py"), "demo", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_demo_keeps_its_folder_and_does_not_reinstall(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    first = run_demo(str(folder), "--no-tui", "--no-server")
    assert first.returncode == 0, first.stderr
    assert "Demo data loaded" in first.stdout

    again = run_demo(str(folder), "--no-tui", "--no-server")
    assert again.returncode == 0, again.stderr
    assert "pip install" not in again.stdout  # nothing changed: nothing installed
    assert f"kept from the last run; --fresh starts anew): {folder}" in again.stdout
    assert "already holds data; nothing loaded" in again.stdout


def test_fresh_refuses_to_empty_a_folder_it_does_not_own(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_demo(str(tmp_path), "--fresh", "--no-tui")
    assert result.returncode != 0
    assert "--fresh empties only the default demo folder" in result.stderr
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
