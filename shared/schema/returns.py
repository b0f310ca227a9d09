"""The de-identified statistics return of a case, in `returns/<authority>`.

Whitelisted fields only: categories, states, month-precision dates, status,
outcome, refusal grounds, urgency; never a name, a reference, free text or
anything from persons or documents. `client.returns.projection` derives a
return from a case; this is the list of what may exist in one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import EntraideError
from .cases import (
    ASSISTANCE_TYPES,
    DIRECTIONS,
    ENDING_OUTCOMES,
    KINDS,
    LEGAL_BASIS_CATEGORIES,
    OFFENCE_CATEGORIES,
    OUTCOME_CATEGORIES,
    REFUSAL_GROUNDS,
    STATUSES,
    URGENCIES,
    Field,
)

RETURN_FIELDS: tuple[Field, ...] = (
    Field("direction", "choice", DIRECTIONS),
    Field("kind", "choice", KINDS),
    Field("assistance_types", "set", ASSISTANCE_TYPES),
    Field("reporting_state", "str"),  # ISO code of the authority's own State
    Field("counterpart_state", "str"),  # ISO code of the other side
    Field("offence_categories", "set", OFFENCE_CATEGORIES),
    Field("legal_basis_category", "choice", ("", *LEGAL_BASIS_CATEGORIES)),
    Field("opened_month", "str"),  # YYYY-MM: received (incoming) or sent (outgoing)
    Field("completed_month", "str"),  # YYYY-MM: executed, else closed
    Field("deadline_month", "str"),  # YYYY-MM
    Field("days_to_completion", "int"),  # -1 while not completed
    Field("status", "choice", STATUSES),
    Field("outcome_category", "choice", ("", *OUTCOME_CATEGORIES)),
    Field("refusal_grounds", "set", REFUSAL_GROUNDS),
    Field("urgency", "choice", URGENCIES),
)
RETURN_FIELD_NAMES = tuple(f.name for f in RETURN_FIELDS)
RETURN_FIELDS_BY_NAME = {f.name: f for f in RETURN_FIELDS}
# The case fields a return is computed from; nothing else of a case is ever read.
CASE_FIELDS_READ = (
    "direction",
    "kind",
    "assistance_types",
    "requesting_state",
    "requested_state",
    "offence_categories",
    "legal_basis_category",
    "date_received",
    "date_sent",
    "date_executed",
    "date_closed",
    "deadline",
    "status",
    "outcome_category",
    "refusal_grounds",
    "urgency",
)

# -- The returns book: how returns travel ---------------------------------------------
# One document of kind `return_book` per authority and year holds the returns saved that
# year: each case's return at the root under the case id, one string of one-letter keys
# each followed by its small code ("k1.m202611.s3.cSN": `encode_return`). (One scalar per
# case, not a map per case: Automerge keeps an object per map; a first pull of 10,000
# cases peaked at 121.5 MiB with map entries, 82.8 MiB with strings; docs/secretariat.md.)
# A case saved in several years has an entry in each of their books; the latest year's
# counts. (Entries at the root, not in a map of their own: two devices that
# start the year's book apart would each create that map, and one would hide the other's;
# root keys of two such starts merge.) A device folds every return staged since
# its last sealing into the book as one Automerge change, so a sync pays one change
# header, one group and one signature for all the returns it carries, and a changed
# return rewrites only its own string (docs/secretariat.md, "Returns on the wire").
BOOK_KIND = "return_book"
RETURN_ID_PREFIX = "ret-"  # a return's id (its row, its old per-case document): ret-<case id>
# Field -> its key in a book entry. Never reuse a key for another field.
BOOK_KEYS: dict[str, str] = {
    "direction": "d",
    "kind": "k",
    "assistance_types": "a",
    "reporting_state": "r",
    "counterpart_state": "c",
    "offence_categories": "o",
    "legal_basis_category": "l",
    "opened_month": "m",
    "completed_month": "e",
    "deadline_month": "x",
    "days_to_completion": "n",
    "status": "s",
    "outcome_category": "u",
    "refusal_grounds": "g",
    "urgency": "y",
}
BOOK_META_KEYS = ("_schema", "_kind", "_doc")  # a book's root keys that are not entries
MAX_BOOK_ENTRIES = 20_000  # cases one authority saves in one year
ANY_KEY = "*"  # a field spec under this name applies to every root key but the metadata
BOOK_FIELDS: tuple[Field, ...] = (Field(ANY_KEY, "codes", tuple(BOOK_KEYS.values())),)
BOOK_FIELDS_BY_NAME = {f.name: f for f in BOOK_FIELDS}

Code = int | str
ENTRY_SEP = "."  # between the codes of an entry
MAX_ENTRY_CHARS = 300  # 15 codes of at most 20 characters each
_CODE = re.compile(r"([a-z])(-?[0-9]{1,19}|[A-Z]{2})")
_BOOK_KEY_SET = frozenset(BOOK_KEYS.values())


class BookEntryError(EntraideError):
    """A returns book entry that is not codes of the book's grammar."""


def book_id(authority: str, year: str) -> str:
    return f"returns-{authority}-{year}"


def return_id(case_id: str) -> str:
    return f"{RETURN_ID_PREFIX}{case_id}"


def encode_return(values: Mapping[str, Any]) -> str:
    """A return as a book entry. A choice is its position in its list (the lists only ever
    grow at their end: tests/secretariat/test_returns_book.py pins them), a set the bit mask
    of its members' positions, a month the integer YYYYMM, a State its 2-letter code. An
    outcome that is the one its status implies (a withdrawn request's) is 0. A code at its
    default (0, the first of its list, no member, no month, no State, -1 days) is left
    out: an entry costs only what a case has, and a request that ends costs one code. The
    codes are written in `RETURN_FIELDS` order, each its key then its value, joined by
    dots: "k1.m202611.s3"; a draft with nothing filled in is ""."""
    entry: dict[str, Code] = {}
    for field in RETURN_FIELDS:
        value = values[field.name]
        code: Code
        if field.name == "outcome_category" and value == ENDING_OUTCOMES.get(values["status"], ""):
            code = 0
        elif field.kind == "choice":
            code = field.choices.index(value) if value in field.choices else -1
        elif field.kind == "set":
            code = sum(1 << field.choices.index(v) for v in value if v in field.choices)
        elif field.name.endswith("_month"):
            code = int(value.replace("-", "")) if value else 0
        else:
            code = value
        if code != _DEFAULTS.get(field.kind, 0) and code != "":
            entry[BOOK_KEYS[field.name]] = code
    return ENTRY_SEP.join(f"{key}{code}" for key, code in entry.items())


def parse_entry(text: str) -> dict[str, Code]:
    """A book entry's codes, or BookEntryError saying in a few words why it is not one: only
    the listed keys, once each, each a decimal integer (int64) or a 2-letter upper-case
    code, at most MAX_ENTRY_CHARS in all. The one reading of an entry, for the content
    check of what arrives and for `decode_return`."""
    if not isinstance(text, str):
        raise BookEntryError(f"an entry must be a string, not {type(text).__name__}")
    if len(text) > MAX_ENTRY_CHARS:
        raise BookEntryError(f"an entry is longer than {MAX_ENTRY_CHARS} characters")
    codes: dict[str, Code] = {}
    for part in text.split(ENTRY_SEP) if text else ():
        match = _CODE.fullmatch(part)
        if match is None:
            raise BookEntryError(f"{part[:20]!r} is not a key and a code")
        key, raw = match.groups()
        if key not in _BOOK_KEY_SET:
            raise BookEntryError(f"{key!r} is not a code of a return")
        if key in codes:
            raise BookEntryError(f"{key!r} is given twice")
        code: Code = raw if raw.isalpha() else int(raw)
        if isinstance(code, int) and not -(2**63) <= code < 2**63:
            raise BookEntryError(f"{key!r} is out of range")
        codes[key] = code
    return codes


_DEFAULTS: dict[str, Code] = {"int": -1}  # days_to_completion while not completed


def decode_return(text: str) -> dict:
    """A book entry back as a return (BookEntryError if it is not one: `parse_entry`); a
    code value this version does not know reads as empty (a newer version's entry is
    counted with what it has in common with this one)."""
    entry = parse_entry(text)
    values: dict[str, Any] = {}
    for field in RETURN_FIELDS:
        code = entry.get(BOOK_KEYS[field.name], _DEFAULTS.get(field.kind, 0))
        if field.kind == "choice":
            known = isinstance(code, int) and 0 <= code < len(field.choices)
            values[field.name] = field.choices[int(code)] if known else ""
        elif field.kind == "set":
            mask = code if isinstance(code, int) and code > 0 else 0
            values[field.name] = sorted(v for i, v in enumerate(field.choices) if mask >> i & 1)
        elif field.name.endswith("_month"):
            month = code if isinstance(code, int) and 100001 <= code <= 999912 else 0
            values[field.name] = f"{month // 100:04d}-{month % 100:02d}" if month else ""
        elif field.kind == "int":
            values[field.name] = code if isinstance(code, int) else -1
        else:
            values[field.name] = code if isinstance(code, str) and len(code) == 2 else ""
    values["outcome_category"] = values["outcome_category"] or ENDING_OUTCOMES.get(
        values["status"], ""
    )
    return values
