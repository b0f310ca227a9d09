#!/usr/bin/env python3
"""Transmitting a request with a 2 MB annex between two authorities on the emulated links of
DESIGN.md §3.6, with one connection dropped mid-transfer each way (issue 16).

Nigeria pushes the sealed package through a real server behind the fault proxy, a
connection is dropped partway through; then Senegal pulls it, with a drop partway
through too, and opens it into an incoming case. For each leg it prints the bytes on
the wire (measured by the proxy), the round trips, the time, the floor (bytes /
bandwidth + round trips x RTT, DESIGN §3.6) and their ratio, and how many bytes
went twice: the wire bytes beyond those of a clean run of the same transfer.

    .venv/bin/python scripts/bench_exchange.py [--profile satellite] [--profile 2G]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from faultproxy import PROFILES, Fault, FaultProxy  # noqa: E402
from serverproc import ServerProcess, enrolled_store, share_keys  # noqa: E402

from client.cases import create_case  # noqa: E402
from client.directory import approve_entry, propose_edit  # noqa: E402
from client.exchange import attach_file, case_attachments, make_exchange_key, transmit  # noqa: E402
from client.requests.gate import record_override  # noqa: E402
from client.store import Store  # noqa: E402
from client.sync import SyncAgent  # noqa: E402

ANNEX_BYTES = 2 * 1024 * 1024


def setup(tmp: Path, server: ServerProcess, url: str, tag: str) -> tuple[Store, Store, str]:
    ng_code, sn_code = f"NG-{tag}", f"SN-{tag}"
    ng = enrolled_store(tmp / f"ng-{tag}.sqlite", server, ng_code, url=url)
    sn = enrolled_store(tmp / f"sn-{tag}.sqlite", server, sn_code, url=url)
    sec = enrolled_store(tmp / f"sec-{tag}.sqlite", server, f"WACAP-{tag}", "secretariat", url)
    for store, state in ((ng, "NG"), (sn, "SN")):
        share_keys(store)
        propose_edit(
            store, store.get_meta("authority") or "", {"state": state, "authority_name": state}
        )
        make_exchange_key(store)
        SyncAgent(store).sync_once()
    SyncAgent(sec).sync_once()
    approve_entry(sec, ng_code)
    approve_entry(sec, sn_code)
    for store in (sec, ng, sn):
        SyncAgent(store).sync_once()
    annex = tmp / f"annex-{tag}.bin"
    annex.write_bytes(os.urandom(ANNEX_BYTES))  # incompressible: the worst case
    case_id = create_case(
        ng,
        {"direction": "outgoing", "kind": "mla", "title": "bench", "requested_state": "SN"},
    )
    attach_file(ng, case_id, annex)
    record_override(ng, case_id, "benchmark")
    sent = transmit(ng, case_id, sn_code)
    print(f"  package: {sent.size:,} B sealed (annex {ANNEX_BYTES:,} B)")
    return ng, sn, sent.thread


def leg(proxy: FaultProxy, profile, store: Store, fault: Fault | None) -> dict:
    proxy.reset_counters()
    if fault is not None:
        proxy.arm(fault)
    started = time.monotonic()
    report = SyncAgent(store, retries=3).sync_once()
    seconds = time.monotonic() - started
    m = {
        "seconds": seconds,
        "up": proxy.bytes_up,
        "down": proxy.bytes_down,
        "requests": proxy.requests,
        "connections": proxy.connections,
        "report": report,
    }
    m["floor"] = (
        m["up"] / profile.up_bps + m["down"] / profile.down_bps + m["requests"] * profile.rtt
    )
    return m


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="append", choices=sorted(PROFILES))
    args = parser.parse_args()
    names = args.profile or ["satellite"]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        server = ServerProcess(tmp / "server.sqlite", log=tmp / "server.log").start()
        proxy = FaultProxy(server.port).start()
        try:
            for i, pname in enumerate(names):
                profile = PROFILES[pname]
                print(
                    f"\n{pname}: {profile.down_kbps}/{profile.up_kbps} kbps, RTT {profile.rtt_ms} ms"
                )
                rows = {}
                for run, drop in (("clean", False), ("drop", True)):
                    proxy.set_link(None)
                    ng, sn, _thread = setup(tmp, server, proxy.url, f"{i}{run}")
                    proxy.set_link(profile)
                    push = leg(
                        proxy, profile, ng, Fault("up", after=ANNEX_BYTES // 2) if drop else None
                    )
                    pull = leg(
                        proxy, profile, sn, Fault("down", after=ANNEX_BYTES // 2) if drop else None
                    )
                    [incoming] = pull["report"].exchange.cases or [None]
                    assert incoming is not None, "the package did not arrive"
                    names_in = {a.name for a in case_attachments(sn, incoming)}
                    assert any(n.startswith("annex-") for n in names_in)
                    rows[run] = (push, pull)
                    for who, m in (("push (Nigeria)", push), ("pull (Senegal)", pull)):
                        print(
                            f"  {run:5} {who:15} up {m['up']:>9,} B  down {m['down']:>9,} B"
                            f"  {m['requests']:>3} RTs {m['connections']} conn"
                            f"  {m['seconds']:7.1f} s  floor {m['floor']:7.1f} s"
                            f"  {m['seconds'] / m['floor']:.2f}x"
                        )
                    ng.close()
                    sn.close()
                for k, who in ((0, "push"), (1, "pull")):
                    clean, dropped = rows["clean"][k], rows["drop"][k]
                    extra = dropped["up"] + dropped["down"] - clean["up"] - clean["down"]
                    print(f"  {who}: bytes sent again after the drop: {extra:,} B")
        finally:
            proxy.stop()
            server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
