"""App-wide messages (dataclasses). Workers and the store talk to the UI only through these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from client.progress import Progress


@dataclass
class StoreChanged(Message):
    """Something was written to the store (by the UI, a sync, an import)."""


@dataclass
class LanguageChanged(Message):
    language: str


@dataclass
class TaskProgress(Message):
    """Latest progress of a background task; replaces the previous one (see ProgressRelay)."""

    task: str  # "sync" | "export" | "import"
    progress: Progress


@dataclass
class TaskFinished(Message):
    task: str
    ok: bool
    result: Any = None  # SyncReport / ExportReport / ImportReport
    error: str = ""  # plain words when not ok
