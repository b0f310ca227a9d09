"""The domain packages must load without Textual: the CLI, the server and scripts use them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

HEADLESS = ("client.store", "client.cases", "client.directory", "client.demo", "shared")

_PROBE = """
import importlib, pkgutil, sys
for name in sys.argv[1:]:
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(getattr(package, "__path__", []), name + "."):
        importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("LOADED", len(loaded), *loaded[:5])
"""


def test_domain_packages_import_without_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *HEADLESS],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "LOADED 0", done.stdout


def test_probe_detects_textual() -> None:
    """The same probe does see Textual when a module loads it (so the test above can fail)."""
    done = subprocess.run(
        [sys.executable, "-c", "import textual\n" + _PROBE],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("LOADED") and done.stdout.split()[1] != "0"
