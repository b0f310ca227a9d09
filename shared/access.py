"""Who may read and write which space: one rule set for the server and for bundle import.

Spaces: `authority/<code>` (one authority's cases, encrypted), `returns/<code>`
(its de-identified statistics), `directory` (one document per authority, whose
id is the authority code, plus the secretariat's `approvals`), `library`, and
`exchange/<A>~<B>` (codes sorted: sealed packages and messages between two
authorities, read and written by both and nobody else; docs/exchange.md).

The library is the secretariat's, but for one kind of document: an authority proposes
its own State's briefing note (`note-<ISO>`), which others see only once approved.
An authority's State is the ISO code its code begins with ("SN-CA" -> "SN"), the one
fact about it that every device reads alike from the signed certificate.
"""

from __future__ import annotations

import re
from typing import Any

ROLES = ("officer", "admin", "secretariat")
SHARED_SPACES = ("directory", "library")
APPROVALS_DOC = "approvals"


def authority_space(code: str) -> str:
    return f"authority/{code}"


def returns_space(code: str) -> str:
    return f"returns/{code}"


def exchange_space(code_a: str, code_b: str) -> str:
    """The space two authorities exchange packages in: the same name from either side.

    DESIGN §3.5b writes it `exchange/<A>-<B>`; codes may contain '-' (SN-CA), so the
    two are joined by '~', which no code holds, and every name has one reading.
    """
    low, high = sorted((code_a, code_b))
    return f"exchange/{low}{EXCHANGE_JOIN}{high}"


EXCHANGE_JOIN = "~"


def exchange_pair(space: str) -> tuple[str, str] | None:
    """The two codes of an exchange space's name (sorted, distinct), else None."""
    prefix, _, pair = space.partition("/")
    low, sep, high = pair.partition(EXCHANGE_JOIN)
    if prefix != "exchange" or not sep or not (valid_code(low) and valid_code(high)):
        return None
    return (low, high) if low < high else None


def exchange_peer(authority: str, space: str) -> str | None:
    """The other authority of an exchange space `authority` is a member of, else None."""
    pair = exchange_pair(space)
    if pair is None or authority not in pair:
        return None
    return pair[1] if pair[0] == authority else pair[0]


def is_encrypted_space(space: str) -> bool:
    return space.startswith("authority/")


def readable_spaces(authority: str, role: str) -> list[str]:
    """Spaces a device may pull; the secretariat reads returns of all (pattern `returns/*`)."""
    spaces = [authority_space(authority), returns_space(authority), *SHARED_SPACES]
    if role == "secretariat":
        spaces.append("returns/*")
    else:  # the exchange spaces it is a member of (filtered by `may_read` on expansion)
        spaces.append("exchange/*")
    return spaces


def may_read(authority: str, role: str, space: str) -> bool:
    if space in SHARED_SPACES or space in (authority_space(authority), returns_space(authority)):
        return True
    if space.startswith("exchange/"):
        return role != "secretariat" and exchange_peer(authority, space) is not None
    return role == "secretariat" and space.startswith("returns/")


def may_write(authority: str, role: str, space: str, doc_id: str) -> bool:
    """May a device of `authority` with `role` author a change to `doc_id` in `space`?"""
    if space in (authority_space(authority), returns_space(authority)):
        return True
    if space == "directory":
        return role == "secretariat" or (doc_id == authority and doc_id != APPROVALS_DOC)
    if space == "library":
        if role == "secretariat":
            return True
        state = authority_state(authority)
        return state is not None and doc_id == briefing_note_id(state)
    if space.startswith("exchange/"):
        return role != "secretariat" and exchange_peer(authority, space) is not None
    return False


BRIEFING_NOTE_PREFIX = "note-"
_STATE_PREFIX = re.compile(r"([A-Z]{2})(?:[-_].*)?", re.DOTALL)


def authority_state(authority: str) -> str | None:
    """The State an authority belongs to: the two capital letters its code begins with,
    alone or before '-' or '_' ("SN-CA" -> "SN"); None for any other code ("WACAP")."""
    found = _STATE_PREFIX.fullmatch(authority) if isinstance(authority, str) else None
    return found.group(1) if found else None


def briefing_note_id(state: str) -> str:
    """The library document holding a State's briefing note."""
    return f"{BRIEFING_NOTE_PREFIX}{state}"


def valid_space(space: str) -> bool:
    if space in SHARED_SPACES:
        return True
    prefix, _, code = space.partition("/")
    if prefix == "exchange":
        return exchange_pair(space) is not None
    return prefix in ("authority", "returns") and valid_code(code)


_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
_DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def valid_code(code: str) -> bool:
    """An authority code: ASCII letters, digits, '-', '_' (a whole match: no trailing newline)."""
    return isinstance(code, str) and _CODE.fullmatch(code) is not None


def valid_device_id(device_id: Any) -> bool:
    return isinstance(device_id, str) and _DEVICE_ID.fullmatch(device_id) is not None
