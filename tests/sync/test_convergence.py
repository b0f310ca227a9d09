"""Two authorities, two devices each, offline edits, syncs in random order: every copy of
a space converges, and no byte of one authority's space reaches the other's devices."""

from __future__ import annotations

import random

from faultproxy import FaultProxy, split_http_responses

from shared.access import authority_space
from shared.wire import unpack

from .util import (
    authority,
    edit,
    file_bytes,
    materialized,
    own_space,
    pending_count,
    spaces_held,
    sync,
)


def test_two_authorities_converge_and_stay_apart(server, make_device):
    with FaultProxy(server.port, capture=True) as proxy_a, FaultProxy(server.port) as proxy_b:
        a1, a2 = make_device("SN", url=proxy_a.url), make_device("SN", url=proxy_a.url)
        b1, b2 = make_device("ML", url=proxy_b.url), make_device("ML", url=proxy_b.url)
        devices = {"a1": a1, "a2": a2, "b1": b1, "b2": b2}
        url = {"a1": proxy_a.url, "a2": proxy_a.url, "b1": proxy_b.url, "b2": proxy_b.url}
        rng = random.Random(20250101)
        for round_no in range(4):
            for name, store in devices.items():
                for i in range(rng.randint(1, 4)):
                    edit(store, rng, f"{name}-{round_no}-{i}")
            for name in rng.sample(sorted(devices), k=rng.randint(2, 4)):
                sync(devices[name], url[name])
        for _ in range(2):  # everybody catches up
            for name in sorted(devices):
                sync(devices[name], url[name])

        space_a, space_b = own_space(a1), own_space(b1)
        assert materialized(a1, space_a) == materialized(a2, space_a)
        assert materialized(b1, space_b) == materialized(b2, space_b)
        assert len(materialized(a1, space_a)) >= 2 and len(materialized(b1, space_b)) >= 2
        # The shared directory converges across authorities.
        directories = [materialized(s, "directory") for s in devices.values()]
        assert all(d == directories[0] for d in directories)
        for store in devices.values():
            assert pending_count(store) == 0
            assert store.quarantined() == []

        # Authority A's devices hold nothing of B's space: not in their tables ...
        b_docs = set(materialized(b1, space_b))
        for store in (a1, a2):
            assert space_b not in spaces_held(store)
            assert not b_docs & {r[0] for r in store.conn.execute("SELECT doc_id FROM changes")}
            raw = file_bytes(store)
            assert not any(doc_id.encode() in raw for doc_id in b_docs)
        # ... and not in any answer the server sent them.
        pulls = 0
        for stream in proxy_a.captured_down:
            for status, body in split_http_responses(bytes(stream)):
                assert not any(doc_id.encode() in body for doc_id in b_docs)
                if status != 200 or not body.startswith(b"x"):
                    continue
                answer = unpack(body)
                if isinstance(answer, dict) and "groups" in answer:
                    pulls += 1
                    assert {g[0] for g in answer["groups"]} <= {
                        space_a,
                        "directory",
                        f"returns/{authority(a1)}",
                    }
                    assert authority_space(authority(b1)) not in answer["cursors"]
                    raw = repr(answer).encode()
                    assert not any(doc_id.encode() in raw for doc_id in b_docs)
        assert pulls >= 8
