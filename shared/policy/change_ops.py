"""What one change's operations touch: the object, map key, action and value size of each op.

Read from the op columns of an uncompressed Automerge change chunk (automerge binary
format: after the header, a column count, then (spec, length) pairs, then the
columns' data; each column run-length encoded, automerge-rs
`storage/change/change_op_columns.rs` and `columnar/encoding/rle.rs`). Only the
columns this needs are read: the object (actor index, counter), the map key, the
action and the value's metadata (its type and byte length). Anything unexpected (a
DEFLATE column, a malformed run) is an OpsError, and the caller judges the change
whole instead: this never decides a change, it only tells which fields to look at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from automerge.core import ScalarType

from shared.changes import HEADER_SIZE, uleb128

MAX_OPS = 1_000_000  # a longer change is judged whole (and cannot hide a memory bomb here)

# Column specs: (column id << 4) | type; bit 3 set means DEFLATE-compressed.
OBJ_ACTOR, OBJ_CTR, KEY_STR, ACTION, VALUE_META = 0x01, 0x02, 0x15, 0x42, 0x56
DEFLATE = 0x08
_WANTED = frozenset((OBJ_ACTOR, OBJ_CTR, KEY_STR, ACTION, VALUE_META))
# Actions (automerge-rs `OpType::action_index`): the ones that create an object, and delete.
MAKES = frozenset((0, 2, 4, 6))  # make map, list, text, table
MAKE_TEXT = 4
DELETE = 3

ObjectId = tuple[bytes, int]  # (actor, counter) of the op that made the object

# The value type in the low 4 bits of value metadata (automerge binary format): the
# scalar type a value of each code reads as; codes 10 and above are unknown types.
VALUE_TYPES: dict[int, ScalarType] = {
    0: ScalarType.Null,
    1: ScalarType.Boolean,  # false
    2: ScalarType.Boolean,  # true
    3: ScalarType.Uint,
    4: ScalarType.Int,
    5: ScalarType.F64,
    6: ScalarType.Str,
    7: ScalarType.Bytes,
    8: ScalarType.Counter,
    9: ScalarType.Timestamp,
}


class OpsError(ValueError):
    """Internal: the op columns could not be read (the change is then judged whole)."""


Run = tuple[Any, int]  # (value, how many ops in a row have it; None: null)


@dataclass(frozen=True)
class ChangeOps:
    """The op columns of one change, as runs of equal values."""

    actors: list[bytes]  # the change's actor first, then the others it names
    start_op: int  # the counter of its first op; op i has the id (actors[0], start_op + i)
    count: int  # ops
    obj_actor: list[Run]  # index in `actors` of the object's actor; None: the root
    obj_ctr: list[Run]  # (not checked here against obj_actor: the reader does)
    keys: list[Run]  # the map key (None for a list or text element)
    actions: list[Run]
    meta: list[Run]  # value metadata: byte length << 4 | type

    def segments(self) -> Iterator[tuple[int, Any, Any, Any, int, Any]]:
        """(ops, object actor index, object counter, key, action, value metadata) for
        each stretch of ops where all five are the same, in op order."""
        columns = (self.obj_actor, self.obj_ctr, self.keys, self.actions, self.meta)
        iters = [iter(c) for c in columns]
        current = [list(next(it, (None, self.count))) for it in iters]
        left = self.count
        while left > 0:
            step = min(left, *(run[1] for run in current))
            yield (step, *(run[0] for run in current))
            left -= step
            for run, it in zip(current, iters, strict=True):
                run[1] -= step
                if run[1] == 0:
                    run[:] = next(it, (None, left))


def change_ops(raw: bytes) -> ChangeOps:
    """The op columns of one uncompressed change chunk (OpsError if they cannot be read)."""
    try:
        return _ops(raw)
    except OpsError:
        raise
    except (ValueError, IndexError, TypeError, OverflowError) as exc:  # (bad UTF-8, LEB128)
        raise OpsError(str(exc)) from None


def width(meta: int | None) -> int:
    """At most the characters an op with this value metadata can show in a text: one, or
    its string's byte length (each character takes at least one byte)."""
    return max(1, (meta or 0) >> 4)


def _ops(raw: bytes) -> ChangeOps:
    _, offset = _uleb(raw, HEADER_SIZE)  # the chunk length
    count, offset = _uleb(raw, offset)
    offset += 32 * count  # dependencies
    size, offset = _uleb(raw, offset)
    actors = [raw[offset : offset + size]]
    _seq, offset = _uleb(raw, offset + size)
    start_op, offset = _uleb(raw, offset)
    _time, offset = _uleb(raw, offset)  # signed, but only skipped
    size, offset = _uleb(raw, offset)
    offset += size  # message
    count, offset = _uleb(raw, offset)
    for _index in range(count):
        size, offset = _uleb(raw, offset)
        actors.append(raw[offset : offset + size])
        offset += size
    count, offset = _uleb(raw, offset)
    specs: list[tuple[int, int]] = []
    for _index in range(count):
        spec, offset = _uleb(raw, offset)
        size, offset = _uleb(raw, offset)
        specs.append((spec, size))
    columns: dict[int, bytes] = {}
    for spec, size in specs:
        if spec & DEFLATE:
            raise OpsError("a compressed column")
        if spec in _WANTED:
            columns[spec] = raw[offset : offset + size]
        offset += size
    if offset > len(raw):
        raise OpsError("a column is cut short")
    actions, n = _runs(columns.get(ACTION, b""), _uleb)
    if any(value is None for value, _count in actions):
        raise OpsError("an op without an action")
    obj_actor = _within(_runs(columns.get(OBJ_ACTOR, b""), _uleb), n)
    obj_ctr = _within(_runs(columns.get(OBJ_CTR, b""), _uleb), n)
    keys = _within(_runs(columns.get(KEY_STR, b""), _str), n)
    meta = _within(_runs(columns.get(VALUE_META, b""), _uleb), n)
    return ChangeOps(actors, start_op, n, obj_actor, obj_ctr, keys, actions, meta)


def _within(runs: tuple[list[Run], int], n: int) -> list[Run]:
    """A column shorter than the ops is null for the rest (automerge writes nothing for a
    column whose values are all null)."""
    if runs[1] > n:
        raise OpsError("a column is longer than the ops")
    return runs[0]


def _uleb(data: bytes, offset: int) -> tuple[int, int]:
    byte = data[offset]
    if byte < 0x80:  # most numbers here fit in one byte
        return byte, offset + 1
    return uleb128(data, offset)


def _str(data: bytes, offset: int) -> tuple[str, int]:
    size, offset = _uleb(data, offset)
    if offset + size > len(data):
        raise OpsError("a string is cut short")
    return data[offset : offset + size].decode("utf-8"), offset + size


def _runs(data: bytes, read: Callable[[bytes, int], tuple[Any, int]]) -> tuple[list[Run], int]:
    """A run-length encoded column as runs, and its length in values: (signed count,
    value) runs, a negative count before that many literal values, a zero count before
    a count of nulls."""
    out: list[Run] = []
    offset = total = 0
    end = len(data)
    while offset < end:
        byte = data[offset]
        if byte < 0x80:  # a one-byte count (most are): 0..63, or -64..-1
            count, offset = (byte if byte < 0x40 else byte - 0x80), offset + 1
        else:
            count, offset = _sleb(data, offset)
        if count > 0:
            value, offset = read(data, offset)
            out.append((value, count))
            total += count
        elif count < 0:
            for _index in range(-count):
                value, offset = read(data, offset)
                out.append((value, 1))
            total -= count
        else:
            nulls, offset = _uleb(data, offset)
            out.append((None, nulls))
            total += nulls
        if total > MAX_OPS:
            raise OpsError(f"more than {MAX_OPS:,} ops")
    return out, total


def _sleb(data: bytes, offset: int) -> tuple[int, int]:
    value = shift = 0
    for index in range(offset, min(len(data), offset + 10)):
        byte = data[index]
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            if byte & 0x40:
                value -= 1 << shift
            return value, index + 1
    raise OpsError("a run count is malformed")
