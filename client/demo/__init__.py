"""Demo data: the WACAP directory, ~50 sample cases, and a generator of many cases.

Everything about people here is FICTITIOUS. The demo's own authority is
Senegal's central authority ("SN-CA").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..cases.queries import count_by_status
from ..directory.service import entry_count
from ..library import seed_library
from ..store import Store
from .cases import DEMO_USER, OWN_AUTHORITY, load_cases
from .directory import load_directory
from .generator import generate_cases

__all__ = ["DemoSummary", "generate_cases", "is_empty", "load_demo"]


@dataclass(frozen=True)
class DemoSummary:
    loaded: bool  # False when the store already held data and nothing was added
    authority: str
    user_name: str
    directory_entries: int
    cases: int
    by_status: dict[str, int] = field(default_factory=dict)


def is_empty(store: Store, kinds: tuple[str, ...] = ("case", "directory")) -> bool:
    """No record of those kinds yet (meta such as device ids does not count)."""
    return not store.holds_any(kinds)


def load_demo(
    store: Store, today: dt.date | None = None, with_directory: bool = True
) -> DemoSummary:
    """Fill an empty store with the demo directory and cases; leave any other store alone.

    Without the directory (when it comes from the demo server, where the
    secretariat keeps it), only the cases are loaded. Everything is written in
    one SQLite transaction, so an interrupted load leaves the store empty
    rather than half filled (and a retry starts over).
    """
    if not is_empty(store, ("case", "directory") if with_directory else ("case",)):
        return _summary(store, loaded=False)
    with store.write():
        # An enrolled device keeps its own identity; a fresh one becomes the demo officer.
        if store.get_meta("authority") is None:
            store.set_meta("authority", OWN_AUTHORITY)
        if store.get_meta("user_name") is None:
            store.set_meta("user_name", DEMO_USER)
            if store.author == store.device_id:
                store.author = DEMO_USER  # history shows a person, not a device id
        if with_directory:
            load_directory(store)
            seed_library(store)  # the secretariat's legal library, as shipped and approved
        load_cases(store, today)
    return _summary(store, loaded=True)


def _summary(store: Store, loaded: bool) -> DemoSummary:
    statuses = Counter(count_by_status(store))
    return DemoSummary(
        loaded=loaded,
        authority=store.get_meta("authority") or "",
        user_name=store.get_meta("user_name") or "",
        directory_entries=entry_count(store),
        cases=sum(statuses.values()),
        by_status=dict(sorted(statuses.items())),
    )
