"""The de-identified statistics return of a case, in `returns/<authority>`.

Whitelisted fields only: categories, states, month-precision dates, status,
outcome, refusal grounds, urgency; never a name, a reference, free text or
anything from persons or documents. `client.returns.projection` derives a
return from a case; this is the list of what may exist in one.
"""

from __future__ import annotations

import base64
import hashlib
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
# year: each case's return at the root under its key (`entry_key`, 8 characters of a
# digest of the case id), one byte string of small numbers (`encode_return`). (One
# scalar per case, not a map per case: Automerge keeps an object per map; a first pull of
# 10,000 cases peaked at 121.5 MiB with map entries, 82.8 MiB with strings, 78.3 MiB
# with bytes; docs/architecture.md.) A case saved in several years has an entry in each of their
# books; the latest year's counts. (Entries at the root, not in a map of their own: two
# devices that start the year's book apart would each create that map, and one would hide
# the other's; root keys of two such starts merge.) A device folds every return staged
# since its last publishing into the book as one Automerge change, so a publishing pays
# one change header, one group and one signature for all the returns it carries, and a
# changed return rewrites only its own entry (docs/secretariat.md, "Returns on the wire").
BOOK_KIND = "return_book"
RETURN_ID_PREFIX = "ret-"  # a return's id (its row, its old per-case document): ret-<...>
BOOK_META_KEYS = ("_schema", "_kind", "_doc")  # a book's root keys that are not entries
MAX_BOOK_ENTRIES = 20_000  # cases one authority saves in one year
ANY_KEY = "*"  # a field spec under this name applies to every root key but the metadata
BOOK_FIELDS: tuple[Field, ...] = (Field(ANY_KEY, "codes"),)
BOOK_FIELDS_BY_NAME = {f.name: f for f in BOOK_FIELDS}

ENTRY_KEY_CHARS = 8  # base64url of 48 bits of SHA-256: a collision in a book of 20,000
# cases has a chance of about 7 in 10 million (docs/secretariat.md)
_ENTRY_KEY = re.compile(rf"[A-Za-z0-9_-]{{{ENTRY_KEY_CHARS}}}")
MAX_ENTRY_BYTES = 160  # 16 numbers of at most 9 bytes each, and some room
_STATE_FIELDS = ("reporting_state", "counterpart_state")
# The network's States, numbered 1 to 17 in an entry (one byte); any other State is
# 18 + its two letters in base 26. Pinned: never reorder (tests/secretariat).
ENTRY_STATES = (
    "BF", "BJ", "CI", "CV", "GH", "GM", "GN", "GW", "LR",
    "ML", "MR", "NE", "NG", "SL", "SN", "TD", "TG",
)  # fmt: skip
_OTHER_STATES = 1 + len(ENTRY_STATES)
# Months are counted from January 2026, before or after it: a month from September 2020
# to April 2031 costs one byte, any other two or three.
_MONTH_BASE = 2026 * 12
_MAX_CODE = {  # per kind of field: bounds that leave room for the lists to grow
    "choice": 1023,
    "state": _OTHER_STATES + 26 * 26 - 1,
    "month": 1 << 20,
    "int": 1 << 31,
}


class BookEntryError(EntraideError):
    """A returns book entry that is not numbers of the book's grammar."""


def book_id(authority: str, year: str) -> str:
    return f"returns-{authority}-{year}"


def return_id(case_id: str) -> str:
    """The id of an older version's per-case return document."""
    return f"{RETURN_ID_PREFIX}{case_id}"


def entry_key(case_id: str) -> str:
    """A case's key in a returns book: 48 bits of SHA-256 of its id, in base64url. The
    same case has the same key on every device; the case id itself never travels."""
    digest = hashlib.sha256(f"entraide-return:{case_id}".encode()).digest()[:6]
    return base64.urlsafe_b64encode(digest).decode()


def is_entry_key(key: str) -> bool:
    return _ENTRY_KEY.fullmatch(key) is not None


def return_row_id(case_id: str) -> str:
    """The id of a case's row in the materialized `returns` table (book or older document)."""
    return return_id(entry_key(case_id))


def book_state(authority: str) -> str:
    """The State a book's entries report for by default: its authority code's prefix (SN
    for SN-CA). An entry says its reporting State only when it is another one."""
    prefix = authority[:2].upper()
    return prefix if len(prefix) == 2 and prefix.isascii() and prefix.isalpha() else ""


def _kind(field: Field) -> str:
    if field.name in _STATE_FIELDS:
        return "state"
    return "month" if field.name.endswith("_month") else field.kind


def _default(field: Field, values: Mapping[str, Any], state: str) -> Any:
    """The value an entry leaves out for this field."""
    if field.name == "outcome_category":  # the one its status implies (a withdrawal's)
        return ENDING_OUTCOMES.get(values["status"], "")
    if field.name == "reporting_state":
        return state
    return {"choice": field.choices[0] if field.choices else "", "int": -1}.get(
        _kind(field), [] if field.kind == "set" else ""
    )


def encode_return(values: Mapping[str, Any], state: str = "") -> bytes:
    """A return as a book entry (`state`: the book's, `book_state`). Bytes: the bit mask
    of the fields given (bit i for `RETURN_FIELDS[i]`; a field at its default is left out:
    the first of its list, no member, no month, -1 days, `state`, the outcome its status
    implies), then one number per field given, in order, each unsigned LEB128. A choice is
    1 + its position in its list (0: none; the lists only grow at their end, pinned by
    tests/secretariat/test_returns_book.py), a set the bit mask of its members' positions,
    a State its number in ENTRY_STATES, else 18 + its two letters in base 26 (0: none),
    the opened month the zigzag count of months from January 2026, the completed and
    deadline months the zigzag difference from the opened month (or from January 2026),
    days as they are. A draft with nothing filled in is one byte, 0."""
    mask, codes = 0, []
    opened = _month_index(values["opened_month"])
    for i, field in enumerate(RETURN_FIELDS):
        value, kind = values[field.name], _kind(field)
        if value == _default(field, values, state):
            continue
        if kind == "choice":
            code = field.choices.index(value) + 1 if value in field.choices else 0
        elif kind == "set":
            code = sum(1 << field.choices.index(v) for v in value if v in field.choices)
        elif kind == "state":
            code = _state_code(value)
        elif kind == "month":
            base = _MONTH_BASE if field.name == "opened_month" or opened is None else opened
            code = _zigzag(_month_index(value) - base)  # type: ignore[operator]
        else:
            code = value
        mask |= 1 << i
        codes.append(code)
    return b"".join(_leb128(n) for n in (mask, *codes))


def parse_entry(data: bytes) -> dict[int, int]:
    """A book entry's numbers by field position, or BookEntryError saying in a few words
    why it is not one: bytes, at most MAX_ENTRY_BYTES, a mask of listed fields only, then
    exactly one number per field in the mask, each a minimal unsigned LEB128 within its
    field's bound, nothing after. The one reading of an entry, for the content check of
    what arrives and for `decode_return`."""
    if not isinstance(data, bytes):
        raise BookEntryError(f"an entry must be bytes, not {type(data).__name__}")
    if len(data) > MAX_ENTRY_BYTES:
        raise BookEntryError(f"an entry is longer than {MAX_ENTRY_BYTES} bytes")
    mask, offset = _read_leb128(data, 0)
    if mask >> len(RETURN_FIELDS):
        raise BookEntryError(f"field {mask.bit_length() - 1} is not a field of a return")
    codes: dict[int, int] = {}
    for i, field in enumerate(RETURN_FIELDS):
        if mask >> i & 1:
            code, offset = _read_leb128(data, offset)
            bound = _MAX_CODE.get(_kind(field))
            if bound is not None and code > bound:
                raise BookEntryError(f"{field.name} is out of range")
            codes[i] = code
    if offset != len(data):
        raise BookEntryError("an entry has bytes after its last number")
    return codes


def decode_return(data: bytes, state: str = "") -> dict:
    """A book entry back as a return (BookEntryError if it is not one: `parse_entry`); a
    code this version does not know (a newer list member) reads as empty."""
    codes = parse_entry(data)
    values: dict[str, Any] = {}
    opened: int | None = None
    for i, field in enumerate(RETURN_FIELDS):
        kind = _kind(field)
        if i not in codes:
            values[field.name] = None  # its default, below (the outcome's needs the status)
            continue
        code = codes[i]
        if kind == "choice":
            known = 1 <= code <= len(field.choices)
            values[field.name] = field.choices[code - 1] if known else ""
        elif kind == "set":
            values[field.name] = sorted(v for j, v in enumerate(field.choices) if code >> j & 1)
        elif kind == "state":
            values[field.name] = _state_text(code)
        elif kind == "month":
            base = _MONTH_BASE if field.name == "opened_month" or opened is None else opened
            index = base + _unzigzag(code)
            values[field.name] = _month_text(index)
            if field.name == "opened_month" and values[field.name]:
                opened = index
        else:
            values[field.name] = code
    for field in RETURN_FIELDS:
        if values[field.name] is None:
            values[field.name] = _default(field, values, state)
    values["outcome_category"] = values["outcome_category"] or ENDING_OUTCOMES.get(
        values["status"], ""
    )
    return values


def _state_code(value: str) -> int:
    """A network State's number (1 to 17), 18 + any other's two capital letters in base
    26; 0 for anything else (no State)."""
    if value in ENTRY_STATES:
        return 1 + ENTRY_STATES.index(value)
    if len(value) == 2 and all("A" <= c <= "Z" for c in value):
        return _OTHER_STATES + (ord(value[0]) - 65) * 26 + ord(value[1]) - 65
    return 0


def _state_text(code: int) -> str:
    if 1 <= code < _OTHER_STATES:
        return ENTRY_STATES[code - 1]
    letters = divmod(code - _OTHER_STATES, 26)
    return "".join(chr(65 + n) for n in letters) if code >= _OTHER_STATES else ""


def _month_index(text: str) -> int | None:
    return int(text[:4]) * 12 + int(text[5:7]) - 1 if text else None


def _month_text(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}" if 1 <= year <= 9999 else ""


def _zigzag(n: int) -> int:
    return n * 2 if n >= 0 else -n * 2 - 1


def _unzigzag(n: int) -> int:
    return n // 2 if n % 2 == 0 else -(n + 1) // 2


def _leb128(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _read_leb128(data: bytes, offset: int) -> tuple[int, int]:
    """An unsigned LEB128 number of at most 9 bytes (< 2**63), written minimally."""
    value = 0
    for j in range(9):
        if offset + j >= len(data):
            raise BookEntryError("an entry ends inside a number")
        byte = data[offset + j]
        value |= (byte & 0x7F) << (7 * j)
        if not byte & 0x80:
            if byte == 0 and j > 0:
                raise BookEntryError("a number is not written in its shortest form")
            return value, offset + j + 1
    raise BookEntryError("a number is longer than 9 bytes")
