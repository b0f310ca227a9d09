"""What the State and authority pickers of the forms offer: every State we have a name for
or a directory entry in, named in the user's language, and the directory's authorities."""

from __future__ import annotations

from shared.i18n.labels import state_label
from shared.schema.states import WACAP_STATES

from ..store import Store
from .service import list_entries


def state_options(store: Store) -> list[tuple[str, str]]:
    """(name in the user's language, ISO code), sorted by name."""
    codes = set(WACAP_STATES) | {e["state"] for e in list_entries(store) if e["state"]}
    named = [(state_label(code), code) for code in codes]
    return sorted(named, key=lambda pair: pair[0].casefold())


def authority_options(store: Store) -> list[tuple[str, str]]:
    """("authority name (State)", authority name): the case keeps the name, as typed before."""
    options = []
    for entry in list_entries(store):
        name = entry["authority_name"]
        if name:
            options.append((f"{name} ({state_label(entry['state'])})", name))
    return options
