"""Fixtures of the revocation and restore tests: the real server on loopback, real stores."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from client.paths import DATA_DIR_ENV

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_env() -> Callable[[Path], dict[str, str]]:
    """Environment for a CLI subprocess working on the store in `data_dir`."""

    def env(data_dir: Path) -> dict[str, str]:
        return {**os.environ, DATA_DIR_ENV: str(data_dir), "PYTHONIOENCODING": "utf-8"}

    return env


def cli(data_dir: Path, *args: object, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real `entraide` CLI on the store of `data_dir`."""
    env = {**os.environ, DATA_DIR_ENV: str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "client.cli.main", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=timeout,
    )
