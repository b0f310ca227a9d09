"""Creating and editing cases: validation, the status workflow, one change per save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from shared.access import authority_space
from shared.i18n import _
from shared.i18n.labels import message_value
from shared.schema.cases import CASE_FIELDS, ENDING_OUTCOMES, FIELDS_BY_NAME, STATUS_DATES
from shared.schema.states import STATE_FIELDS, state_code_or_value
from shared.schema.validation import ValidationError, check_transition, clean_fields

from ..returns.service import authority_of, save_return
from ..store import Store


def own_authority(store: Store) -> str:
    """The authority this device works for (set at enrollment or by the demo)."""
    return store.get_meta("authority") or "LOCAL"


def create_case(
    store: Store, values: Mapping[str, Any], when: str | None = None, doc_id: str | None = None
) -> str:
    """Validate and store a new case; returns its id.

    `when` (ISO timestamp) back-dates the change, for imports and demo data. `doc_id`
    gives the id (else a random one): a case received through the channel has an id
    derived from its package, so every device of the authority opens the same case.
    """
    _refuse_decision(values)
    cleaned = clean_fields(values)
    for name in ("direction", "kind"):
        if not cleaned.get(name):
            spec = FIELDS_BY_NAME[name]
            choices = f" {_('or')} ".join(message_value(name, c) for c in spec.choices if c)
            raise ValidationError(name, _("is required ({choices})").format(choices=choices))
    cleaned.setdefault("status", "draft")
    cleaned.setdefault("urgency", "normal")
    _fill_status_date(cleaned, cleaned["status"], {}, when)
    _fill_outcome(cleaned, cleaned["status"], {})
    authority = own_authority(store)
    with store.write():  # the case and its de-identified return, in one transaction
        case_id = store.create(
            authority_space(authority), "case", cleaned, doc_id=doc_id, when=when
        )
        save_return(store, case_id, authority)
    return case_id


def get_case(store: Store, case_id: str) -> dict[str, Any]:
    record = store.read(case_id)
    if record.get("_kind") != "case":
        raise ValidationError("id", _("'{id}' is not a case").format(id=case_id))
    return normalize(record)


def update_case(
    store: Store, case_id: str, values: Mapping[str, Any], when: str | None = None
) -> bool:
    """Validate and apply field values as one change; a status change must follow the workflow."""
    _refuse_decision(values)
    current = get_case(store, case_id)
    cleaned = clean_fields(values)
    _rewrite_state_names(store.read(case_id), current, cleaned)
    if "status" in cleaned:
        check_transition(current.get("status") or "draft", cleaned["status"])
        # Imported here: client.requests uses client.cases.
        from ..requests.gate import check_sent_gate

        check_sent_gate(store, case_id, current, cleaned)
        _fill_status_date(cleaned, cleaned["status"], current, when)
        _fill_outcome(cleaned, cleaned["status"], current)
    with store.write():  # the case and its de-identified return, in one transaction
        changed = store.update(case_id, cleaned, when=when)
        if changed:
            save_return(
                store, case_id, authority_of(current.get("space") or "") or own_authority(store)
            )
    return changed


def merge_map_assignments(store: Store, case_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn "particulars.KEY" assignments into the whole map with only that key changed.

    `--set particulars.bank_name=Ecobank` sets one particular and keeps the
    others; an empty value removes the key. Other names pass through unchanged.
    """
    merged: dict[str, Any] = {}
    maps: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        field, dot, key = name.partition(".")
        spec = FIELDS_BY_NAME.get(field)
        if not dot or spec is None or spec.kind != "map":
            merged[name] = value
            continue
        if not key.strip():
            raise ValidationError(
                name, _("give the key after the dot, e.g. {field}.KEY").format(field=field)
            )
        if not isinstance(value, str):
            raise ValidationError(name, _("must be text"))
        if field not in maps:
            maps[field] = dict(get_case(store, case_id)[field])
        if value.strip():
            maps[field][key.strip()] = value
        else:
            maps[field].pop(key.strip(), None)
    return {**merged, **maps}


def _rewrite_state_names(
    stored: Mapping[str, Any], current: Mapping[str, Any], cleaned: dict[str, Any]
) -> None:
    """A state still stored as a name (before codes) is saved as its code with the next change."""
    for name in STATE_FIELDS:
        if name not in cleaned and stored.get(name) != current.get(name):
            cleaned[name] = current[name]


def set_status(
    store: Store, case_id: str, status: str, when: str | None = None, **extra: Any
) -> bool:
    return update_case(store, case_id, {"status": status, **extra}, when=when)


def _refuse_decision(values: Mapping[str, Any]) -> None:
    """`status_decision` records a decision between concurrent statuses: only
    `decide_status` (client/cases/conflicts.py) writes it."""
    if "status_decision" in values:
        raise ValidationError(
            "status_decision",
            _("is recorded when concurrent statuses are decided (entraide case decide)"),
        )


def _fill_status_date(
    values: dict[str, Any], status: str, current: Mapping[str, Any], when: str | None = None
) -> None:
    date_field = STATUS_DATES.get(status)
    if date_field and not values.get(date_field) and not current.get(date_field):
        values[date_field] = when[:10] if when else dt.date.today().isoformat()


def _fill_outcome(values: dict[str, Any], status: str, current: Mapping[str, Any]) -> None:
    """An ending status gives the outcome category, unless someone chose one already."""
    outcome = ENDING_OUTCOMES.get(status)
    if outcome and not values.get("outcome_category") and not current.get("outcome_category"):
        values["outcome_category"] = outcome


def normalize(record: dict[str, Any]) -> dict[str, Any]:
    """Give every case field a value of its kind, so readers need no special cases."""
    for spec in CASE_FIELDS:
        value = record.get(spec.name)
        if spec.kind == "set":
            record[spec.name] = sorted(value) if isinstance(value, (list, dict)) else []
        elif spec.kind in ("map", "items"):
            record[spec.name] = value if isinstance(value, dict) else {}
        elif value is None:
            record[spec.name] = ""
        elif spec.name in STATE_FIELDS:
            # Cases stored before states were codes may hold a name: read it as its code.
            record[spec.name] = state_code_or_value(value)
    return record
