"""A record's changes as a graph: which change saw which (used by history and conflicts).

Automerge lists a document's changes in causal order, each with the hashes of
the changes it was made on (its dependencies). Two changes are concurrent
when neither saw the other: they were made on different devices before a sync.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def has_concurrency(changes: Sequence[Any]) -> bool:
    """True if at least two changes were made without one seeing the other."""
    used: set[bytes] = set()
    for change in changes:
        if len(change.deps) > 1:
            return True  # a change made on a merge of two branches
        for dep in change.deps:
            if dep in used:
                return True  # two changes grew from the same one
            used.add(dep)
    return len({c.hash for c in changes} - used) > 1  # two branches not merged yet


def ancestors(changes: Sequence[Any]) -> dict[bytes, set[bytes]]:
    """Every change's ancestors (all the changes it saw)."""
    result: dict[bytes, set[bytes]] = {}
    for change in changes:
        found: set[bytes] = set()
        for dep in change.deps:
            found.add(dep)
            found |= result.get(dep, set())
        result[change.hash] = found
    return result


def concurrent_changes(changes: Sequence[Any]) -> set[bytes]:
    """Hashes of the changes made without seeing at least one other change, or being seen by it."""
    if not has_concurrency(changes):
        return set()
    seen = ancestors(changes)
    related = {c.hash: {c.hash} | seen[c.hash] for c in changes}
    for change in changes:
        for ancestor in seen[change.hash]:
            related[ancestor].add(change.hash)
    return {h for h, r in related.items() if len(r) < len(changes)}
