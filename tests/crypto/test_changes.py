"""Group plaintext and the signed-group wire form: hashes computed, bounds enforced."""

from __future__ import annotations

import os

import pytest
from automerge.core import ROOT, Document, ScalarType
from nacl.signing import SigningKey

from shared.changes import ChangeError, change_hash, pack_changes, unpack_changes
from shared.envelope import MAX_PAYLOAD, EnvelopeError, SignedGroup, sign_group


def _changes(text: str, n: int = 1) -> list:
    doc = Document()
    out = []
    for i in range(n):
        with doc.transaction() as tx:
            tx.put(ROOT, f"k{i}", ScalarType.Str, text)
        out.append(doc.get_last_local_change())
    return out


@pytest.mark.parametrize("size", [1, 300, 100_000])
def test_change_hash_agrees_with_automerge(size: int) -> None:
    changes = _changes(os.urandom(size // 2 + 1).hex()[:size], 3)
    for change in changes:
        assert change.raw_bytes[8] == 1 and change_hash(change.raw_bytes) == change.hash
    # ... and Automerge applies the raw chunks as those very changes.
    loaded = Document.load(Document().save() + b"".join(c.raw_bytes for c in changes))
    assert loaded.get_heads() == [changes[-1].hash]


def test_change_hash_rejects_what_is_not_one_uncompressed_change() -> None:
    (change,) = _changes("x" * 5000)
    raw = change.raw_bytes
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "a", ScalarType.Str, "b")
    bad = {
        "empty": b"",
        "garbage": b"not automerge at all",
        "document chunk": doc.save(),
        "compressed change": change.bytes,
        "checksum": raw[:4] + bytes(4) + raw[8:],
        "flipped byte": raw[:-1] + bytes([raw[-1] ^ 1]),
        "truncated": raw[:-1],
        "two chunks": raw + raw,
    }
    for name, data in bad.items():
        with pytest.raises(ChangeError):
            change_hash(data)
            pytest.fail(name)


def test_group_plaintext_round_trip_and_bounds() -> None:
    changes = _changes("note", 3)
    plaintext = pack_changes(("doc1", c.raw_bytes) for c in changes)
    parsed = unpack_changes(plaintext)
    assert [(p.doc_id, p.hash) for p in parsed] == [("doc1", c.hash) for c in changes]
    import msgpack

    for hostile in (
        b"\xc1",
        msgpack.packb([]),
        msgpack.packb({"a": 1}),
        msgpack.packb([["doc1"]]),
        msgpack.packb([["", changes[0].raw_bytes]]),
        msgpack.packb([["d" * 65, changes[0].raw_bytes]]),
        msgpack.packb([["doc1", "text"]]),
        msgpack.packb([["doc1", b"\x85oJ\x83"]]),
    ):
        with pytest.raises(ChangeError):
            unpack_changes(hostile)


def test_wire_form_bounds() -> None:
    key = SigningKey.generate()
    good = sign_group("directory", "dev1", "", b"payload", key)
    assert SignedGroup.from_wire(good.to_wire()) == good
    assert good.to_wire() == ["directory", "dev1", "", good.signature, b"payload"]
    bad = [
        None,
        [1, 2, 3],
        ["nowhere", "dev1", "", good.signature, b"p"],
        ["directory", "", "", good.signature, b"p"],
        ["directory", "d" * 65, "", good.signature, b"p"],
        ["directory", "dev1", "k" * 16, good.signature, b"p"],  # a plaintext space, encrypted
        ["authority/SN", "dev1", "", good.signature, b"p"],  # a case space in clear
        ["authority/SN", "dev1", "k" * 65, good.signature, b"p"],
        ["directory", "dev1", "", b"short", b"p"],
        ["directory", "dev1", "", good.signature, b""],
        ["directory", "dev1", "", good.signature, "text"],
        ["directory", "dev1", "", good.signature, bytes(MAX_PAYLOAD + 1)],
    ]
    for wire in bad:
        with pytest.raises(EnvelopeError):
            SignedGroup.from_wire(wire)
    # The signature covers space, author, key id and payload.
    other = SignedGroup("directory", "dev1", "", b"payloaX", good.signature)
    assert other.group_id != good.group_id
