"""Progress reports shared by sync, bundle export and import: one callback for CLI and TUI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    phase: str  # e.g. "push", "pull", "export", "import", "verify"
    done: int  # items (changes or groups) done so far
    total: int | None  # items expected, when known
    bytes: int = 0  # bytes transferred or written so far
    message: str = ""


ProgressCallback = Callable[[Progress], None]


def ignore_progress(_: Progress) -> None:
    """The default callback: report nothing."""
