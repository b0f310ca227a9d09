"""Directory entries: one Automerge document per authority, id = authority code.

Each authority edits its own entry; what others rely on is the version the
secretariat approved, recorded as that document's heads in the `approvals`
document and rendered with Automerge's read-at-heads.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from shared.access import APPROVALS_DOC
from shared.i18n import _
from shared.schema.directory import (
    DIRECTORY_FIELD_NAMES,
    DIRECTORY_FIELDS,
    DIRECTORY_FIELDS_BY_NAME,
)
from shared.schema.validation import ValidationError, clean_fields

from ..store import NotFound, Store
from ..store.automerge_fields import read_document

SPACE = "directory"


class ApprovalState(str, enum.Enum):
    APPROVED = "approved"  # the current version is the approved one
    PROPOSED = "proposed"  # edited since approval: awaiting the secretariat
    UNREVIEWED = "unreviewed"  # never approved


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


def get_entry(store: Store, code: str) -> dict[str, Any]:
    """The entry as it stands now, proposals included."""
    try:
        record = store.read(code)
    except NotFound:
        raise ValidationError(
            "code", _("no directory entry for authority '{code}'").format(code=code)
        ) from None
    return _normalize(record)


def approved_entry(store: Store, code: str) -> dict[str, Any] | None:
    """The version the secretariat approved, or None if it never approved one."""
    heads = _approved_heads(store, code)
    if not heads:
        return None
    doc = store.document(code)
    try:
        return _normalize(read_document(doc, heads))
    except Exception:  # heads not (yet) in this copy of the document
        return None


def approval_state(store: Store, code: str) -> ApprovalState:
    heads = _approved_heads(store, code)
    if not heads:
        return ApprovalState.UNREVIEWED
    try:
        current = store.heads(code)
    except NotFound:
        return ApprovalState.UNREVIEWED
    return ApprovalState.APPROVED if sorted(current) == sorted(heads) else ApprovalState.PROPOSED


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
    """An authority's edit of its own entry; shown as proposed until approved."""
    if "code" in values and values["code"] != code:
        raise ValidationError("code", _("cannot be changed"))
    get_entry(store, code)
    return store.update(code, clean_fields(values, DIRECTORY_FIELDS_BY_NAME))


def approve_entry(store: Store, code: str) -> None:
    """Record the entry's current heads as approved (the secretariat's act)."""
    heads = ",".join(h.hex() for h in store.heads(code))
    if store.exists(APPROVALS_DOC):
        store.update(APPROVALS_DOC, {"approved": {**_approvals(store), code: heads}})
    else:
        store.create(SPACE, "approvals", {"approved": {code: heads}}, doc_id=APPROVALS_DOC)


def _approvals(store: Store) -> dict[str, str]:
    if not store.exists(APPROVALS_DOC):
        return {}
    approved = store.read(APPROVALS_DOC).get("approved")
    return approved if isinstance(approved, dict) else {}


def _approved_heads(store: Store, code: str) -> list[bytes]:
    value = _approvals(store).get(code, "")
    return [bytes.fromhex(h) for h in value.split(",") if h]


def _normalize(record: dict[str, Any]) -> dict[str, Any]:
    out = {name: record.get(name) for name in DIRECTORY_FIELD_NAMES}
    for spec in DIRECTORY_FIELDS:
        value = out[spec.name]
        if spec.kind == "set":
            out[spec.name] = sorted(value) if isinstance(value, (list, dict)) else []
        elif value is None:
            out[spec.name] = ""
    return out
