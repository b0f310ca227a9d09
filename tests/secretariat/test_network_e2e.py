"""The secretariat's side end to end, with a real server process on loopback: three
authorities and a secretariat device, one authority's traffic relayed by USB through
another; directory review; returns and their protection."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import httpx

from client import directory
from client.bundles import export_bundle, import_bundle
from client.cases import create_case, update_case
from client.returns import read_returns
from client.stats.network import network_statistics
from client.store import Store
from client.sync import SyncAgent
from shared.access import APPROVALS_DOC
from shared.wire import pack

from .net import Net


def _case(store: Store, tag: str, state: str, **values: object) -> str:
    return create_case(
        store,
        {
            "direction": "incoming",
            "kind": "mla",
            "title": f"Operation {tag}",
            "our_ref": f"REF-{tag}",
            "notes": f"confidential note {tag}",
            "requesting_state": state,
            "persons": [{"role": "suspect", "name": f"Person {tag}"}],
            **values,
        },
    )


def test_returns_reach_the_secretariat_by_network_and_usb(net: Net, tmp_path: Path) -> None:
    a, b, c, sec = net.a, net.b, net.c, net.sec
    secrets_typed: list[str] = []
    for store, n, state in ((a, 4, "GH"), (b, 3, "SN"), (c, 5, "NG")):
        for i in range(n):
            tag = f"{net.tag}-{store.get_meta('authority')}-{i}"
            secrets_typed += [f"Operation {tag}", f"REF-{tag}", f"note {tag}", f"Person {tag}"]
            case_id = _case(store, tag, state, offence_categories=["corruption"])
            if i % 2:
                update_case(store, case_id, {"status": "received", "legal_basis_category": "untoc"})
    SyncAgent(a).sync_once()
    # C is offline: its groups travel on a stick to B, whose sync forwards them.
    import_bundle(b, export_bundle(c, tmp_path / "c.bundle").path)
    SyncAgent(b).sync_once()
    report = SyncAgent(sec).sync_once()
    assert not report.refused
    held = read_returns(sec)
    for store in (a, b, c):
        code = store.get_meta("authority")
        mine = sorted(map(_key, read_returns(store, code)))
        assert sorted(map(_key, (r for r in held if r["authority"] == code))) == mine
        assert mine  # each office has returns
    assert len(held) == 12
    # The secretariat's network figures equal those computed from each office's own store.
    for store in (a, b, c):
        code = store.get_meta("authority")
        assert asdict(network_statistics(sec, authority=code)) == asdict(
            network_statistics(store, authority=code)
        )
    network = network_statistics(sec)
    assert network.by_offence == [("corruption", 12)] and network.total == 12
    assert {code for code, _i, _o in network.by_authority} == {
        s.get_meta("authority") for s in (a, b, c)
    }
    # The officers' devices hold no other authority's returns (C's passed through B unread).
    assert {r["authority"] for r in read_returns(b)} == {b.get_meta("authority")}
    # Nothing typed by people is in the server's database, in clear.
    raw = b"".join(Path(p).read_bytes() for p in net.server_files())
    leaks = [s for s in secrets_typed if s.encode() in raw]
    assert leaks == []


def _key(record: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in record.items()))


def test_review_cycle_across_devices(net: Net) -> None:
    a, b, sec = net.a, net.b, net.sec
    code = a.get_meta("authority")
    directory.propose_edit(a, code, {"state": "SN", "authority_name": "Direction A"})
    SyncAgent(a).sync_once()
    SyncAgent(sec).sync_once()
    [item] = [p for p in directory.pending_entries(sec) if p.code == code]
    assert {c.field for c in item.changes} == {"code", "state", "authority_name"}
    directory.approve_entry(sec, code, item.review.version)
    SyncAgent(sec).sync_once()
    SyncAgent(b).sync_once()
    assert directory.visible_entry(b, code)["authority_name"] == "Direction A"

    # A proposal; the secretariat reviews it while A edits again: only the reviewed one counts.
    directory.propose_edit(a, code, {"phones": "+221 1"})
    SyncAgent(a).sync_once()
    SyncAgent(sec).sync_once()
    [shown] = [p for p in directory.pending_entries(sec) if p.code == code]
    directory.propose_edit(a, code, {"phones": "+221 2"})
    SyncAgent(a).sync_once()
    directory.approve_entry(sec, code, shown.review.version)
    SyncAgent(sec).sync_once()
    [left] = [p for p in directory.pending_entries(sec) if p.code == code]
    assert [(c.before, c.after) for c in left.changes] == [("+221 1", "+221 2")]
    SyncAgent(b).sync_once()
    assert directory.visible_entry(b, code)["phones"] == "+221 1"

    directory.reject_entry(sec, code, "two numbers, please", left.review.version)
    SyncAgent(sec).sync_once()
    SyncAgent(a).sync_once()
    mine = directory.review(a, code)
    assert (mine.state.value, mine.reason) == ("rejected", "two numbers, please")
    SyncAgent(b).sync_once()
    assert directory.visible_entry(b, code)["phones"] == "+221 1"


def test_the_server_refuses_approvals_and_returns_reading_by_officers(net: Net) -> None:
    a, b, sec = net.a, net.b, net.sec
    code = a.get_meta("authority")
    directory.propose_edit(a, code, {"state": "SN", "authority_name": "Unreviewed"})
    _case(a, f"{net.tag}-x", "GH")
    SyncAgent(a).sync_once()
    SyncAgent(b).sync_once()
    # B forges an approval, bypassing its own device's check: the server refuses it.
    heads = ",".join(h.hex() for h in b.heads(code))
    if b.exists(APPROVALS_DOC):
        b.update(APPROVALS_DOC, {"approved": {code: heads}})
    else:
        b.create("directory", "approvals", {"approved": {code: heads}}, doc_id=APPROVALS_DOC)
    report = SyncAgent(b).sync_once()
    assert report.refused and "may not write 'approvals'" in " ".join(report.refused)
    SyncAgent(sec).sync_once()
    assert directory.approval_state(sec, code).value == "unreviewed"
    # B asks the server for A's returns: refused.
    answer = httpx.post(
        net.server.url + "/v1/pull",
        content=pack({"cursors": {f"returns/{code}": 0}, "max_bytes": 65536}),
        headers={
            "Authorization": f"Bearer {b.get_meta('device_token')}",
            "Content-Type": "application/x-entraide",
        },
        timeout=10,
    )
    assert answer.status_code == 403 and "may not read" in answer.json()["error"]
