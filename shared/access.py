"""Who may read and write which space: one rule set for the server and for bundle import.

Spaces: `authority/<code>` (one authority's cases, encrypted), `returns/<code>`
(its de-identified statistics), `directory` (one document per authority, whose
id is the authority code, plus the secretariat's `approvals`), `library`, and
`exchange/<A>-<B>` (codes sorted: sealed packages and messages between two
authorities, read and written by both and nobody else; docs/exchange.md).
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
    """The space two authorities exchange packages in: the same name from either side."""
    low, high = sorted((code_a, code_b))
    return f"exchange/{low}-{high}"


def exchange_peer(authority: str, space: str) -> str | None:
    """The other authority of an exchange space `authority` is a member of, else None.

    Codes may hold '-', so the name is matched against `authority` at either end
    rather than split; the other code must be a valid code and sort on its side.
    """
    prefix, _, pair = space.partition("/")
    if prefix != "exchange" or not authority:
        return None
    head, tail = f"{authority}-", f"-{authority}"
    if pair.startswith(head) and valid_code(pair[len(head) :]) and authority < pair[len(head) :]:
        return pair[len(head) :]
    if pair.endswith(tail) and valid_code(pair[: -len(tail)]) and pair[: -len(tail)] < authority:
        return pair[: -len(tail)]
    return None


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
        return role == "secretariat"
    if space.startswith("exchange/"):
        return role != "secretariat" and exchange_peer(authority, space) is not None
    return False


def valid_space(space: str) -> bool:
    if space in SHARED_SPACES:
        return True
    prefix, _, code = space.partition("/")
    if prefix == "exchange":
        low, sep, high = code.partition("-")
        return bool(sep) and len(code) <= 2 * 32 + 1 and valid_code(low) and valid_code(high)
    return prefix in ("authority", "returns") and valid_code(code)


_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
_DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def valid_code(code: str) -> bool:
    """An authority code: ASCII letters, digits, '-', '_' (a whole match: no trailing newline)."""
    return isinstance(code, str) and _CODE.fullmatch(code) is not None


def valid_device_id(device_id: Any) -> bool:
    return isinstance(device_id, str) and _DEVICE_ID.fullmatch(device_id) is not None
