"""No input from one device can stop another device's sync (issue 10), as a property.

Under a generated stream of hostile changes from one enrolled device (random
kinds, Automerge types, codes, duplicate sequence numbers, garbage bytes, huge
values), mixed with valid edits by it and by honest devices, syncs through a
real server and a USB bundle: every sync and import completes, and the honest
devices converge on the valid data.

Who receives what: X2 and X3 (the attacker's colleagues) only through the
server, H1 through the server and the attacker's bundle, H2 only through the
server. A signed group is refused whole by the server but change by change by
a device, so the attacker's own documents may legitimately differ between a
device that read its bundle and one that did not; everything else must be equal.
"""

from __future__ import annotations

import os
import random
import secrets
import tempfile
from pathlib import Path
from typing import Any

import pytest
from automerge.core import ScalarType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from serverproc import ServerProcess, enrolled_store, share_keys
from sync.util import edit, materialized, pending_count, sync

from client.bundles import export_bundle, import_bundle
from client.cases import create_case
from client.directory import put_entry
from client.replication import set_aside
from shared.access import authority_space

from .hostile import BAD_SCALARS, entry_fields, forge_group, forked, last_change, new_doc, put

STR_FIELDS = {"directory": ["phones", "authority_name", "languages", "comments", "code"]}
STR_FIELDS["case"] = ["title", "notes", "status", "persons", "particulars", "deadline"]
BAD = [*BAD_SCALARS.values(), (ScalarType.Int, 7), (ScalarType.Str, "x" * 400_001)]

hostile = st.one_of(
    st.tuples(
        st.just("bad_type"),
        st.sampled_from(["directory", "case"]),
        st.integers(0, 5),
        st.sampled_from(range(len(BAD))),
    ),
    st.tuples(
        st.just("unknown_field"),
        st.sampled_from(["directory", "case"]),
        st.sampled_from(["bytes", "timestamp"]),
    ),
    st.tuples(
        st.just("kind"),
        st.sampled_from(["directory", "case"]),
        st.sampled_from(["case", "directory", "approvals", "", "library", "return"]),
    ),
    st.tuples(st.just("code"), st.sampled_from(["other", "SN", "", "approvals"])),
    st.tuples(st.just("dup_seq"), st.sampled_from(["directory", "case"])),
    st.tuples(st.just("garbage"), st.sampled_from(["directory", "case"]), st.binary(max_size=300)),
    # Another authority's directory changes (all, or only the later ones) re-wrapped
    # in the attacker's own document, as a stick could carry them.
    st.tuples(st.just("steal"), st.booleans()),
)
step = st.one_of(
    hostile,
    st.tuples(st.just("honest"), st.sampled_from(["attacker", "x2", "x3", "h1", "h2"])),
    st.tuples(st.just("sync"), st.sampled_from(["attacker", "x2", "x3", "h1", "h2"])),
    st.tuples(st.just("bundle")),
)


class World:
    """One example's devices: the attacker's authority X (3 devices) and Y (2)."""

    def __init__(self, server: ServerProcess, root: Path) -> None:
        self.url = server.url
        self.root = root
        self.x, self.y = f"X-{secrets.token_hex(3)}", f"Y-{secrets.token_hex(3)}"
        make = lambda name, code: enrolled_store(root / f"{name}.sqlite", server, code)  # noqa: E731
        self.devices = {
            "attacker": make("attacker", self.x),
            "x2": make("x2", self.x),
            "x3": make("x3", self.x),
            "h1": make("h1", self.y),
            "h2": make("h2", self.y),
        }
        share_keys(self.devices["attacker"], self.devices["x2"], self.devices["x3"])
        share_keys(self.devices["h1"], self.devices["h2"])
        self.attacker = self.devices["attacker"]
        put_entry(self.attacker, {"code": self.x, "state": "ML", "authority_name": "X"})
        put_entry(self.devices["h1"], {"code": self.y, "state": "SN", "authority_name": "Y"})
        self.case = create_case(self.attacker, {"direction": "incoming", "kind": "mla"})
        self.rng = random.Random(0)
        self.bundles = 0

    def run(self, action: tuple[Any, ...]) -> None:
        name = action[0]
        if name == "honest":
            edit(self.devices[action[1]], self.rng, f"{action[1]}-{self.rng.random()}")
        elif name == "sync":
            sync(self.devices[action[1]], self.url)
        elif name == "bundle":
            self.bundles += 1
            path = export_bundle(self.attacker, self.root / f"b{self.bundles}.bundle").path
            import_bundle(self.devices["h1"], path)
        else:
            space, doc_id, bodies = self.hostile(action)
            if bodies:
                forge_group(self.attacker, space, [(doc_id, body) for body in bodies])

    def hostile(self, action: tuple[Any, ...]) -> tuple[str, str, list[bytes]]:
        name, target = action[0], action[1]
        space = "directory" if target in ("directory", True, False) else authority_space(self.x)
        doc_id = self.x if target == "directory" else self.case
        if name == "bad_type":
            field = STR_FIELDS[target][action[2] % len(STR_FIELDS[target])]
            return space, doc_id, [put(forked(self.attacker, doc_id), {field: BAD[action[3]]})]
        if name == "unknown_field":
            bad = {"x_unknown": BAD_SCALARS[action[2]]}
            return space, doc_id, [put(forked(self.attacker, doc_id), bad)]
        if name == "kind":
            doc = new_doc(entry_fields(self.x, kind=action[2]))
            return (
                space,
                doc_id if target == "directory" else os.urandom(6).hex(),
                [last_change(doc)],
            )
        if name == "code":
            code = self.y if target == "other" else target
            return "directory", self.x, [last_change(new_doc(entry_fields(code)))]
        if name == "steal":
            victim = self.devices["h1"]
            bodies = [
                body
                for (body,) in victim.conn.execute(
                    "SELECT body FROM changes WHERE doc_id = ? ORDER BY seq", (self.y,)
                )
            ]
            return "directory", self.x, bodies if target else bodies[1:]
        if name == "dup_seq":
            actor = os.urandom(16)
            field = "phones" if target == "directory" else "title"
            bodies = [
                put(forked(self.attacker, doc_id, actor), {field: (ScalarType.Str, text)})
                for text in ("one", "two")
            ]
            return space, doc_id, bodies
        return space, doc_id, [action[2]]  # garbage

    def settle(self) -> None:
        for _round in range(2):
            for store in self.devices.values():
                sync(store, self.url)

    def close(self) -> None:
        for store in self.devices.values():
            store.close()


def check_converged(world: World) -> None:
    d = world.devices
    x_space, y_space = authority_space(world.x), authority_space(world.y)
    # Same groups, same decisions: the server-only readers of X agree on everything.
    assert materialized(d["x2"], x_space) == materialized(d["x3"], x_space)
    assert materialized(d["x2"], "directory") == materialized(d["x3"], "directory")
    # Y's devices agree on Y's cases; everyone agrees on every entry but the attacker's.
    assert materialized(d["h1"], y_space) == materialized(d["h2"], y_space)
    others = [
        {k: v for k, v in materialized(store, "directory").items() if k != world.x}
        for store in d.values()
    ]
    assert all(view == others[0] for view in others)
    for store in d.values():
        for doc_id, (data, _heads) in materialized(store, "directory").items():
            assert data.get("_kind") == "directory" and data.get("code") == doc_id
        for doc_id, (data, _heads) in materialized(store, x_space).items():
            assert data.get("_kind") == "case", doc_id
        # Nothing waits silently: whatever is pending is shown as blocked.
        assert pending_count(store) == len([f for f in set_aside(store) if f.blocked])


def _run(server: ServerProcess, steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as root:
        world = World(server, Path(root))
        try:
            for action in steps:
                world.run(action)
            world.run(("bundle",))
            world.settle()
            check_converged(world)
        finally:
            world.close()


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(step, min_size=1, max_size=10))
def test_hostile_stream_never_stops_honest_devices(server, steps) -> None:
    _run(server, steps)


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(step, min_size=1, max_size=25))
def test_hostile_stream_never_stops_honest_devices_long(server, steps) -> None:
    _run(server, steps)


def test_the_property_can_fail(server) -> None:
    """The convergence check sees a difference when one honest edit did not travel."""
    with tempfile.TemporaryDirectory() as root:
        world = World(server, Path(root))
        try:
            world.settle()
            create_case(world.devices["h1"], {"direction": "incoming", "kind": "mla"})
            with pytest.raises(AssertionError):
                check_converged(world)
        finally:
            world.close()
