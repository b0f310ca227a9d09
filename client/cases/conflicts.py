"""Concurrent status changes that merged into a state no officer chose: found and decided.

Automerge merges concurrent edits field by field. When one officer records a
case as executed (with its date and outcome) while another, not yet synced,
records it as withdrawn, the merged case shows one status and may keep the
other's date or outcome: a state nobody chose, shown as if it made sense.

The case's change graph tells what happened. The *versions* are the status
writes no later status write has seen: one per concurrent branch (a single one
when everybody saw everybody's status). There is a conflict when the versions
end the case in two different ways (two terminal statuses), or when the merged
case holds a status-bound field (outcome, grounds for refusal, date executed,
date closed) that comes from a version whose status lost.

A decision is a normal edit, recorded in the history: it sets the chosen
status, restores the chosen version's status-bound fields where the merge
took another version's, and records `status_decision` (which status was chosen
over which). Being a status write that has seen every version, it is the only
version left, so the conflict is gone on every device that receives it.
Both versions stay in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from automerge.core import Document

from shared.i18n import _
from shared.i18n.labels import message_field, message_value, message_values
from shared.schema.validation import ValidationError, clean_fields

from ..store import Store
from ..store.automerge_fields import read_fields
from ..store.branches import branched_documents
from .change_graph import ancestors, has_concurrency
from .service import get_case, normalize

# Statuses that end the work on a request: the workflow's endings, and closed.
TERMINAL = ("executed", "partially_executed", "refused", "withdrawn", "closed")
# Fields a status fills in or that only make sense with one status.
STATUS_BOUND = ("outcome", "refusal_grounds", "date_executed", "date_closed")
# Writing either of these is a status write (a decision may keep the status as it is).
STATUS_WRITE = ("status", "status_decision")
_READ = (*STATUS_WRITE, *STATUS_BOUND, "updated_by", "updated_at")  # at each change


@dataclass(frozen=True)
class StatusVersion:
    """One officer's status on a concurrent branch, with the fields bound to it."""

    status: str
    who: str
    when: str
    change: str  # hash (hex) of the change that wrote it
    fields: dict[str, Any]  # STATUS_BOUND fields as that officer left them


@dataclass(frozen=True)
class CaseConflict:
    case_id: str
    current: str  # the status the merge shows
    versions: tuple[StatusVersion, ...]
    terminal: tuple[str, ...]  # distinct terminal statuses among the versions (two or more)
    borrowed: dict[str, str] = field(default_factory=dict)  # field -> status it came with

    @property
    def choices(self) -> list[str]:
        """The statuses a decision may choose: each version's, once, in version order."""
        return list(dict.fromkeys(v.status for v in self.versions))

    def to_dict(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "choices": self.choices,
            "terminal": list(self.terminal),
            "borrowed": dict(self.borrowed),
            "versions": [asdict(v) for v in self.versions],
        }

    def describe(self) -> str:
        """One sentence saying what no officer chose."""
        parts = []
        if self.terminal:
            parts.append(
                _("concurrent edits ended the case in different ways: {statuses}").format(
                    statuses=message_values("status", self.terminal)
                )
            )
        for name, status in self.borrowed.items():
            parts.append(
                _(
                    "{field} comes from the “{status}” edit, but the status shown is “{current}”"
                ).format(
                    field=message_field(name),
                    status=message_value("status", status),
                    current=message_value("status", self.current),
                )
            )
        return "; ".join(parts)


def find_conflict(store: Store, case_id: str) -> CaseConflict | None:
    """The case's status conflict, or None when its status is one an officer chose."""
    doc = store.document(case_id)
    changes = doc.get_changes([])
    if not has_concurrency(changes):
        return None  # one line of edits: every status was chosen knowingly
    seen = ancestors(changes)
    after = {c.hash: read_fields(doc, _READ, [c.hash]) for c in changes}
    writers = [c.hash for c in changes if _writes_status(doc, c, after)]
    versions_at = [w for w in writers if not any(w in seen[o] for o in writers if o != w)]
    if len(versions_at) < 2:
        return None
    versions = tuple(_version(h, after[h]) for h in versions_at)
    if len({v.status for v in versions}) < 2:
        return None  # everyone chose the same status
    merged = get_case(store, case_id)
    current = merged.get("status") or "draft"
    terminal = tuple(sorted({v.status for v in versions if v.status in TERMINAL}))
    if len(terminal) < 2:
        terminal = ()
    borrowed = _borrowed(merged, current, versions)
    if not terminal and not borrowed:
        return None
    return CaseConflict(case_id, current, versions, terminal, borrowed)


def has_conflict(store: Store, case_id: str) -> bool:
    """Whether the case has a status conflict; remembered for the case's current heads."""
    heads = tuple(store.heads(case_id))
    key = (str(store.path), case_id)
    known = _known.get(key)
    if known is not None and known[0] == heads:
        return known[1]
    result = find_conflict(store, case_id) is not None
    if len(_known) >= _KNOWN_LIMIT:
        _known.clear()
    _known[key] = (heads, result)
    return result


def mark_conflicts(store: Store, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Case list rows with `conflict` set (True/False): the list's marker.

    Only cases whose changes branched are looked at closely (one query for the page).
    """
    rows = list(rows)
    branched = branched_documents(store, (row["id"] for row in rows))
    return [
        {**row, "conflict": row["id"] in branched and has_conflict(store, row["id"])}
        for row in rows
    ]


# The answer depends only on the case's changes, which its heads name: a list page
# refreshed after an unrelated write asks Automerge nothing again.
_known: dict[tuple[str, str], tuple[tuple[bytes, ...], bool]] = {}
_KNOWN_LIMIT = 50_000


def decide_status(store: Store, case_id: str, status: str, when: str | None = None) -> bool:
    """Settle a conflict on `status`, one of the concurrent versions' statuses.

    The workflow does not apply: the decision says which of the officers' moves
    stands, it is not a new move.
    """
    conflict = find_conflict(store, case_id)
    if conflict is None:
        raise ValidationError("status", _("this case has no conflicting statuses to decide"))
    chosen = [v for v in conflict.versions if v.status == status]
    if not chosen:
        raise ValidationError(
            "status",
            _("'{value}' is not one of the concurrent statuses: {allowed}").format(
                value=message_value("status", status),
                allowed=message_values("status", conflict.choices),
            ),
        )
    version = chosen[-1]
    others = [v for v in conflict.versions if v.status != status]
    merged = get_case(store, case_id)
    values: dict[str, Any] = {
        "status": status,
        "status_decision": "{status} over {others} [{changes}]".format(
            status=status,
            others=", ".join(dict.fromkeys(v.status for v in others)),
            changes=" ".join(v.change[:8] for v in conflict.versions),
        ),
    }
    for name in STATUS_BOUND:
        # Restore what the merge took from another version; a later edit is kept.
        mine = version.fields.get(name)
        if merged.get(name) != mine and any(merged.get(name) == v.fields.get(name) for v in others):
            values[name] = mine
    return store.update(case_id, clean_fields(values), when=when)


# -- the change graph ------------------------------------------------------------------------


def _writes_status(doc: Document, change: Any, after: dict[bytes, dict[str, Any]]) -> bool:
    deps = list(change.deps)
    if not deps:
        before: dict[str, Any] = {}
    elif len(deps) == 1:
        before = after[deps[0]]
    else:
        before = read_fields(doc, _READ, deps)
    state = after[change.hash]
    return any(before.get(k) != state.get(k) for k in STATUS_WRITE)


def _version(change: bytes, state: dict[str, Any]) -> StatusVersion:
    record = normalize(dict(state))
    return StatusVersion(
        status=record.get("status") or "draft",
        who=str(record.get("updated_by") or ""),
        when=str(record.get("updated_at") or ""),
        change=change.hex(),
        fields={name: record.get(name) for name in STATUS_BOUND},
    )


def _borrowed(
    merged: dict[str, Any], current: str, versions: tuple[StatusVersion, ...]
) -> dict[str, str]:
    """Status-bound fields the merge took from a version whose status is not the one shown."""
    winners = [v for v in versions if v.status == current]
    borrowed: dict[str, str] = {}
    for name in STATUS_BOUND:
        value = merged.get(name)
        if not winners or any(value == w.fields.get(name) for w in winners):
            continue
        sources = [
            v.status for v in versions if v.status != current and v.fields.get(name) == value
        ]
        if sources:
            borrowed[name] = sources[0]
    return borrowed
