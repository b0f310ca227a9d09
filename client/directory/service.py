"""Directory entries: one Automerge document per authority, id = authority code.

Each authority edits its own entry; what others rely on is the version the
secretariat approved, recorded as that document's heads in the `approvals`
document and rendered with Automerge's read-at-heads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.access import APPROVALS_DOC, valid_code
from shared.i18n import _
from shared.schema.directory import (
    DIRECTORY_FIELD_NAMES,
    DIRECTORY_FIELDS,
    DIRECTORY_FIELDS_BY_NAME,
)
from shared.schema.validation import ValidationError, clean_fields

from ..approvals import ApprovalBook, FieldChange, Review, ReviewState
from ..approvals import field_changes as _field_changes
from ..store import NotFound, Store

SPACE = "directory"


ApprovalState = ReviewState  # the name the screens know

# The directory's approvals: one document per authority, owned by the authority whose
# code is its id.
BOOK = ApprovalBook(SPACE, APPROVALS_DOC, ("directory",), lambda _store, doc_id: doc_id)


@dataclass(frozen=True)
class PendingEntry:
    """A proposal in the secretariat's queue, with what it changes."""

    code: str
    review: Review
    changes: list[FieldChange]
    state: str  # the State of the proposed version


def list_entries(store: Store, state: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT doc_id, code, state, authority_name, languages FROM directory"
    args: list[Any] = []
    if state:
        sql += " WHERE state = ?"
        args.append(state)
    rows = store.conn.execute(sql + " ORDER BY state, authority_name", args).fetchall()
    return [
        {
            "code": code,
            "state": st,
            "authority_name": name,
            "languages": [x for x in langs.split(",") if x],
            "approval": approval_state(store, code).value,
        }
        for _doc_id, code, st, name, langs in rows
    ]


def entry_count(store: Store) -> int:
    """Directory entries this store holds."""
    return int(store.conn.execute("SELECT count(*) FROM directory").fetchone()[0])


def entry_state(store: Store, code: str) -> str:
    """The State of the entry `code` as stored ("" when there is no such entry)."""
    row = store.conn.execute("SELECT state FROM directory WHERE doc_id = ?", (code,)).fetchone()
    return (row[0] or "") if row else ""


def get_entry(store: Store, code: str) -> dict[str, Any]:
    """The entry as it stands now, proposals included."""
    try:
        record = store.read(code)
    except NotFound:
        raise _missing(code) from None
    return _normalize(record)


def approved_entry(store: Store, code: str) -> dict[str, Any] | None:
    """The version the secretariat approved, or None if it never approved one."""
    version = BOOK.approved_version(store, code)
    return _normalize(version) if version is not None else None


def approval_state(store: Store, code: str) -> ReviewState:
    try:
        return BOOK.review(store, code).state
    except NotFound:
        return ReviewState.UNREVIEWED


def review(store: Store, code: str) -> Review:
    try:
        return BOOK.review(store, code)
    except NotFound:
        raise _missing(code) from None


def visible_entry(store: Store, code: str, viewer: str | None = None) -> dict[str, Any] | None:
    """What `viewer` (default: this device's authority) sees of an entry: its own entry as
    it stands, anyone else's as approved (None if never approved)."""
    if not store.exists(code):
        raise _missing(code)
    found = BOOK.visible(store, code, viewer or _own(store))
    return _normalize(found) if found is not None else None


def visible_entries(store: Store, state: str | None = None) -> list[dict[str, Any]]:
    """The directory as this device may rely on it: approved versions of others' entries
    (never-approved ones left out) and its own entry as it stands, each with its state."""
    own = _own(store)
    out = []
    for row in list_entries(store):
        entry = visible_entry(store, row["code"], own)
        if entry is None or (state and entry["state"] != state):
            continue
        out.append(
            {
                "code": row["code"],
                "state": entry["state"],
                "authority_name": entry["authority_name"],
                "languages": entry["languages"],
                "approval": row["approval"],
                "own": row["code"] == own,
            }
        )
    return sorted(out, key=lambda e: (e["state"], e["authority_name"]))


def create_entry(store: Store, values: Mapping[str, Any]) -> str:
    """A new entry: an authority's own first entry, or the secretariat's entry for a new
    authority. It stays proposed until the secretariat approves it."""
    cleaned = clean_fields(values, DIRECTORY_FIELDS_BY_NAME)
    code = cleaned.get("code") or ""
    for name in ("code", "state", "authority_name"):
        if not cleaned.get(name):
            raise ValidationError(name, _("is required"))
    if not valid_code(code):
        raise ValidationError("code", _("must be 1 to 32 letters, digits, '-' or '_' (e.g. SN-CA)"))
    role = store.get_meta("role")
    if code != _own(store) and role not in (None, "secretariat"):
        raise ValidationError(
            "code", _("only the secretariat can create the entry of another authority")
        )
    if store.exists(code):
        raise ValidationError(
            "code", _("'{code}' already has an entry; propose an edit instead").format(code=code)
        )
    store.create(SPACE, "directory", cleaned, doc_id=code)
    return code


def put_entry(store: Store, values: Mapping[str, Any]) -> str:
    """Create or replace fields of an entry (demo data, secretariat)."""
    cleaned = clean_fields(values, DIRECTORY_FIELDS_BY_NAME)
    code = cleaned.get("code")
    if not code:
        raise ValidationError("code", _("is required"))
    if store.exists(code):
        store.update(code, cleaned)
    else:
        store.create(SPACE, "directory", cleaned, doc_id=code)
    return code


def propose_edit(store: Store, code: str, values: Mapping[str, Any]) -> bool:
    """An authority's edit of its own entry (its first entry if it has none yet); shown as
    proposed until approved."""
    if "code" in values and values["code"] != code:
        raise ValidationError("code", _("cannot be changed"))
    if not store.exists(code):
        create_entry(store, {**values, "code": code})
        return True
    return store.update(code, clean_fields(values, DIRECTORY_FIELDS_BY_NAME))


def pending_entries(store: Store) -> list[PendingEntry]:
    """Proposals awaiting the secretariat, each with its field-by-field diff against the
    approved version."""
    out = []
    for item in BOOK.pending(store):
        approved = approved_entry(store, item.doc_id)
        proposal = _normalize(BOOK.version_at(store, item.doc_id, item.current) or {})
        changes = _field_changes(approved, proposal, [f.name for f in DIRECTORY_FIELDS])
        out.append(PendingEntry(item.doc_id, item, changes, proposal["state"]))
    return out


def approve_entry(
    store: Store, code: str, version: str | None = None, when: str | None = None
) -> Review:
    """Approve exactly `version` of the entry (default: as it stands here)."""
    return BOOK.approve(store, code, version, when)


def reject_entry(store: Store, code: str, reason: str, version: str | None = None) -> Review:
    return BOOK.reject(store, code, reason, version)


def entries_as_of(store: Store, moment: str) -> list[dict[str, Any]]:
    """Every entry as approved at `moment` (ISO date or date-time): what an edition shows."""
    out = []
    for code in sorted(store.doc_ids("directory", SPACE)):
        found = BOOK.approved_as_of(store, code, moment)
        if found is not None:
            out.append(_normalize(found))
    return sorted(out, key=lambda e: (e["state"], e["authority_name"], e["code"]))


def _own(store: Store) -> str:
    return store.get_meta("authority") or "LOCAL"


def _missing(code: str) -> ValidationError:
    return ValidationError("code", _("no directory entry for authority '{code}'").format(code=code))


def _normalize(record: dict[str, Any]) -> dict[str, Any]:
    out = {name: record.get(name) for name in DIRECTORY_FIELD_NAMES}
    for spec in DIRECTORY_FIELDS:
        value = out[spec.name]
        if spec.kind == "set":
            out[spec.name] = sorted(value) if isinstance(value, (list, dict)) else []
        elif value is None:
            out[spec.name] = ""
    return out
