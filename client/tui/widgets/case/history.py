"""A case's history as rows: when, who, what changed (field: before -> after)."""

from __future__ import annotations

from typing import Any

from client.cases import HistoryEntry
from shared.i18n import _
from shared.i18n.labels import field_label, labelled, value_label

SKIP = {"renders", "overrides"}


def describe(name: str, value: Any, limit: int | None = 40) -> str:
    if value in (None, "", [], {}):
        return _("(empty)")
    if isinstance(value, dict):
        names = [
            str(v.get("name") or v.get("title") or k) if isinstance(v, dict) else str(k)
            for k, v in value.items()
        ]
        return ", ".join(names)
    text = value_label(name, value)
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def history_rows(entries: list[HistoryEntry], limit: int | None = 40) -> list[tuple[str, str, str]]:
    """One row per changed field; values cut at `limit` characters (None: in full)."""
    rows: list[tuple[str, str, str]] = []
    for number, entry in enumerate(entries):
        when = entry.when.replace("T", " ")[:16]
        who = entry.who + (" " + _("(concurrent)") if entry.concurrent else "")
        changed = [(n, b, a) for n, (b, a) in entry.fields.items() if n not in SKIP]
        if number == 0:
            rows.append((when, who, _("Case created")))
        for name, before, after in changed:
            if number == 0 and before is None:
                text = f"{labelled(field_label(name))} {describe(name, after, limit)}"
            else:
                before_text, after_text = (
                    describe(name, before, limit),
                    describe(name, after, limit),
                )
                text = f"{labelled(field_label(name))} {before_text} -> {after_text}"
            rows.append((when if number else "", who if number else "", text))
    return rows
