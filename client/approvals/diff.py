"""Field-by-field comparison of two versions of a document, for the review queue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any  # None when the field did not exist in the approved version
    after: Any


def field_changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], fields: Iterable[str]
) -> list[FieldChange]:
    """The fields whose value differs, in the order given; empty values count as absent."""
    before = before or {}
    out = []
    for name in fields:
        old, new = _norm(before.get(name)), _norm(after.get(name))
        if old != new:
            out.append(FieldChange(name, old, new))
    return out


def _norm(value: Any) -> Any:
    if value in (None, "", [], {}):
        return None
    if isinstance(value, (list, tuple)):
        return sorted(str(v) for v in value)
    return value
