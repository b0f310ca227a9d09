#!/usr/bin/env python3
"""The project's task runner: sets up a virtual environment, then runs a task.

    python3 scripts/run.py demo     # install, then open the app on demo data
    python3 scripts/run.py demo --fresh   # the same, on a new, empty demo data folder
    python3 scripts/run.py test     # install with test tools, then lint and run every test
                                    # (and the sync tests again against PostgreSQL)
    python3 scripts/run.py bench    # install, then print every benchmark's figures

Works on Linux, macOS and Windows with only Python 3.10+ installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# The demo keeps its data here from one run to the next (`demo --fresh` starts anew).
DEMO_DATA = ROOT / ".demo-data"
BENCHMARKS = (
    "bench_store.py",
    "bench_sync.py",
    "bench_bundles.py",
    "bench_encryption.py",
    "bench_tui.py",
)


def run(*cmd: str | Path, **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)


def install_stamp(extras: str) -> str:
    """What the installed environment was made from: pyproject.toml and the extras asked for."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} [{extras}]"


def install(extras: str = "") -> None:
    """Create .venv and install the project, unless pyproject.toml has not changed since.

    The code itself is installed editable: changing it needs no reinstall. A test
    environment has every extra the demo needs, so a demo after a test run installs nothing.
    """
    stamp_file = VENV / "entraide-install.stamp"
    wanted = install_stamp(extras)
    done = stamp_file.read_text(encoding="utf-8").splitlines() if stamp_file.exists() else []
    if PYTHON.exists() and (wanted in done or (not extras and install_stamp("test") in done)):
        return
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "--editable", target)
    digest = wanted.split()[0]
    kept = [line for line in done if line.startswith(digest)]
    stamp_file.write_text("\n".join([*kept, wanted]) + "\n", encoding="utf-8")


def demo(args: list[str]) -> None:
    """The app on demo data, kept in one folder across runs; `--fresh` empties it first."""
    fresh = "--fresh" in args
    rest = [a for a in args if a != "--fresh"]
    data_dir = Path(rest.pop(0)) if rest and not rest[0].startswith("-") else DEMO_DATA
    if fresh and data_dir != DEMO_DATA:
        sys.exit("--fresh empties only the default demo folder; give a new folder instead")
    install()
    if fresh and data_dir.exists():
        shutil.rmtree(data_dir)
        print(f"Started a new demo data folder: {data_dir}")
    elif data_dir.exists():
        print(f"Demo data folder (kept from the last run; --fresh starts anew): {data_dir}")
    else:
        print(f"Demo data folder: {data_dir}")
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [str(PYTHON), "-m", "client.cli.main", "--data-dir", str(data_dir), "demo", *rest]
    if os.name == "nt":
        # execv on Windows starts a detached process; wait for the demo instead.
        sys.exit(subprocess.run(command, cwd=ROOT).returncode)
    os.execv(str(PYTHON), command)


def test(args: list[str]) -> None:
    install("test")
    sources = ("client", "sync_server", "shared", "tests", "scripts")
    run(PYTHON, "-m", "ruff", "check", *sources)
    run(PYTHON, "-m", "ruff", "format", "--check", *sources)
    run(BIN / "lint-imports")
    run(PYTHON, "-m", "mypy")  # the domain packages, as listed in pyproject.toml
    run(PYTHON, "-m", "pytest", *args)
    if not args:
        # The sync integration tests once more with the server on PostgreSQL (a real
        # server the tests start themselves; tests/storage covers both backends already).
        env = {**os.environ, "ENTRAIDE_TEST_DB": "postgresql"}
        run(PYTHON, "-m", "pytest", "tests/sync", env=env)


def bench(args: list[str]) -> None:
    install()
    for name in BENCHMARKS:
        script = ROOT / "scripts" / name
        if script.exists():
            run(PYTHON, script, *args)


TASKS = {"demo": demo, "test": test, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 scripts/run.py {{{'|'.join(TASKS)}}} [ARGS...]")
    try:
        TASKS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
