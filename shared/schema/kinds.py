"""The fields of each document kind, by kind name: one table for the store and the checks.

A kind without an entry here has no declared fields: its documents may hold
only the metadata keys and small scalar values (see `shared.policy.content`).
"""

from __future__ import annotations

from collections.abc import Mapping

from .approvals import APPROVALS_FIELDS_BY_NAME
from .cases import FIELDS_BY_NAME, Field
from .directory import DIRECTORY_FIELDS_BY_NAME
from .exchange import PART_FIELDS_BY_NAME
from .library import (
    BRIEFING_NOTE_FIELDS_BY_NAME,
    INSTRUMENT_FIELDS_BY_NAME,
    PARTY_EVENT_FIELDS_BY_NAME,
)
from .returns import BOOK_FIELDS_BY_NAME, BOOK_KIND, RETURN_FIELDS_BY_NAME

SPECS_BY_KIND: dict[str, Mapping[str, Field]] = {
    "case": FIELDS_BY_NAME,
    "directory": DIRECTORY_FIELDS_BY_NAME,
    # The secretariat's record of approved and rejected versions (shared/schema/approvals.py).
    "approvals": APPROVALS_FIELDS_BY_NAME,
    # A return per case (written until the returns book) and the book (shared/schema/returns.py).
    "return": RETURN_FIELDS_BY_NAME,
    BOOK_KIND: BOOK_FIELDS_BY_NAME,
    # The legal library (shared/schema/library.py).
    "instrument": INSTRUMENT_FIELDS_BY_NAME,
    "party_event": PARTY_EVENT_FIELDS_BY_NAME,
    "briefing_note": BRIEFING_NOTE_FIELDS_BY_NAME,
    # Parts of sealed envelopes between two authorities (shared/schema/exchange.py).
    "package": PART_FIELDS_BY_NAME,
    "message": PART_FIELDS_BY_NAME,
}
