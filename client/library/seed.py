"""The library shipped with the project: instruments, party events and briefing notes
for the 17 WACAP states, every fact with its source and a `verified` flag.

`seed/library.json` is data, not code: the secretariat loads it once on its device
(`entraide library seed`), reviews it and approves it; other devices receive the
approved records by sync or USB bundle like any library record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shared.i18n import _

from ..store import Store
from .records import LibraryError, approve_all, put_event, put_instrument, put_note

SEED_FILE = Path(__file__).with_name("seed") / "library.json"


def load_seed(path: Path = SEED_FILE) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LibraryError(
            _("cannot read the library seed {path}: {error}").format(path=path.name, error=exc)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("instruments"), list):
        raise LibraryError(_("{path} is not a library seed").format(path=path.name))
    return data


def event_id(event: dict[str, Any]) -> str:
    """A stable id, so that loading the seed twice updates rather than duplicates."""
    parts = (event["instrument"], event["state"], event["event"], event.get("provision") or "")
    return "event-" + "-".join(p.replace("(", "").replace(")", "") for p in parts if p).lower()


def seed_library(store: Store, data: dict[str, Any] | None = None, approve: bool = True) -> int:
    """Write the seed into the library (one transaction) and, by default, approve it.
    Returns the number of records written."""
    data = data if data is not None else load_seed()
    count = 0
    with store.write():
        for item in data["instruments"]:
            put_instrument(store, item)
            count += 1
        for event in data.get("events", []):
            put_event(store, event, doc_id=event_id(event))
            count += 1
        for note in data.get("briefing_notes", []):
            put_note(store, note)
            count += 1
    if approve:
        approve_all(store)
    return count
