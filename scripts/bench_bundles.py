#!/usr/bin/env python3
"""USB bundles: size against the compressed changes they carry, export/import time and memory.

    python scripts/bench_bundles.py [--cases 10000] [--updates 0]

1. A device of one authority holds `cases` generated cases (one change each),
   plus `updates` edits of every case; all sealed (encrypted) as for a sync.
2. Sizes: the plain changes, their zlib-compressed size (one stream: the most
   demanding baseline; and change by change), the group payloads as carried
   (compressed, then encrypted), and the bundle file.
3. Export, import by a colleague (same authority: decrypt and apply) and import
   by another authority's device (store-and-forward: kept unread), each in a
   fresh process so that its peak memory (max RSS) is its own.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nacl.signing import SigningKey  # noqa: E402
from peak_memory import peak_rss_mib  # noqa: E402

from client.bundles import export_bundle, import_bundle  # noqa: E402
from client.cases import update_case  # noqa: E402
from client.demo.generator import generate_cases  # noqa: E402
from client.identity import load_identity, save_enrollment  # noqa: E402
from client.keys import adopt, default_keyring, load_keyset  # noqa: E402
from client.keys.manage import create_first_key  # noqa: E402
from client.replication import seal_local_changes  # noqa: E402
from client.store import Store  # noqa: E402
from shared.envelope import DeviceCert  # noqa: E402


def enrolled(path: Path, key: SigningKey, authority: str) -> Store:
    store = Store(path)
    identity = load_identity(store)
    cert = DeviceCert(store.device_id, authority, "officer", identity.public_key, "2026-01-01")
    save_enrollment(store, cert.signed_by(key), bytes(key.verify_key), "http://127.0.0.1:1", "t")
    return store


def prepare(root: Path, cases: int, updates: int) -> dict[str, float]:
    key = SigningKey.generate()
    source = enrolled(root / "source.sqlite", key, "SN-CA")
    colleague = enrolled(root / "colleague.sqlite", key, "SN-CA")
    carrier = enrolled(root / "carrier.sqlite", key, "ML-CA")
    adopt(colleague, create_first_key(source))
    started = time.perf_counter()
    ids = generate_cases(source, cases, seed=11)
    for round_ in range(updates):
        with source.write():
            for i, case_id in enumerate(ids):
                update_case(
                    source, case_id, {"notes": f"Relance {round_} du dossier {i}: appel reçu"}
                )
    seal_local_changes(source, load_identity(source), default_keyring(source))
    made = time.perf_counter() - started
    assert load_keyset(colleague) is not None
    conn = source.conn
    plain = [b for (b,) in conn.execute("SELECT body FROM changes ORDER BY seq")]
    carried = [p for (p,) in conn.execute("SELECT payload FROM groups ORDER BY seq")]
    stream = zlib.compressobj(6)
    compressed_stream = sum(len(stream.compress(b)) for b in plain) + len(stream.flush())
    for store in (source, colleague, carrier):
        store.close()
    return {
        "changes": len(plain),
        "seconds_to_make": made,
        "plain_bytes": sum(map(len, plain)),
        "plain_zlib_stream": compressed_stream,
        "plain_zlib_each": sum(len(zlib.compress(b, 9)) for b in plain),
        "carried_bytes": sum(map(len, carried)),
    }


def phase(kind: str, store_path: str, bundle: str) -> dict[str, float]:
    """One export or import, in this (fresh) process."""
    store = Store(Path(store_path))
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "export":
        report = export_bundle(store, Path(bundle))
        counts = {"changes": report.changes, "groups": report.groups, "bytes": report.bytes}
    else:
        got = import_bundle(store, Path(bundle))
        counts = {"new": got.new, "applied": got.applied, "kept": got.kept_for_forwarding}
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    return {"seconds": seconds, "cpu": cpu, "peak_rss_mib": peak_rss_mib(), **counts}


def run_phase(kind: str, store_path: Path, bundle: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", kind, str(store_path), str(bundle)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def baseline_rss() -> float:
    """Max RSS of a process that only imports the client and opens a store."""
    out = subprocess.run(
        [sys.executable, __file__, "--baseline"], check=True, capture_output=True, text=True
    )
    return float(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=0, help="edits of every case after creation")
    parser.add_argument(
        "--phase", nargs=3, metavar=("KIND", "STORE", "BUNDLE"), help=argparse.SUPPRESS
    )
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        print(peak_rss_mib())
        return 0
    if args.phase:
        print(json.dumps(phase(*args.phase)))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-bundles-") as tmp:
        root = Path(tmp)
        print(f"{args.cases} cases, {args.updates} edit(s) each; preparing...", flush=True)
        sizes = prepare(root, args.cases, args.updates)
        bundle = root / "stick" / "all.bundle"
        bundle.parent.mkdir()
        export = run_phase("export", root / "source.sqlite", bundle)
        colleague = run_phase("import", root / "colleague.sqlite", bundle)
        carrier = run_phase("import", root / "carrier.sqlite", bundle)
        replay = run_phase("import", root / "colleague.sqlite", bundle)
        base = baseline_rss()

    n = sizes["changes"]
    print(
        f"\nchanges carried                      {n:>12,}   (made in {sizes['seconds_to_make']:.1f} s)"
    )
    print(f"plain change bytes                   {sizes['plain_bytes']:>12,}")
    print(f"  zlib, one stream (baseline)        {sizes['plain_zlib_stream']:>12,}")
    print(f"  zlib, change by change             {sizes['plain_zlib_each']:>12,}")
    print(f"group payloads as carried (encr.)    {sizes['carried_bytes']:>12,}")
    print(
        f"bundle file                          {export['bytes']:>12,}   ({export['groups']} groups)"
    )
    print(
        f"  bundle / compressed stream         {export['bytes'] / sizes['plain_zlib_stream']:>12.2f} x   (target <= 1.5)"
    )
    print(
        f"  bundle / compressed per change     {export['bytes'] / sizes['plain_zlib_each']:>12.2f} x"
    )
    print(
        f"  bundle / carried bodies            {export['bytes'] / sizes['carried_bytes']:>12.2f} x"
    )
    print(f"  bytes per change                   {export['bytes'] / n:>12.1f}")
    print()
    print(f"{'':38}{'seconds':>9}{'CPU s':>9}{'peak RSS':>12}")
    print(f"process baseline (imports only)       {'':>18}{base:>9.0f} MiB")
    rows = (
        ("export", export),
        ("import, colleague (decrypt, apply)", colleague),
        ("import, other authority (forward)", carrier),
        ("import again (replay: nothing new)", replay),
    )
    for label, r in rows:
        print(f"{label:<38}{r['seconds']:>9.2f}{r['cpu']:>9.2f}{r['peak_rss_mib']:>9.0f} MiB")
    print(
        f"\ncolleague: {colleague['new']:,} new, {colleague['applied']:,} applied; "
        f"other authority: {carrier['kept']:,} kept unread for forwarding; replay: {replay['new']} new"
    )
    print(f"import throughput (colleague)         {n / colleague['seconds']:>9,.0f} changes/s")
    print(
        f"load average at the end               {os.getloadavg()[0]:>9.1f}  (2 cores; timings include waiting)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
