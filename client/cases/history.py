"""A record's history, read from its Automerge changes: who changed which field, when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..store import Store
from ..store.automerge_fields import META_KEYS, read_document
from .change_graph import concurrent_changes


@dataclass(frozen=True)
class HistoryEntry:
    when: str
    who: str
    change: str  # hash, hex
    fields: dict[str, tuple[Any, Any]]  # field -> (before, after)
    # Made without seeing another change (or unseen by it): two officers edited at once.
    concurrent: bool = False


def history(store: Store, doc_id: str) -> list[HistoryEntry]:
    """Every change of the record in causal order, with the fields it changed.

    Each change records `updated_at` and `updated_by` itself, so reading the
    document at that change gives its time and author. Concurrent changes are
    all kept, each with what it changed, and marked `concurrent`.
    """
    doc = store.document(doc_id)
    entries = []
    changes = doc.get_changes([])
    concurrent = concurrent_changes(changes)
    for change in changes:
        before = read_document(doc, list(change.deps)) if change.deps else {}
        after = read_document(doc, [change.hash])
        fields = {
            key: _changed_part(before.get(key), after.get(key))
            for key in sorted(set(before) | set(after))
            if key not in META_KEYS and before.get(key) != after.get(key)
        }
        entries.append(
            HistoryEntry(
                when=str(after.get("updated_at", "")),
                who=str(after.get("updated_by", "")),
                change=change.hash.hex(),
                fields=fields,
                concurrent=change.hash in concurrent,
            )
        )
    return entries


def _changed_part(before: Any, after: Any) -> tuple[Any, Any]:
    """For maps (particulars, persons, renders...), only the keys that changed.

    A render adds one item to `renders`: the history shows that item, not the
    whole list again at every render; setting one particular shows that one.
    """
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return before, after
    keys = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    return (
        {k: before[k] for k in keys if k in before},
        {k: after[k] for k in keys if k in after},
    )
