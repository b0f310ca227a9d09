"""Who may read and write an exchange space, and the keyset carrying exchange keys."""

from __future__ import annotations

import msgpack
import pytest

from shared.access import exchange_peer, exchange_space, may_read, may_write, valid_space
from shared.crypto import CryptoError, Keyset, new_exchange_key
from shared.exchange import EnvelopeRefused, join_parts, split_parts


def test_only_the_two_authorities_read_and_write_their_space() -> None:
    space = exchange_space("SN-CA", "NG-CAU")
    assert space == exchange_space("NG-CAU", "SN-CA") == "exchange/NG-CAU~SN-CA"
    assert valid_space(space)
    for code in ("NG-CAU", "SN-CA"):
        assert may_read(code, "officer", space) and may_write(code, "admin", space, "x1-0")
    assert exchange_peer("NG-CAU", space) == "SN-CA" and exchange_peer("SN-CA", space) == "NG-CAU"
    for code, role in (("GH-CA", "officer"), ("NG", "officer"), ("CAU", "officer")):
        assert not may_read(code, role, space) and not may_write(code, role, space, "x1-0")
    # The secretariat carries nothing of it either (its office relays bundles unread).
    assert not may_read("NG-CAU", "secretariat", space)
    for bad in (
        "exchange/NG",
        "exchange/NG-CA/x",
        "exchange/SN~NG",
        "exchange/NG~NG",
        "exchange/A~B~C",
    ):
        assert not valid_space(bad) and not may_read("NG", "officer", bad)


def test_exchange_keys_travel_in_the_keyset_and_old_keysets_still_read() -> None:
    keyset = Keyset("SN-CA")
    first = new_exchange_key(1, "2026-01-01")
    keyset.add_exchange(first)
    other = Keyset("SN-CA")
    second = new_exchange_key(2, "2026-02-01")
    other.add_exchange(second)
    assert keyset.merge(Keyset.from_bytes(other.to_bytes()))
    assert set(keyset.exchange) == {first.key_id, second.key_id}  # old pairs kept
    assert keyset.current_exchange == second
    again = Keyset.from_bytes(keyset.to_bytes())
    assert again.exchange[first.key_id].box_public == first.box_public
    # A keyset written before exchange keys existed (8 fields) still reads.
    old = msgpack.unpackb(Keyset("SN-CA").to_bytes(), raw=False)[:8]
    assert Keyset.from_bytes(msgpack.packb(old, use_bin_type=True)).exchange == {}
    forged = msgpack.unpackb(keyset.to_bytes(), raw=False)
    forged[8][0][0] = "0" * 16  # a pair whose id is not its keys'
    with pytest.raises(CryptoError):
        Keyset.from_bytes(msgpack.packb(forged, use_bin_type=True))


def test_parts_rebuild_the_envelope_or_refuse_it() -> None:
    data = bytes(range(256)) * 1000
    parts = split_parts(data, 10_000)
    assert len(parts) == 26 and join_parts(list(reversed(parts))) == data
    assert join_parts(parts[:-1]) is None  # a part still on its way: wait
    cut = [*parts[:-1], type(parts[-1])(parts[-1].envelope, 25, 26, parts[-1].data[:-1])]
    with pytest.raises(EnvelopeRefused, match="altered or truncated"):
        join_parts(cut)
