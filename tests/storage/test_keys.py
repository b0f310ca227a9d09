"""The key store (escrow, grants, holder proofs) over each backend."""

from __future__ import annotations

import pytest

from sync_server.space_keys import KeyProtocolError, KeyStore

IDS = ["0123456789abcdef", "fedcba9876543210"]


def test_publish_is_compare_and_set(storage):
    keys = KeyStore(storage)
    assert keys.state("SN-CA") is None
    assert keys.publish("SN-CA", "d1", 0, IDS[0], IDS[:1], 1, b"escrow", {"d1": b"g1"}, set()) == 1
    with pytest.raises(KeyProtocolError) as lost:
        keys.publish("SN-CA", "d2", 0, IDS[0], IDS[:1], 1, None, {}, set())
    assert lost.value.status == 409
    assert keys.publish("SN-CA", "d2", 1, IDS[1], IDS, 1, None, {"d1": b"g2"}, {"d9"}) == 2
    state = keys.state("SN-CA")
    assert (state.version, state.current, state.key_ids) == (2, IDS[1], sorted(IDS))
    assert state.escrow == b"escrow" and state.covered == {"d9"}
    assert keys.grant("SN-CA", "d1") == b"g2"
    with pytest.raises(KeyProtocolError, match="never lose"):
        keys.publish("SN-CA", "d2", 2, IDS[1], IDS[1:], 1, None, {}, set())


def test_holders_are_replaced_and_forgotten(storage):
    keys = KeyStore(storage)
    keys.set_holder("SN-CA", "d1", IDS[0], b"p" * 16)
    keys.set_holder("SN-CA", "d1", IDS[1], b"q" * 16)
    assert keys.holders("SN-CA") == [("d1", IDS[1], b"q" * 16)]
    keys.forget_device("SN-CA", "d1")
    assert keys.holders("SN-CA") == []
