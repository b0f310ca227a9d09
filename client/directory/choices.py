"""What the State and authority pickers of the forms offer: every State we have a name for
or a directory entry in, named in the user's language, and the directory's authorities."""

from __future__ import annotations

from shared.i18n import _
from shared.i18n.labels import STATE

from ..store import Store
from .service import list_entries


def state_options(store: Store) -> list[tuple[str, str]]:
    """(name in the user's language, ISO code), sorted by name."""
    codes = set(STATE) | {e["state"] for e in list_entries(store) if e["state"]}
    named = [(_(STATE[code]) if code in STATE else code, code) for code in codes]
    return sorted(named, key=lambda pair: pair[0].casefold())


def authority_options(store: Store) -> list[tuple[str, str]]:
    """("authority name (State)", authority name): the case keeps the name, as typed before."""
    options = []
    for entry in list_entries(store):
        name = entry["authority_name"]
        if name:
            state = _(STATE[entry["state"]]) if entry["state"] in STATE else entry["state"]
            options.append((f"{name} ({state})", name))
    return options
