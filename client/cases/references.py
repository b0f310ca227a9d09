"""Our reference for a new request, from the authority's numbering pattern (by default
SN/IN/2026/0001: State, direction, year, number in the year), and the duplicate check.

The pattern is kept in the store's meta, so each office can write its own, e.g.
"{state}-MJ/{dir}/{seq:03d}/{year}". The number is one more than the highest number already
used with the same pattern for that direction and year."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from shared.i18n import _
from shared.schema.validation import ValidationError

from ..store import Store

PATTERN_META = "reference_pattern"
DEFAULT_PATTERN = "{state}/{dir}/{year}/{seq:04d}"
DIRECTION_CODES = {"incoming": "IN", "outgoing": "OUT"}
_FIELDS = {"state", "dir", "year", "seq"}


def reference_pattern(store: Store) -> str:
    return store.get_meta(PATTERN_META) or DEFAULT_PATTERN


def check_pattern(pattern: str) -> str:
    """The pattern, if it can number requests; ValidationError saying why not."""
    pattern = pattern.strip()
    try:
        names = {m.group(1) for m in re.finditer(r"\{(\w+)(?::[^}]*)?\}", pattern)}
        pattern.format(state="SN", dir="IN", year=2026, seq=1)
    except (ValueError, KeyError, IndexError):
        names = {"?"}
    if "seq" not in names or not names <= _FIELDS:
        raise ValidationError(
            "reference_pattern",
            _(
                "the pattern needs {{seq}} and may use {{state}}, {{dir}} and {{year}}, "
                "e.g. {example}"
            ).format(example=DEFAULT_PATTERN),
        )
    return pattern


def set_reference_pattern(store: Store, pattern: str) -> None:
    store.set_meta(PATTERN_META, check_pattern(pattern))


def _own_state(store: Store) -> str:
    authority = store.get_meta("authority") or ""
    return authority.split("-")[0] or "XX"


def next_reference(store: Store, direction: str, today: dt.date) -> str:
    """The next free reference for a new request of this direction, in this year."""
    pattern = reference_pattern(store)
    parts: dict[str, Any] = {
        "state": _own_state(store),
        "dir": DIRECTION_CODES.get(direction, direction.upper()),
        "year": today.year,
    }
    marker = "\x00SEQ\x00"
    shape = re.sub(r"\{seq(?::[^}]*)?\}", marker, pattern).format(**parts)
    before, _sep, after = shape.partition(marker)
    matcher = re.compile(re.escape(before) + r"(\d+)" + re.escape(after) + r"$")
    used = [
        int(m.group(1))
        for (ref,) in store.conn.execute(
            "SELECT our_ref FROM cases WHERE substr(our_ref, 1, ?) = ?", (len(before), before)
        )
        if ref and (m := matcher.match(ref))
    ]
    return pattern.format(**parts, seq=max(used, default=0) + 1)


def cases_with_reference(store: Store, our_ref: str, except_id: str | None = None) -> list[str]:
    """Ids of the cases (other than `except_id`) already using this reference."""
    ref = our_ref.strip()
    if not ref:
        return []
    rows = store.conn.execute("SELECT doc_id FROM cases WHERE our_ref = ?", (ref,))
    return [doc_id for (doc_id,) in rows if doc_id != except_id]
