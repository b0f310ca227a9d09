"""Per-device rate limits shared by every worker and instance: requests are counted
per device in windows of a minute, in the database (`rate_windows`).

A write per request would undo what the pull path saves (an up-to-date pull writes
nothing), so each process adds its count to the database every `FLUSH_EVERY`
requests of a device, and at once when the device seems over its limit. A device
that syncs every 30 s never causes a write; with N processes a device may pass its
limit by at most N x (FLUSH_EVERY - 1) requests before every process refuses it.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

RATE_ENV = "ENTRAIDE_SERVER_RATE_LIMIT"  # requests per device per minute; 0: no limit
DEFAULT_PER_MINUTE = 600
FLUSH_EVERY = 20
WINDOW = 60


def limit_from_env() -> int:
    try:
        return max(0, int(os.environ.get(RATE_ENV) or DEFAULT_PER_MINUTE))
    except ValueError:
        return DEFAULT_PER_MINUTE


class RateLimiter:
    def __init__(self, storage: Any, per_minute: int, flush_every: int = FLUSH_EVERY) -> None:
        self.storage = storage
        self.per_minute = per_minute
        self.flush_every = flush_every
        self._lock = threading.Lock()
        self._window = 0
        self._pending: dict[str, int] = {}
        self._known: dict[str, int] = {}  # the database's count at this process's last write

    def count(self, device_id: str) -> int:
        """Count a request in this process; 0 when that is all (no I/O, for the event
        loop), else the requests to add to the database with `flush` (in a thread)."""
        if self.per_minute <= 0:
            return 0
        now = int(time.time())
        window = now - now % WINDOW
        with self._lock:
            if window != self._window:
                self._window, self._pending, self._known = window, {}, {}
            pending = self._pending.get(device_id, 0) + 1
            total = self._known.get(device_id, 0) + pending
            if pending < self.flush_every and total <= self.per_minute:
                self._pending[device_id] = pending
                return 0
            self._pending[device_id] = 0
            return pending

    def flush(self, device_id: str, pending: int) -> tuple[bool, int]:
        """Add to the database's count; (allowed, seconds until the window ends)."""
        now = int(time.time())
        window = now - now % WINDOW
        counted = self.storage.add_requests(device_id, window, pending)
        with self._lock:
            if self._window == window:
                self._known[device_id] = counted
        return counted <= self.per_minute, window + WINDOW - now

    def allow(self, device_id: str) -> tuple[bool, int]:
        """Both steps at once (blocking)."""
        pending = self.count(device_id)
        return self.flush(device_id, pending) if pending else (True, 0)
