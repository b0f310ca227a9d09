"""Is a document's content what its kind allows? Automerge types and sizes, bounded work.

Every value is checked against its field's kind in `shared.schema` before it
is read whole (a Text's length before its text, a map's key count before its
keys' values), so a hostile document costs little to refuse. Fields the
schema does not know are tolerated only as small safe scalars, so that a newer
version may add one; bytes (but a returns book's entries, which one strict
parser reads), timestamps, counters and unknown Automerge types are refused
everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from automerge.core import ROOT, Document, ObjType, ScalarType

from shared.schema.cases import Field
from shared.schema.returns import (
    ANY_KEY,
    BOOK_META_KEYS,
    BookEntryError,
    is_entry_key,
    parse_entry,
)

MAX_ROOT_KEYS = 500
MAX_KEY = 128  # characters of a field name or map key
MAX_STR = 100_000  # characters of a short field (as `shared.schema.validation`)
MAX_TEXT = 400_000  # characters of a narrative field (concurrent edits may add up)
MAX_ENTRIES = 2_000  # keys of a set, map or items field, or fields of one item
MAX_CODED = 20_000  # root records of a returns book (shared.schema.returns.MAX_BOOK_ENTRIES)
MAX_UNKNOWN_STR = 10_000
MAX_META_STR = 200
META_TYPES: dict[str, tuple[ScalarType, ...]] = {
    "_schema": (ScalarType.Int, ScalarType.Uint),
    "_kind": (ScalarType.Str,),
    "created_at": (ScalarType.Str,),
    "updated_at": (ScalarType.Str,),
    "updated_by": (ScalarType.Str,),
}
# The metadata of a kind whose root keys are records (a returns book, never stamped).
CODED_META: dict[str, tuple[ScalarType, ...]] = {
    "_schema": META_TYPES["_schema"],
    "_kind": META_TYPES["_kind"],
    "_doc": (ScalarType.Str,),
}
assert tuple(CODED_META) == BOOK_META_KEYS
SAFE_SCALARS = (
    ScalarType.Str,
    ScalarType.Int,
    ScalarType.Uint,
    ScalarType.F64,
    ScalarType.Boolean,
    ScalarType.Null,
)


Heads = list[bytes] | None


class ContentError(Exception):
    """What is wrong with a document's content, in a few words (internal to the policy)."""


def scalar(
    doc: Document, obj: bytes, key: str | int, heads: Heads = None
) -> tuple[ScalarType, Any] | None:
    """The scalar at `key`, None if absent; ContentError if it is an object."""
    got = doc.get(obj, key, heads)
    if got is None:
        return None
    value = got[0]
    if isinstance(value, ObjType):
        raise ContentError(f"{key} holds an object where a value was expected")
    return value


def root_str(doc: Document, key: str, heads: Heads = None) -> str | None:
    """A root string field, None if absent or not a string (never raises)."""
    try:
        value = scalar(doc, ROOT, key, heads)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - ContentError, or Automerge on hostile bytes
        return None
    return value[1] if value is not None and value[0] == ScalarType.Str else None


def check_content(
    doc: Document, specs: Mapping[str, Field], heads: Heads = None, values: bool = True
) -> dict[str, Any]:
    """The document's fields as plain values (as the store materializes them), or
    ContentError naming the first field whose Automerge type or size is not allowed.

    `heads`: judge the document as it was at these heads (None: as it is now).
    `values=False`: judge only; a Text field's text is not read (its length is
    checked), and None stands for it. Reading a Text at past heads costs as much as
    its whole history, so the judgement of a change in a long chain skips it.
    """
    read = _Reader(doc, heads, values)
    keys = read.keys(ROOT)
    any_key = specs.get(ANY_KEY)  # a kind whose root keys are records (a returns book)
    limit = MAX_CODED if any_key else MAX_ROOT_KEYS
    if len(keys) > limit:
        raise ContentError(f"{len(keys)} fields (at most {limit})")
    return {key: _root_field(read, specs, key, got) for key, got in read.items(ROOT, keys)}


def check_fields(
    doc: Document,
    specs: Mapping[str, Field],
    keys: Iterable[str],
    heads: Heads,
    text_fits: Callable[[bytes], bool],
) -> None:
    """ContentError unless these root fields, where present, are what `check_content`
    allows (judged only, as with `values=False`). The rest of `check_content` (the
    number of root keys, the fields not named) is the caller's to know unchanged.

    `text_fits(obj)`: True when that Text is known to be short enough at `heads`
    without reading its length (which at past heads costs its whole history).
    """
    read = _Reader(doc, heads, False, text_fits)
    for key in keys:
        got = doc.get(ROOT, key, heads)
        if got is not None:
            _root_field(read, specs, key, got)


def scalar_fits(
    specs: Mapping[str, Field], key: str, types: Collection[ScalarType], longest: int
) -> bool:
    """True when any scalar of these types, at most `longest` bytes long if a string,
    passes as the value of root field `key` (False: read it to know). It follows
    `_root_field`'s rules for scalars: a change to those changes this too
    (`tests/trust/test_incremental_admission.py` compares the two ways)."""
    if len(key) > MAX_KEY:
        return False
    if specs.get(ANY_KEY):
        if key not in CODED_META:  # an entry of codes: its text is parsed
            return False
        allowed, limit = CODED_META[key], MAX_META_STR
    elif key in META_TYPES:
        allowed, limit = META_TYPES[key], MAX_META_STR
    elif key in specs:
        if specs[key].kind not in ("str", "choice", "text"):  # dates, numbers, maps: read
            return False
        allowed, limit = (ScalarType.Str,), MAX_STR
    else:
        allowed, limit = SAFE_SCALARS, MAX_UNKNOWN_STR
    return all(t in allowed for t in types) and longest <= limit


def _root_field(read: _Reader, specs: Mapping[str, Field], key: str, got: Any) -> Any:
    """One root field's plain value (None for a Text when not reading values), or
    ContentError."""
    if len(key) > MAX_KEY:
        raise ContentError(f"a field name is longer than {MAX_KEY} characters")
    if got is None:
        return None
    value, obj = got
    any_key = specs.get(ANY_KEY)
    if any_key and key in CODED_META:  # a book: its kind, schema and id, no stamps
        return _scalar(key, value, CODED_META[key], MAX_META_STR)
    if any_key:  # and every other key a case's key with its entry, nothing else
        if not is_entry_key(key):
            raise ContentError(f"{key[:20]!r} is not the key of an entry of codes")
        return _field(read, any_key, value, obj)
    if key in META_TYPES:
        return _scalar(key, value, META_TYPES[key], MAX_META_STR)
    if key in specs:
        return _field(read, specs[key], value, obj)
    return _scalar(key, value, SAFE_SCALARS, MAX_UNKNOWN_STR)


class _Reader:
    """Reads of one document at fixed heads."""

    def __init__(
        self,
        doc: Document,
        heads: Heads,
        values: bool = True,
        text_fits: Callable[[bytes], bool] | None = None,
    ) -> None:
        self.doc, self.heads, self.values = doc, heads, values
        self.text_fits = text_fits

    def keys(self, obj: bytes) -> list[str]:
        return self.doc.keys(obj, self.heads)

    def items(self, obj: bytes, keys: list[str]) -> list[tuple[str, Any]]:
        """(key, (value, id)) for these keys of `obj`: one call for all the values
        (`values` is far cheaper than one `get` per key, and returns the same winners)."""
        values = self.doc.values(obj, self.heads)
        if len(values) != len(keys):
            return [(key, self.doc.get(obj, key, self.heads)) for key in keys]
        return list(zip(keys, values, strict=True))

    def length(self, obj: bytes) -> int:
        return self.doc.length(obj, self.heads)

    def text(self, obj: bytes) -> str:
        return self.doc.text(obj, self.heads)


def _field(doc: _Reader, spec: Field, value: Any, obj: bytes) -> Any:
    name = spec.name
    if spec.kind in ("str", "choice", "date"):
        text = _scalar(name, value, (ScalarType.Str,), MAX_STR)
        if spec.kind == "date" and text:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                raise ContentError(f"{name} is not a date (YYYY-MM-DD)") from None
        return text
    if spec.kind == "int":
        return _scalar(name, value, (ScalarType.Int, ScalarType.Uint), 0)
    if spec.kind == "text":
        if value != ObjType.Text:
            return _scalar(name, value, (ScalarType.Str,), MAX_STR)
        fits = doc.text_fits is not None and doc.text_fits(obj)
        if not fits and doc.length(obj) > MAX_TEXT:
            raise ContentError(f"{name} is longer than {MAX_TEXT:,} characters")
        return doc.text(obj) if doc.values else None
    if spec.kind == "set":
        return _map(doc, name, value, obj, lambda n, v, o: _scalar(n, v, (ScalarType.Boolean,), 0))
    if spec.kind == "map":
        return _map(doc, name, value, obj, _plain_str)
    if spec.kind == "items":
        return _map(doc, name, value, obj, lambda n, v, o: _map(doc, n, v, o, _plain_str))
    if spec.kind == "codes":
        return _codes(doc, spec, name, value, obj)
    raise ContentError(f"{name} has a kind the checks do not know ({spec.kind})")


def _plain_str(name: str, value: Any, obj: bytes) -> Any:
    return _scalar(name, value, (ScalarType.Str,), MAX_STR)


def _codes(doc: _Reader, spec: Field, name: str, value: Any, obj: bytes) -> Any:
    """One entry of codes: bytes of small numbers of listed fields (a returns book entry,
    `shared.schema.returns.parse_entry`: nothing else can ride in one)."""
    data = _scalar(name, value, (ScalarType.Bytes,), 0)
    try:
        parse_entry(data)
    except BookEntryError as exc:
        raise ContentError(f"{name} is not an entry of codes: {exc}") from None
    return data


def _map(
    doc: _Reader, name: str, value: Any, obj: bytes, check: Any, limit: int = MAX_ENTRIES
) -> Any:
    """A map's entries, each checked by `check(name, value, obj)`; a set (all True) as a
    sorted list, as `client.store.automerge_fields.read_document` reads it."""
    if value != ObjType.Map:
        raise ContentError(f"{name} must be a map")
    keys = doc.keys(obj)
    if len(keys) > limit:
        raise ContentError(f"{name} has {len(keys)} entries (at most {limit})")
    inner: dict[str, Any] = {}
    for key, got in doc.items(obj, keys):
        if len(key) > MAX_KEY:
            raise ContentError(f"a key of {name} is longer than {MAX_KEY} characters")
        inner[key] = None if got is None else check(f"{name}.{key}", got[0], got[1])
    if inner and all(v is True for v in inner.values()):
        return sorted(inner)
    return inner


def _scalar(name: str, value: Any, types: tuple[ScalarType, ...], max_len: int) -> Any:
    if isinstance(value, ObjType):
        raise ContentError(f"{name} must be a plain value, not {_type_name(value)}")
    kind, inner = value
    if kind not in types:
        raise ContentError(f"{name} may not hold a value of type {_type_name(kind)}")
    if kind == ScalarType.Str and len(inner) > max_len:
        raise ContentError(f"{name} is longer than {max_len:,} characters")
    if kind in (ScalarType.Int, ScalarType.Uint) and not -(2**63) <= inner < 2**64:
        raise ContentError(f"{name} is out of range")
    return inner


def _type_name(value: Any) -> str:
    """'Bytes' for ScalarType.Bytes, 'Map' for ObjType.Map (the bindings have no .name)."""
    return str(value).rpartition(".")[2]
