"""Library documents: one Automerge document per instrument, party event and briefing
note, in the `library` space.

Only the secretariat writes them, but for the briefing note of an authority's own
State, which the authority may propose or edit (`edit_note`); the server and every
receiving device check it (`shared.access.may_write`, `shared.policy`). What every
device relies on is the version the secretariat approved, recorded by the same
`ApprovalBook` the directory uses; the proposing authority also sees its own draft.
A store never enrolled (demo data, a trial) keeps its own copy and may approve it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from shared.access import APPROVALS_DOC, authority_state, briefing_note_id
from shared.errors import EntraideError
from shared.i18n import _
from shared.schema.library import (
    BRIEFING_NOTE_FIELDS,
    BRIEFING_NOTE_FIELDS_BY_NAME,
    INSTRUMENT_FIELDS,
    INSTRUMENT_FIELDS_BY_NAME,
    MEASURE_KEYS,
    PARTY_EVENT_FIELDS,
    PARTY_EVENT_FIELDS_BY_NAME,
)
from shared.schema.states import UnknownState, resolve_state
from shared.schema.validation import ValidationError, clean_fields

from ..approvals import ApprovalBook, Review
from ..store import Store

SPACE = "library"
KINDS = ("instrument", "party_event", "briefing_note")
SECRETARIAT = "secretariat"  # the owner of every library document

# The library's approvals: every document is the secretariat's.
BOOK = ApprovalBook(SPACE, APPROVALS_DOC, KINDS, lambda _store, _doc_id: SECRETARIAT)

_FIELDS = {
    "instrument": (INSTRUMENT_FIELDS, INSTRUMENT_FIELDS_BY_NAME),
    "party_event": (PARTY_EVENT_FIELDS, PARTY_EVENT_FIELDS_BY_NAME),
    "briefing_note": (BRIEFING_NOTE_FIELDS, BRIEFING_NOTE_FIELDS_BY_NAME),
}
_SLUG = re.compile(r"[a-z0-9_]{1,40}")


class LibraryError(EntraideError):
    """A library record that cannot be written or found."""


# -- writing (secretariat) ---------------------------------------------------------------


def put_instrument(store: Store, values: Mapping[str, Any]) -> str:
    code = str(values.get("code") or "").strip().lower()
    if not _SLUG.fullmatch(code):
        raise ValidationError("code", _("must be 1 to 40 lower-case letters, digits or '_'"))
    return _put(store, "instrument", f"instr-{code}", {**values, "code": code})


def put_event(store: Store, values: Mapping[str, Any], doc_id: str | None = None) -> str:
    """A dated fact about one state and one instrument; `doc_id` keeps a stable id (seed)."""
    cleaned = dict(values)
    cleaned["state"] = _state(values.get("state"))
    instrument_code = str(values.get("instrument") or "").strip().lower()
    if not _SLUG.fullmatch(instrument_code):
        raise ValidationError("instrument", _("is required (an instrument code, e.g. untoc)"))
    cleaned["instrument"] = instrument_code
    if not values.get("source") and values.get("verified") == "yes":
        raise ValidationError("source", _("a verified fact needs its source"))
    return _put(store, "party_event", doc_id, cleaned)


def put_note(store: Store, values: Mapping[str, Any]) -> str:
    state = _state(values.get("state"))
    return _put(store, "briefing_note", briefing_note_id(state), {**values, "state": state})


# What an authority may change in its own State's note (the rest is the secretariat's).
NOTE_EDITABLE = ("languages", "channels", "measures", "timelines", "tips")


def note_editor_state(store: Store) -> str | None:
    """The State whose note this device may edit: its authority's (None for the
    secretariat and an unenrolled store, which edit every note)."""
    if store.get_meta("role") in (None, "secretariat"):
        return None
    state = authority_state(store.get_meta("authority") or "")
    if state is None:
        raise LibraryError(
            _("this device's authority code names no State: it cannot propose a briefing note")
        )
    return state


def edit_note(store: Store, state: str, changes: Mapping[str, Any]) -> str:
    """Propose (an authority) or make (the secretariat) changes to a State's briefing note.

    `changes` holds fields of NOTE_EDITABLE; `measures` adds or replaces the named
    measures only. A changed text drops the secretariat's translations of it (they
    described the old text). An authority may edit its own State's note only; the
    secretariat approves its proposal like any library record, and until then every
    other device keeps relying on the approved note."""
    state = _state(state)
    own = note_editor_state(store)
    if own is not None and own != state:
        raise LibraryError(
            _("a device of {authority} may propose only its own State's note ({state})").format(
                authority=store.get_meta("authority"), state=own
            )
        )
    unknown = sorted(set(changes) - set(NOTE_EDITABLE))
    if unknown:
        raise ValidationError(
            unknown[0],
            _("cannot be changed here (fields: {fields})").format(fields=", ".join(NOTE_EDITABLE)),
        )
    measures = changes.get("measures") or {}
    if not isinstance(measures, Mapping):
        raise ValidationError("measures", _("must be a map of measure -> text"))
    for key in measures:
        if key not in MEASURE_KEYS:
            raise ValidationError(
                f"measures.{key}",
                _("'{value}' is not one of: {allowed}").format(
                    value=key, allowed=", ".join(MEASURE_KEYS)
                ),
            )
    doc_id = briefing_note_id(state)
    current = store.read(doc_id) if store.exists(doc_id) else {}
    values: dict[str, Any] = {"state": state}
    translations = dict(current.get("translations") or {})
    for name, value in changes.items():
        if name == "measures":
            measures = {**dict(current.get("measures") or {}), **dict(value or {})}
            values["measures"] = {k: v for k, v in measures.items() if v}
            stale = [f"measures.{k}@" for k in (value or {})]
        else:
            values[name] = value
            stale = [f"{name}@"]
        translations = {k: v for k, v in translations.items() if not k.startswith(tuple(stale))}
    values["translations"] = translations
    if own is not None:
        authority = str(store.get_meta("authority"))
        values.update(written_by="authority", proposed_by=authority)
    cleaned = clean_fields(values, BRIEFING_NOTE_FIELDS_BY_NAME)
    with store.write():
        if store.exists(doc_id):
            store.update(doc_id, cleaned)
        else:
            store.create(SPACE, "briefing_note", cleaned, doc_id=doc_id)
    return doc_id


def note_review(store: Store, state: str) -> Review:
    """Where a State's note stands with the secretariat (proposed, rejected with a reason...)."""
    return BOOK.review(store, briefing_note_id(_state(state)))


def _put(store: Store, kind: str, doc_id: str | None, values: Mapping[str, Any]) -> str:
    role = store.get_meta("role")
    if role not in (None, "secretariat"):
        raise LibraryError(_("only a secretariat device can edit the legal library"))
    _fields, by_name = _FIELDS[kind]
    cleaned = clean_fields(values, by_name)
    if doc_id and store.exists(doc_id):
        if store.kind_of(doc_id) != kind:
            raise LibraryError(_("'{id}' is not a library record of this kind").format(id=doc_id))
        store.update(doc_id, cleaned)
        return doc_id
    return store.create(SPACE, kind, cleaned, doc_id=doc_id)


def _state(value: Any) -> str:
    try:
        return resolve_state(str(value or ""))
    except UnknownState as exc:
        raise ValidationError("state", str(exc)) from None


# -- review --------------------------------------------------------------------------------


def pending_items(store: Store) -> list[Review]:
    return BOOK.pending(store)


def approve_item(store: Store, doc_id: str, version: str | None = None) -> Review:
    return BOOK.approve(store, doc_id, version)


def reject_item(store: Store, doc_id: str, reason: str, version: str | None = None) -> Review:
    return BOOK.reject(store, doc_id, reason, version)


def approve_all(store: Store) -> int:
    """Approve every pending library record as it stands here (after the seed)."""
    pending = BOOK.pending(store)
    for review in pending:
        BOOK.approve(store, review.doc_id, review.version)
    return len(pending)


# -- reading: what this device may rely on --------------------------------------------------


def library_items(store: Store, kind: str) -> list[dict[str, Any]]:
    """Every record of `kind` this device may rely on: the approved version (the
    secretariat also sees its unapproved drafts, flagged `approved: False`)."""
    fields, _by_name = _FIELDS[kind]
    drafts_visible = store.get_meta("role") in (None, "secretariat")
    own_state = None if drafts_visible else authority_state(store.get_meta("authority") or "")
    own_note = briefing_note_id(own_state) if own_state else None
    out = []
    for doc_id in sorted(store.doc_ids(kind, SPACE)):
        record = BOOK.approved_version(store, doc_id)
        approved = record is not None and sorted(store.heads(doc_id)) == sorted(
            BOOK.review(store, doc_id).approved
        )
        if (drafts_visible or doc_id == own_note) and not approved:
            record = store.read(doc_id)
        if record is None:
            continue
        out.append({**_normalize(record, fields), "id": doc_id, "approved": approved})
    return out


def instruments(store: Store) -> list[dict[str, Any]]:
    return library_items(store, "instrument")


def instrument(store: Store, code: str) -> dict[str, Any]:
    for item in instruments(store):
        if item["code"] == code:
            return item
    raise LibraryError(_("no instrument '{code}' in the library").format(code=code))


def events_for(
    store: Store, state: str | None = None, instrument_code: str | None = None
) -> list[dict[str, Any]]:
    out = [
        e
        for e in library_items(store, "party_event")
        if (state is None or e["state"] == state)
        and (instrument_code is None or e["instrument"] == instrument_code)
    ]
    return sorted(out, key=lambda e: (e["instrument"], e["state"], e["date"] or "9999", e["event"]))


def briefing_note(store: Store, state: str) -> dict[str, Any] | None:
    for note in library_items(store, "briefing_note"):
        if note["state"] == state:
            return note
    return None


def _normalize(record: Mapping[str, Any], fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in fields:
        value = record.get(spec.name)
        if spec.kind == "set":
            out[spec.name] = sorted(value) if isinstance(value, (list, dict)) else []
        elif spec.kind in ("map", "items"):
            out[spec.name] = dict(value) if isinstance(value, dict) else {}
        else:
            out[spec.name] = "" if value is None else value
    return out
