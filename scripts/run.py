#!/usr/bin/env python3
"""The project's task runner: sets up a virtual environment, then runs a task.

    python3 scripts/run.py demo     # install, then open the app on demo data
    python3 scripts/run.py demo --fresh   # the same, on a new, empty demo data folder
    python3 scripts/run.py test     # install with test tools, then lint and run every test
                                    # (and the sync tests again against PostgreSQL)
    python3 scripts/run.py test -m unit   # one tier only (unit, integration, tui)
    python3 scripts/run.py bench    # install, then print every benchmark's figures
    python3 scripts/run.py lock     # refresh requirements/*.txt from pyproject.toml

Installs come from the lock files requirements/server.txt (the app and its server:
demo, bench) and requirements/test.txt (that and the test tools): exact versions,
checked against their hashes; nothing is installed again until a lock file changes.

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
    "bench_reliability.py",
    "bench_bundle_bombs.py",
    "bench_network_stats.py",
    "bench_server_load.py",
    "bench_exchange.py",
    "bench_write_wait.py",
)


def run(*cmd: str | Path, **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)


REQUIREMENTS = ROOT / "requirements"
# Each environment: the lock file it installs from and the extras it was compiled with.
ENVIRONMENTS = {"server": ("server",), "test": ("server", "postgres", "test")}
LOCK_TOOL = "uv>=0.5,<1"  # resolves for every platform and Python 3.10+ at once


def lock_file(environment: str) -> Path:
    return REQUIREMENTS / f"{environment}.txt"


def install_stamp(environment: str) -> str:
    """What an environment is made from: its lock file and pyproject.toml (entry points)."""
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", lock_file(environment)):
        digest.update(path.read_bytes())
    return f"{digest.hexdigest()} [{environment}]"


def install(environment: str) -> None:
    """Create .venv and install an environment from its lock file, unless already done.

    The pinned, hash-checked requirements first, then the project itself, editable and
    without dependencies (changing the code needs no reinstall). The test environment
    holds all the server one does, so a demo after a test run installs nothing.
    """
    stamp_file = VENV / "entraide-install.stamp"
    done = stamp_file.read_text(encoding="utf-8").splitlines() if stamp_file.exists() else []
    wanted = install_stamp(environment)
    if PYTHON.exists() and (wanted in done or install_stamp("test") in done):
        return
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    pip = (PYTHON, "-m", "pip", "install", "--quiet")
    run(*pip, "--require-hashes", "--requirement", lock_file(environment))
    run(*pip, "--no-deps", "--editable", ".")
    current = {install_stamp(name) for name in ENVIRONMENTS}  # older stamps are dropped
    kept = [line for line in done if line in current and line != wanted]
    stamp_file.write_text("\n".join([*kept, wanted]) + "\n", encoding="utf-8")


def lock(args: list[str]) -> None:
    """Resolve pyproject.toml's dependencies again into requirements/*.txt (from PyPI).

    `lock` keeps the versions already locked where they still fit; `lock --upgrade`
    takes the newest allowed. Commit the changed files; the next run installs them.
    """
    tools = ROOT / ".venv-tools"
    uv = tools / BIN.name / ("uv.exe" if os.name == "nt" else "uv")
    if not uv.exists():
        venv.EnvBuilder(with_pip=True).create(tools)
        run(tools / BIN.name / "python", "-m", "pip", "install", "--quiet", LOCK_TOOL)
    REQUIREMENTS.mkdir(exist_ok=True)
    for environment, extras in ENVIRONMENTS.items():
        # --universal: one file with markers for every OS and Python from 3.10 on.
        run(
            uv, "pip", "compile", "pyproject.toml", "--quiet", "--no-config",
            "--universal", "--python-version", "3.10", "--generate-hashes",
            "--no-emit-package", "entraide",  # uv's default index: PyPI
            "--custom-compile-command", "python3 scripts/run.py lock",
            *(f"--extra={extra}" for extra in extras),
            "--output-file", lock_file(environment), *args,
        )  # fmt: skip


def demo(args: list[str]) -> None:
    """The app on demo data, kept in one folder across runs; `--fresh` empties it first."""
    fresh = "--fresh" in args
    rest = [a for a in args if a != "--fresh"]
    data_dir = Path(rest.pop(0)) if rest and not rest[0].startswith("-") else DEMO_DATA
    if fresh and data_dir != DEMO_DATA:
        sys.exit("--fresh empties only the default demo folder; give a new folder instead")
    install("server")  # the demo runs a local sync server beside the app
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
    # One pytest worker per core (pytest-xdist), unless the caller chose: -n N, -p no:xdist.
    chosen = any(a.startswith("-n") or a.endswith("no:xdist") for a in args)
    workers = [] if chosen else ["-n", "auto"]
    run(PYTHON, "-m", "pytest", *workers, *args)
    if not args:
        # The sync integration tests once more with the server on PostgreSQL (a real
        # server the tests start themselves; tests/storage covers both backends already).
        env = {**os.environ, "ENTRAIDE_TEST_DB": "postgresql"}
        run(PYTHON, "-m", "pytest", "tests/sync", env=env)


def bench(args: list[str]) -> None:
    install("test")  # the server load benchmark starts a PostgreSQL from the test tools
    for name in BENCHMARKS:
        script = ROOT / "scripts" / name
        if script.exists():
            run(PYTHON, script, *args)


TASKS = {"demo": demo, "test": test, "bench": bench, "lock": lock}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 scripts/run.py {{{'|'.join(TASKS)}}} [ARGS...]")
    try:
        TASKS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
