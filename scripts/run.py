#!/usr/bin/env python3
"""The project's task runner: sets up a virtual environment, then runs a task.

    python3 scripts/run.py demo     # install, then open the app on demo data
    python3 scripts/run.py test     # install with test tools, then lint and run every test
    python3 scripts/run.py bench    # install, then print every benchmark's figures

Works on Linux, macOS and Windows with only Python 3.10+ installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
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


def install(extras: str = "") -> None:
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "--editable", target)


def demo(args: list[str]) -> None:
    install()
    data_dir = args[0] if args else tempfile.mkdtemp(prefix="entraide-demo-")
    print(f"Demo data directory: {data_dir}")
    os.execv(str(PYTHON), [str(PYTHON), "-m", "client.cli.main", "--data-dir", data_dir, "demo"])


def test(args: list[str]) -> None:
    install("test")
    sources = ("client", "sync_server", "shared", "tests", "scripts")
    run(PYTHON, "-m", "ruff", "check", *sources)
    run(PYTHON, "-m", "ruff", "format", "--check", *sources)
    run(BIN / "lint-imports")
    run(PYTHON, "-m", "pytest", *args)


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
