"""Writing record fields into an Automerge document and reading them back.

Field kinds map to Automerge types so that concurrent edits merge well:
short fields are scalar strings, sets and sub-records are maps keyed by
value or id (concurrent additions both survive), long narrative fields are
collaborative Text edited by splicing only the part that changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from automerge.core import ROOT, Document, ObjType, ScalarType

from shared.schema.cases import Field
from shared.schema.returns import ANY_KEY

META_KEYS = ("_schema", "_kind", "_doc", "created_at", "updated_at", "updated_by")


def write_fields(tx: Any, specs: Mapping[str, Field], values: Mapping[str, Any]) -> bool:
    """Apply cleaned field values inside an open transaction, writing only what differs.

    Returns True if anything was written.
    """
    changed = False
    for name, value in values.items():
        spec = specs[name] if name in specs else specs[ANY_KEY]
        if spec.kind == "text":
            changed |= _write_text(tx, ROOT, name, value)
        elif spec.kind == "set":
            changed |= _write_map(tx, ROOT, name, {v: True for v in value})
        elif spec.kind == "map":
            changed |= _write_map(tx, ROOT, name, value)
        elif spec.kind == "codes":
            # A returns book entry: bytes at the root, rewritten only if they differ.
            changed |= _put_scalar(tx, ROOT, name, value)
        elif spec.kind == "items":
            items, created = _ensure_map(tx, ROOT, name)
            changed |= created
            for item_id in set(tx.keys(items)) - set(value):
                tx.delete(items, item_id)
                changed = True
            for item_id, fields in value.items():
                changed |= _write_map(tx, items, item_id, fields, delete_missing=False)
        else:
            changed |= _put_scalar(tx, ROOT, name, value)
    return changed


def put_meta(tx: Any, key: str, value: Any) -> None:
    _put_scalar(tx, ROOT, key, value)


def _put_scalar(tx: Any, obj: bytes, key: str, value: Any) -> bool:
    current = tx.get(obj, key)
    if current is not None and not isinstance(current[0], ObjType) and current[0][1] == value:
        return False
    if isinstance(value, bool):
        tx.put(obj, key, ScalarType.Boolean, value)
    elif isinstance(value, bytes):  # a returns book entry (the only bytes a record holds)
        tx.put(obj, key, ScalarType.Bytes, value)
    elif isinstance(value, int):
        tx.put(obj, key, ScalarType.Int, value)
    else:
        tx.put(obj, key, ScalarType.Str, str(value))
    return True


def _ensure_map(tx: Any, obj: bytes, key: str) -> tuple[bytes, bool]:
    current = tx.get(obj, key)
    if current is not None and current[0] == ObjType.Map:
        return current[1], False
    return tx.put_object(obj, key, ObjType.Map), True


def _write_map(
    tx: Any, obj: bytes, key: str, value: Mapping[str, Any], delete_missing: bool = True
) -> bool:
    target, changed = _ensure_map(tx, obj, key)
    if delete_missing:
        for old in set(tx.keys(target)) - set(value):
            tx.delete(target, old)
            changed = True
    for k, v in value.items():
        changed |= _put_scalar(tx, target, k, v)
    return changed


def _write_text(tx: Any, obj: bytes, key: str, value: str) -> bool:
    current = tx.get(obj, key)
    if current is not None and current[0] == ObjType.Text:
        text_id = current[1]
        old = tx.text(text_id)
    else:
        text_id = tx.put_object(obj, key, ObjType.Text)
        old = ""
    if old == value:
        return text_id != (current[1] if current else None)
    # Splice only the changed middle so that concurrent edits elsewhere survive.
    start = 0
    limit = min(len(old), len(value))
    while start < limit and old[start] == value[start]:
        start += 1
    end_old, end_new = len(old), len(value)
    while end_old > start and end_new > start and old[end_old - 1] == value[end_new - 1]:
        end_old -= 1
        end_new -= 1
    tx.splice_text(text_id, start, end_old - start, value[start:end_new])
    return True


def read_document(doc: Document, heads: list[bytes] | None = None) -> dict[str, Any]:
    """All root fields as plain Python values (sets become sorted lists)."""
    return {key: _read(doc, ROOT, key, heads) for key in doc.keys(ROOT, heads)}


def read_fields(
    doc: Document, names: Iterable[str], heads: list[bytes] | None = None
) -> dict[str, Any]:
    """Some root fields only (absent ones as None): cheaper than the whole record."""
    return {name: _read(doc, ROOT, name, heads) for name in names}


def _read(doc: Document, obj: bytes, key: str | int, heads: list[bytes] | None) -> Any:
    got = doc.get(obj, key, heads)
    if got is None:
        return None
    value, obj_id = got
    if value == ObjType.Text:
        return doc.text(obj_id, heads)
    if value == ObjType.Map:
        inner = {k: _read(doc, obj_id, k, heads) for k in doc.keys(obj_id, heads)}
        if inner and all(v is True for v in inner.values()):
            return sorted(inner)
        return inner
    if value == ObjType.List:
        return [_read(doc, obj_id, i, heads) for i in range(doc.length(obj_id, heads))]
    assert isinstance(value, tuple)  # a scalar: (its type, its value)
    return value[1]
