"""Validation of field values, shared by the CLI, the forms and the server-side checks.

Every problem is raised as a ValidationError that names the field and says
what is wrong in plain words, so that callers can show it next to the field.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from shared.errors import EntraideError
from shared.i18n import _
from shared.i18n.labels import message_field, message_value, message_values

from .cases import FIELDS_BY_NAME, ITEM_FIELDS, PERSON_ROLES, PERSON_TYPES, TRANSITIONS, Field
from .states import STATE_FIELDS, UnknownState, resolve_state


class ValidationError(EntraideError, ValueError):
    """A value that cannot be stored, with the field it belongs to.

    `message` is already in the user's language: it is translated where it is
    built, with its values filled in (English unless the UI chose another).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def is_unicode_text(value: str) -> bool:
    """False for a string holding a lone surrogate (JSON "\\ud800"): it cannot be stored."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_text() -> str:  # noqa: N802 - reads as the message it returns
    return _("contains a character that is not text (a lone UTF-16 surrogate)")


def parse_date(field: str, value: str) -> str:
    """Accept an ISO date (YYYY-MM-DD) or an empty string; return it normalized."""
    value = value.strip()
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationError(
            field, _("'{value}' is not a date; use YYYY-MM-DD").format(value=value)
        ) from None


def clean_value(spec: Field, value: Any) -> Any:
    """Check one value against its field spec and return it in stored form."""
    name = spec.name
    if spec.kind in ("str", "text"):
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValidationError(name, _("must be text"))
        if len(value) > 100_000:
            raise ValidationError(name, _("is too long (over 100,000 characters)"))
        if not is_unicode_text(value):
            raise ValidationError(name, _not_text())
        if name in STATE_FIELDS:
            return _state(name, value)
        return value.strip() if spec.kind == "str" else value
    if spec.kind == "date":
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValidationError(name, _("must be a date written YYYY-MM-DD"))
        return parse_date(name, value)
    if spec.kind == "choice":
        value = "" if value is None else value
        if value not in spec.choices:
            allowed = message_values(name, (c for c in spec.choices if c)) or _("(none)")
            raise ValidationError(
                name,
                _("'{value}' is not one of: {allowed}").format(
                    value=message_value(name, value), allowed=allowed
                ),
            )
        return value
    if spec.kind == "set":
        items = _as_list(name, value)
        unknown = [v for v in items if spec.choices and v not in spec.choices]
        if unknown:
            raise ValidationError(
                name,
                _("unknown value(s) {values}; allowed: {allowed}").format(
                    values=", ".join(unknown), allowed=message_values(name, spec.choices)
                ),
            )
        return sorted(set(items))
    if spec.kind == "map":
        if value is None:
            return {}
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ValidationError(name, _("must be a mapping of names to text"))
        if not all(is_unicode_text(k) and is_unicode_text(v) for k, v in value.items()):
            raise ValidationError(name, _not_text())
        return {k: v for k, v in value.items()}
    if spec.kind == "items":
        return clean_items(name, value)
    if spec.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(name, _("must be a whole number"))
        return value
    raise ValidationError(name, _("has an unknown kind {kind}").format(kind=spec.kind))


def _state(name: str, value: str) -> str:
    """States are stored as ISO codes; a name in English, French or Portuguese is mapped."""
    try:
        return resolve_state(value)
    except UnknownState as exc:
        raise ValidationError(name, str(exc)) from None


def clean_items(name: str, value: Any) -> dict[str, dict[str, str]]:
    """Sub-records (persons, documents...): a mapping id -> fields, or a list of fields."""
    if value is None:
        return {}
    if isinstance(value, list):
        value = {secrets.token_hex(4): item for item in value}
    if not isinstance(value, Mapping):
        raise ValidationError(name, _("must be a list of records"))
    allowed = ITEM_FIELDS[name]
    cleaned: dict[str, dict[str, str]] = {}
    for item_id, item in value.items():
        if not isinstance(item, Mapping):
            raise ValidationError(name, _("each entry must be a record of fields"))
        unknown = set(item) - set(allowed)
        if unknown:
            raise ValidationError(
                name,
                _("unknown field(s) {fields}; allowed: {allowed}").format(
                    fields=", ".join(sorted(unknown)),
                    allowed=", ".join(message_field(f) for f in allowed),
                ),
            )
        entry = {}
        for key, val in item.items():
            if not isinstance(val, str):
                raise ValidationError(f"{name}.{key}", _("must be text"))
            if not is_unicode_text(val) or not is_unicode_text(str(key)):
                raise ValidationError(f"{name}.{key}", _not_text())
            entry[key] = (
                parse_date(f"{name}.{key}", val) if key in ("date", "date_of_birth") else val
            )
        if name == "persons" and entry.get("role", "other") not in PERSON_ROLES:
            raise ValidationError(
                "persons.role", _("'{value}' is not a known role").format(value=entry["role"])
            )
        _item_choice(entry, name, "persons", "person_type", PERSON_TYPES)
        _item_choice(entry, name, "documents", "annexed", ("yes", "no"))
        cleaned[str(item_id)] = entry
    return cleaned


def _item_choice(
    entry: dict[str, str], name: str, items: str, key: str, allowed: tuple[str, ...]
) -> None:
    value = entry.get(key, "")
    if name == items and value and value not in allowed:
        raise ValidationError(
            f"{name}.{key}",
            _("'{value}' is not one of: {allowed}").format(value=value, allowed=", ".join(allowed)),
        )


def _as_list(name: str, value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, Iterable) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValidationError(name, _("must be a list of values"))


def clean_fields(
    values: Mapping[str, Any], specs: Mapping[str, Field] = FIELDS_BY_NAME
) -> dict[str, Any]:
    """Validate a set of field values; unknown field names are refused."""
    cleaned = {}
    for name, value in values.items():
        spec = specs.get(name)
        if spec is None:
            raise ValidationError(name, _("unknown field"))
        cleaned[name] = clean_value(spec, value)
    return cleaned


def check_transition(current: str, new: str) -> None:
    """Refuse a status change the workflow does not allow."""
    if current == new:
        return
    allowed = TRANSITIONS.get(current, ())
    if new not in allowed:
        options = message_values("status", allowed) or _("none (the case is closed)")
        raise ValidationError(
            "status",
            _("cannot go from '{current}' to '{new}'; allowed next: {options}").format(
                current=message_value("status", current),
                new=message_value("status", new),
                options=options,
            ),
        )
