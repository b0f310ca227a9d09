"""Property: any interleaving of edits, bundle exchanges, acknowledgements and network syncs
among several replicas converges to identical state, with no edit lost.

Every example uses a fresh authority on the session's real server, so examples do
not see each other's cases. HYPOTHESIS_PROFILE=long runs many more examples.
"""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from serverproc import ServerProcess

from client.bundles import export_ack, export_bundle, import_bundle, peer_knowledge
from client.cases import update_case
from client.store import Store
from client.sync import SyncAgent

from .conftest import new_case, share_keys

REPLICAS = 3
replica = st.integers(0, REPLICAS - 1)
step = st.one_of(
    st.tuples(st.just("create"), replica),
    st.tuples(
        st.just("edit"), replica, st.integers(0, 50), st.sampled_from(["title", "summary", "notes"])
    ),
    st.tuples(st.just("bundle"), replica, replica, st.booleans()),
    st.tuples(st.just("ack"), replica, replica),
    st.tuples(st.just("sync"), replica),
)
# A third of the profile's examples: each one enrolls devices and syncs with a real server.
EXAMPLES = max(4, settings().max_examples // 3)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("convergence")


@settings(max_examples=EXAMPLES, deadline=None)
@given(steps=st.lists(step, max_size=14), settle=st.sampled_from(["bundles", "network"]))
def test_replicas_converge_with_no_lost_edit(server: ServerProcess, workdir, steps, settle) -> None:
    code = f"P{secrets.token_hex(4).upper()}"
    root = workdir / code
    root.mkdir()
    stores = [server.enroll(Store(root / f"r{i}.sqlite"), code) for i in range(REPLICAS)]
    share_keys(stores[0], *stores[1:])
    counter = 0
    try:
        for action, i, *rest in steps:
            counter += 1
            here = stores[i]
            if action == "create":
                new_case(here, f"case {counter}")
            elif action == "edit":
                cases = sorted(here.doc_ids("case"))
                if cases:
                    index, field = rest
                    update_case(
                        here, cases[index % len(cases)], {field: f"{field} {counter} by {i}"}
                    )
            elif action == "bundle":
                there, for_peer = stores[rest[0]], rest[1]
                if there is here:
                    continue
                peer = (
                    there.device_id if for_peer and peer_knowledge(here, there.device_id) else None
                )
                path = root / f"{counter}.bundle"
                import_bundle(there, export_bundle(here, path, peer=peer).path)
            elif action == "ack":
                there = stores[rest[0]]
                if there is not here:
                    import_bundle(there, export_ack(here, root / f"{counter}.ack").path)
            else:
                SyncAgent(here).sync_once()

        if settle == "bundles":  # a ring of sticks, never the network
            for i, j in ((0, 1), (1, 2), (2, 0), (0, 1)):
                import_bundle(stores[j], export_bundle(stores[i], root / f"ring{i}{j}.bundle").path)
        else:
            for _ in range(2):
                for store in stores:
                    SyncAgent(store).sync_once()

        authored = set()
        for store in stores:
            authored |= {
                h
                for (h,) in store.conn.execute(
                    "SELECT hash FROM changes WHERE author = ?", (store.device_id,)
                )
            }
        for store in stores:
            applied = {
                h for (h,) in store.conn.execute("SELECT hash FROM changes WHERE applied = 1")
            }
            assert authored <= applied, "an edit was lost"
        views = [_view(store) for store in stores]
        assert all(view == views[0] for view in views[1:])
    finally:
        for store in stores:
            store.close()


def _view(store: Store) -> dict[str, object]:
    """The cases as users see them, and the changes they are made of."""
    docs = dict(
        store.conn.execute("SELECT doc_id, data FROM documents WHERE kind = 'case'").fetchall()
    )
    heads = dict(
        store.conn.execute("SELECT doc_id, heads FROM documents WHERE kind = 'case'").fetchall()
    )
    return {"documents": docs, "heads": heads}
