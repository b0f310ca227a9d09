"""A log that a flood cannot fill: each message repeats at most a few times a minute.

Under attack the same warning ("Invalid HTTP request received.", an accept
error) can come thousands of times a second; the first ones say what is
happening, the rest only fill the disk. `RateLimitFilter` lets through at most
`per_message` records of one logger and message template, and `total` records
in all, per `window` seconds; the first record let through afterwards says
how many were dropped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

SERVER_LOGGERS = ("asyncio", "uvicorn", "uvicorn.error", "uvicorn.access", "sync_server", "")


class RateLimitFilter(logging.Filter):
    def __init__(
        self,
        per_message: int = 5,
        total: int = 60,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.per_message, self.total, self.window, self.clock = per_message, total, window, clock
        self._start = clock()
        self._counts: dict[tuple[str, str], int] = {}
        self._passed = 0
        self._dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = self.clock()
        if now - self._start >= self.window:
            self._start, self._counts, self._passed = now, {}, 0
        key = (record.name, str(record.msg)[:200])
        seen = self._counts[key] = self._counts.get(key, 0) + 1
        if seen > self.per_message or self._passed >= self.total:
            self._dropped += 1
            return False
        self._passed += 1
        if self._dropped:
            record.msg = f"{record.msg} [{self._dropped} similar log lines dropped before this one]"
            self._dropped = 0
        return True


def limit_server_logs(log_filter: logging.Filter | None = None) -> logging.Filter:
    """Put one rate limit on every logger the server writes through (uvicorn, asyncio, ours)."""
    log_filter = log_filter or RateLimitFilter()
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if log_filter not in logger.filters:
            logger.addFilter(log_filter)
    return log_filter
