"""Random schedules of offline edits and syncs across replicas converge to identical
materialized state (HYPOTHESIS_PROFILE=long for a long run)."""

from __future__ import annotations

import os
import random
import secrets
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from serverproc import enrolled_store, share_keys

from .util import edit, materialized, own_space, pending_count, sync

EXAMPLES = 150 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 6

step = st.tuples(
    st.sampled_from(["edit", "edit", "sync"]), st.integers(0, 2), st.integers(0, 2**32)
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(schedule=st.lists(step, min_size=1, max_size=14))
def test_random_schedules_converge(server, schedule):
    suffix = secrets.token_hex(3)
    with tempfile.TemporaryDirectory() as tmp:
        x1 = enrolled_store(Path(tmp) / "x1.sqlite", server, f"SN-{suffix}")
        x2 = enrolled_store(Path(tmp) / "x2.sqlite", server, f"SN-{suffix}")
        y1 = enrolled_store(Path(tmp) / "y1.sqlite", server, f"ML-{suffix}")
        share_keys(x1, x2)
        share_keys(y1)
        devices = [x1, x2, y1]
        try:
            for n, (action, who, seed) in enumerate(schedule):
                if action == "edit":
                    edit(devices[who], random.Random(seed), f"{n}")
                else:
                    sync(devices[who], server.url)
            for _ in range(2):
                for store in devices:
                    sync(store, server.url)
            assert materialized(x1, own_space(x1)) == materialized(x2, own_space(x2))
            directories = [materialized(s, "directory") for s in devices]
            assert directories[0] == directories[1] == directories[2]
            for store in devices:
                assert pending_count(store) == 0
            edits = sum(1 for action, who, _ in schedule if action == "edit" and who < 2)
            assert len(materialized(x1, own_space(x1))) >= min(1, edits)
        finally:
            for store in devices:
                store.close()
