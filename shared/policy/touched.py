"""Which root fields each change of a document's history touches, and how long its texts can be.

Judging a change on the state it was written on (DESIGN §3.5a) reads the document
at past heads, which costs as much as the document's history. In a linear chain
the state a change leaves is the state before it plus its own ops, and the content
check is a check of each root field on its own plus a count of root keys: when the
state before passed, only the fields the change touched can fail. This follows the
whole history of one document, change after change in causal order, so that it
knows for each object the root field that holds it (from the op that made it) and
an upper bound of any text's length: the sum, over every op ever applied to it but
deletions, of the characters one op can show (`change_ops.width`). A text's visible
characters are each shown by one of those ops, so it can never be longer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from automerge.core import ScalarType

from .change_ops import DELETE, MAKE_TEXT, MAKES, VALUE_TYPES, ObjectId, OpsError, change_ops, width

EXID_TAG = 0x10  # first byte of an object id as the Python bindings give it (not the root)


@dataclass
class Touched:
    """What one change touched: root fields (None when an op names an object not
    followed), and texts, whose length alone a change inside them can alter."""

    fields: set[str] | None
    texts: set[ObjectId]
    inside: set[str]  # the fields among `fields` touched inside an object they hold


@dataclass
class HistoryTracker:
    """The objects, root keys and text bounds of a document's history, followed change
    after change; `broken` once a change could not be read (nothing is known after it)."""

    fields: dict[ObjectId, str] = field(default_factory=dict)  # object -> its root field
    widths: dict[ObjectId, int] = field(default_factory=dict)  # object -> characters bound
    root_keys: set[str] = field(default_factory=set)  # every root key ever written
    texts: set[ObjectId] = field(default_factory=set)  # the text objects among `fields`
    # Every value ever put at a root key: its scalar types and longest string (bytes),
    # and the keys that ever held an object.
    root_types: dict[str, set[int]] = field(default_factory=dict)  # value type codes
    root_longest: dict[str, int] = field(default_factory=dict)
    root_objects: set[str] = field(default_factory=set)
    broken: bool = False

    def follow(self, raw: bytes) -> Touched | None:
        """Add the next change of the history; what it touched, None if unknown."""
        if self.broken:
            return None
        try:
            ops = change_ops(raw)
        except OpsError:
            self.broken = True
            return None
        touched: set[str] | None = set()
        texts: set[ObjectId] = set()
        inside: set[str] = set()
        actors, actor, counter = ops.actors, ops.actors[0], ops.start_op
        for step, index, ctr, key, action, meta in ops.segments():
            if index is None:  # the root: a map, every op on it names a key
                if key is None:
                    self.broken = True
                    return None
                root: str | None = key
                self.root_keys.add(key)
                if action in MAKES:
                    self.root_objects.add(key)
                elif action != DELETE:
                    self._put(key, meta)
            elif ctr is None or index >= len(actors):  # a malformed object id
                self.broken = True
                return None
            else:
                obj = (actors[index], ctr)
                if action != DELETE:
                    self.widths[obj] = self.widths.get(obj, 0) + step * width(meta)
                if obj in self.texts:  # an op inside a text changes nothing but its length
                    texts.add(obj)
                    counter += step
                    continue
                root = self.fields.get(obj)
                if root is not None:
                    inside.add(root)
            if root is None:
                touched = None
                counter += step
                continue
            if touched is not None:
                touched.add(root)
            if action in MAKES:
                for made in range(counter, counter + step):
                    self.fields[(actor, made)] = root
                    if action == MAKE_TEXT:
                        self.texts.add((actor, made))
            counter += step
        return Touched(touched, texts, inside)

    def _put(self, key: str, meta: int | None) -> None:
        """A value put at a root key (an increment too: only more types is safe)."""
        meta = meta or 0
        self.root_types.setdefault(key, set()).add(meta & 0x0F)
        self.root_longest[key] = max(self.root_longest.get(key, 0), meta >> 4)

    def scalars_only(self, key: str) -> tuple[list[ScalarType], int] | None:
        """(the types, the longest string) of every value ever put at root key `key`,
        None if it ever held an object: whatever value wins there is one of these."""
        if key in self.root_objects:
            return None
        codes = self.root_types.get(key, set())
        types = [VALUE_TYPES.get(code, ScalarType.Unknown) for code in sorted(codes)]
        return types, self.root_longest.get(key, 0)

    def text_bound(self, obj: bytes) -> int | None:
        """The most characters the object `obj` (an id from the bindings) can hold at
        any state of the history followed, None if it is not followed."""
        key = object_key(obj)
        if key is None or key not in self.fields:
            return None
        return self.widths.get(key, 0)


def object_key(obj: bytes) -> ObjectId | None:
    """(actor, counter) of an object id as the Python bindings give it: tag, actor length,
    actor, actor index, counter (LEB128 numbers); None for anything else."""
    try:
        if not obj or obj[0] != EXID_TAG:
            return None
        size, offset = _uleb(obj, 1)
        actor = obj[offset : offset + size]
        _index, offset = _uleb(obj, offset + size)
        counter, offset = _uleb(obj, offset)
    except IndexError:
        return None
    return (actor, counter) if offset == len(obj) and len(actor) == size else None


def _uleb(data: bytes, offset: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[offset]
        value |= (byte & 0x7F) << shift
        offset += 1
        if not byte & 0x80:
            return value, offset
        shift += 7
