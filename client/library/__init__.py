"""The legal library: instruments, dated party events and country briefing notes in the
`library` space, written by the secretariat and approved like directory entries; the
legal-basis finder reads what was approved."""

from .finder import Basis, BasisReport, find_bases
from .records import (
    BOOK,
    LibraryError,
    approve_all,
    approve_item,
    briefing_note,
    edit_note,
    events_for,
    instrument,
    instruments,
    library_items,
    note_editor_state,
    note_review,
    pending_items,
    put_event,
    put_instrument,
    put_note,
    reject_item,
)
from .seed import load_seed, seed_library

__all__ = [
    "BOOK",
    "Basis",
    "BasisReport",
    "LibraryError",
    "approve_all",
    "approve_item",
    "briefing_note",
    "edit_note",
    "events_for",
    "find_bases",
    "instrument",
    "instruments",
    "library_items",
    "load_seed",
    "note_editor_state",
    "note_review",
    "pending_items",
    "put_event",
    "put_instrument",
    "put_note",
    "reject_item",
    "seed_library",
]
