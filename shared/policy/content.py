"""Is a document's content what its kind allows? Automerge types and sizes, bounded work.

Every value is checked against its field's kind in `shared.schema` before it
is read whole (a Text's length before its text, a map's key count before its
keys' values), so a hostile document costs little to refuse. Fields the
schema does not know are tolerated only as small safe scalars, so that a newer
version may add one; bytes, timestamps, counters and unknown Automerge types
are refused everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from automerge.core import ROOT, Document, ObjType, ScalarType

from shared.schema.cases import Field

MAX_ROOT_KEYS = 500
MAX_KEY = 128  # characters of a field name or map key
MAX_STR = 100_000  # characters of a short field (as `shared.schema.validation`)
MAX_TEXT = 400_000  # characters of a narrative field (concurrent edits may add up)
MAX_ENTRIES = 2_000  # keys of a set, map or items field, or fields of one item
MAX_UNKNOWN_STR = 10_000
MAX_META_STR = 200
META_TYPES: dict[str, tuple[ScalarType, ...]] = {
    "_schema": (ScalarType.Int, ScalarType.Uint),
    "_kind": (ScalarType.Str,),
    "created_at": (ScalarType.Str,),
    "updated_at": (ScalarType.Str,),
    "updated_by": (ScalarType.Str,),
}
SAFE_SCALARS = (
    ScalarType.Str,
    ScalarType.Int,
    ScalarType.Uint,
    ScalarType.F64,
    ScalarType.Boolean,
    ScalarType.Null,
)


class ContentError(Exception):
    """What is wrong with a document's content, in a few words (internal to the policy)."""


def scalar(doc: Document, obj: bytes, key: str | int) -> tuple[ScalarType, Any] | None:
    """The scalar at `key`, None if absent; ContentError if it is an object."""
    got = doc.get(obj, key)
    if got is None:
        return None
    value = got[0]
    if isinstance(value, ObjType):
        raise ContentError(f"{key} holds an object where a value was expected")
    return value


def root_str(doc: Document, key: str) -> str | None:
    """A root string field, None if absent or not a string (never raises)."""
    try:
        value = scalar(doc, ROOT, key)
    except ContentError:
        return None
    return value[1] if value is not None and value[0] == ScalarType.Str else None


def check_content(doc: Document, specs: Mapping[str, Field]) -> None:
    """ContentError naming the first field whose Automerge type or size is not allowed."""
    keys = doc.keys(ROOT)
    if len(keys) > MAX_ROOT_KEYS:
        raise ContentError(f"{len(keys)} fields (at most {MAX_ROOT_KEYS})")
    for key in keys:
        if len(key) > MAX_KEY:
            raise ContentError(f"a field name is longer than {MAX_KEY} characters")
        got = doc.get(ROOT, key)
        if got is None:
            continue
        value, obj = got
        if key in META_TYPES:
            _check_scalar(key, value, META_TYPES[key], MAX_META_STR)
        elif key in specs:
            _check_field(doc, specs[key], value, obj)
        else:
            _check_scalar(key, value, SAFE_SCALARS, MAX_UNKNOWN_STR)


def _check_field(doc: Document, spec: Field, value: Any, obj: bytes) -> None:
    name = spec.name
    if spec.kind in ("str", "choice", "date"):
        _check_scalar(name, value, (ScalarType.Str,), MAX_STR)
        if spec.kind == "date" and value[1]:
            try:
                dt.date.fromisoformat(value[1])
            except ValueError:
                raise ContentError(f"{name} is not a date (YYYY-MM-DD)") from None
    elif spec.kind == "text":
        if value == ObjType.Text:
            if doc.length(obj) > MAX_TEXT:
                raise ContentError(f"{name} is longer than {MAX_TEXT:,} characters")
        else:
            _check_scalar(name, value, (ScalarType.Str,), MAX_STR)
    elif spec.kind == "set":
        _check_map(
            doc, name, value, obj, lambda k, v, o: _check_scalar(k, v, (ScalarType.Boolean,), 0)
        )
    elif spec.kind == "map":
        _check_map(
            doc, name, value, obj, lambda k, v, o: _check_scalar(k, v, (ScalarType.Str,), MAX_STR)
        )
    elif spec.kind == "items":

        def item(key: str, inner: Any, inner_obj: bytes) -> None:
            _check_map(
                doc,
                f"{name}.{key}",
                inner,
                inner_obj,
                lambda k, v, o: _check_scalar(k, v, (ScalarType.Str,), MAX_STR),
            )

        _check_map(doc, name, value, obj, item)
    else:
        raise ContentError(f"{name} has a kind the checks do not know ({spec.kind})")


def _check_map(doc: Document, name: str, value: Any, obj: bytes, check: Any) -> None:
    if value != ObjType.Map:
        raise ContentError(f"{name} must be a map")
    keys = doc.keys(obj)
    if len(keys) > MAX_ENTRIES:
        raise ContentError(f"{name} has {len(keys)} entries (at most {MAX_ENTRIES})")
    for key in keys:
        if len(key) > MAX_KEY:
            raise ContentError(f"a key of {name} is longer than {MAX_KEY} characters")
        got = doc.get(obj, key)
        if got is not None:
            check(f"{name}.{key}", got[0], got[1])


def _check_scalar(name: str, value: Any, types: tuple[ScalarType, ...], max_len: int) -> None:
    if isinstance(value, ObjType):
        raise ContentError(f"{name} must be a plain value, not {_type_name(value)}")
    kind, inner = value
    if kind not in types:
        raise ContentError(f"{name} may not hold a value of type {_type_name(kind)}")
    if kind == ScalarType.Str and len(inner) > max_len:
        raise ContentError(f"{name} is longer than {max_len:,} characters")
    if kind in (ScalarType.Int, ScalarType.Uint) and not -(2**63) <= inner < 2**64:
        raise ContentError(f"{name} is out of range")


def _type_name(value: Any) -> str:
    """'Bytes' for ScalarType.Bytes, 'Map' for ObjType.Map (the bindings have no .name)."""
    return str(value).rpartition(".")[2]
