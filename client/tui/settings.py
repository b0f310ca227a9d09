"""What the app is started with, beyond the store: injectable so tests are deterministic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass
class TuiSettings:
    # A fixed "today" makes deadlines, overdue marks and snapshots reproducible.
    today: dt.date | None = None
    # None: the language saved in the store (meta "language"), else English.
    language: str | None = None
    # Background sync: try every `sync_interval` seconds, backing off up to `sync_max_interval`.
    auto_sync: bool = True
    sync_interval: float = 60.0
    sync_max_interval: float = 600.0
    # Shown in Settings; the store's folder when not given.
    data_dir: Path | None = None
    # Where the USB file picker starts; the home folder when not given.
    start_folder: Path | None = None
    # Rows per page of the case list: the table never holds more than this.
    page_size: int = 100

    def current_date(self) -> dt.date:
        return self.today or dt.date.today()
