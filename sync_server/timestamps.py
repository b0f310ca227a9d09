"""The server's timestamps: UTC, ISO 8601, to the second (they sort as text)."""

from __future__ import annotations

import datetime as dt


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
