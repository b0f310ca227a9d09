"""Who may read and write which space: one rule set for the server and for bundle import.

Spaces: `authority/<code>` (one authority's cases, encrypted), `returns/<code>`
(its de-identified statistics), `directory` (one document per authority, whose
id is the authority code, plus the secretariat's `approvals`), `library`.
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


def is_encrypted_space(space: str) -> bool:
    return space.startswith("authority/")


def readable_spaces(authority: str, role: str) -> list[str]:
    """Spaces a device may pull; the secretariat reads returns of all (pattern `returns/*`)."""
    spaces = [authority_space(authority), returns_space(authority), *SHARED_SPACES]
    if role == "secretariat":
        spaces.append("returns/*")
    return spaces


def may_read(authority: str, role: str, space: str) -> bool:
    if space in SHARED_SPACES or space in (authority_space(authority), returns_space(authority)):
        return True
    return role == "secretariat" and space.startswith("returns/")


def may_write(authority: str, role: str, space: str, doc_id: str) -> bool:
    """May a device of `authority` with `role` author a change to `doc_id` in `space`?"""
    if space in (authority_space(authority), returns_space(authority)):
        return True
    if space == "directory":
        return role == "secretariat" or (doc_id == authority and doc_id != APPROVALS_DOC)
    if space == "library":
        return role == "secretariat"
    return False


def valid_space(space: str) -> bool:
    if space in SHARED_SPACES:
        return True
    prefix, _, code = space.partition("/")
    return prefix in ("authority", "returns") and valid_code(code)


_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
_DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def valid_code(code: str) -> bool:
    """An authority code: ASCII letters, digits, '-', '_' (a whole match: no trailing newline)."""
    return isinstance(code, str) and _CODE.fullmatch(code) is not None


def valid_device_id(device_id: Any) -> bool:
    return isinstance(device_id, str) and _DEVICE_ID.fullmatch(device_id) is not None
