#!/usr/bin/env python3
"""How long a save waits while a 10,000-case bundle import runs (issue 11: under 100 ms).

    .venv/bin/python scripts/bench_write_wait.py [--cases 10000] [--work DIR]

A device imports a bundle of `--cases` generated cases (one authority, encrypted,
as a colleague's USB stick brings them) in a thread, as the terminal app's
import worker does, on the same `Store`. Meanwhile the main thread saves an edit
of one of its own cases every 200 ms through the path the app's case form uses
(`Store.submit`, awaited by the app; here its synchronous form `Store.run`), and
each save's wait is measured: from asking to the change being committed.
Printed: the import's time, the saves' waits (median, 95th percentile, max), the
part of them spent waiting for the writer (the rest is the save itself, sharing
the interpreter with the import), and the load average.

`--work DIR` keeps the generated bundle there, so a second run (another
checkout, before/after) imports the very same file. On a checkout without the
writer queue the save calls `update_case` directly, as the app then did.

`--holds` also times every turn the import takes of the store's writer (from the
turn starting to its end, `WriteQueue.turn`) and prints the longest ones: the
longest is what a save can wait behind.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nacl.signing import SigningKey  # noqa: E402

from client.bundles import export_bundle, import_bundle  # noqa: E402
from client.cases import create_case, update_case  # noqa: E402
from client.demo.generator import generate_cases  # noqa: E402
from client.identity import load_identity, save_enrollment  # noqa: E402
from client.keys import adopt, default_keyring, load_keyset  # noqa: E402
from client.keys.manage import create_first_key  # noqa: E402
from client.replication import seal_local_changes  # noqa: E402
from client.store import Store  # noqa: E402
from shared.crypto import Keyset  # noqa: E402
from shared.envelope import DeviceCert  # noqa: E402

SAVE_EVERY = 0.2  # seconds between two saves


def enrolled(path: Path, key: SigningKey, authority: str) -> Store:
    store = Store(path)
    identity = load_identity(store)
    cert = DeviceCert(store.device_id, authority, "officer", identity.public_key, "2026-01-01")
    save_enrollment(store, cert.signed_by(key), bytes(key.verify_key), "http://127.0.0.1:1", "t")
    return store


def prepare(work: Path, cases: int) -> SigningKey:
    """The source device, its bundle of `cases` cases, and the network key (kept in `work`)."""
    key_file, bundle = work / "network.key", work / "cases.bundle"
    if key_file.exists() and bundle.exists() and (work / "keyset").exists():
        print(f"reusing {bundle.name} from {work}")
        return SigningKey(key_file.read_bytes())
    key = SigningKey.generate()
    source = enrolled(work / "source.sqlite", key, "SN-CA")
    create_first_key(source)
    started = time.perf_counter()
    generate_cases(source, cases, seed=11)
    seal_local_changes(source, load_identity(source), default_keyring(source))
    export_bundle(source, bundle)
    keyset = load_keyset(source)
    assert keyset is not None
    # The authority's key, as a key file carries it: another checkout's store code
    # need not open this one's store.
    (work / "keyset").write_bytes(keyset.to_bytes())
    source.close()
    key_file.write_bytes(bytes(key))
    print(f"{cases:,} cases generated and exported in {time.perf_counter() - started:.1f} s")
    return key


def save_path(store: Store, started: list[float]):  # noqa: ANN201 - a callable
    """The save the app's case form makes, on this checkout; each save appends to
    `started` when the writer starts it (with the writer queue)."""
    run = getattr(store, "run", None)
    if run is None:  # before the writer queue: the app called update_case itself
        return lambda case_id, values: update_case(store, case_id, values)

    def job(s: Store, case_id: str, values: dict[str, str]) -> bool:
        started.append(time.perf_counter())
        return update_case(s, case_id, values)

    return lambda case_id, values: run(lambda s: job(s, case_id, values))


def time_writer_holds(thread_name: str) -> list[float]:
    """Time each writer turn taken by the thread named `thread_name` (the import): the
    returned list fills with their lengths in seconds."""
    from client.store import writer

    holds: list[float] = []
    turn = writer.WriteQueue.turn

    @contextmanager
    def timed(queue: writer.WriteQueue, *args: object, **kwargs: object) -> Iterator[None]:
        if queue.on_writer_thread():  # a nested turn: timed by the outer one
            with turn(queue, *args, **kwargs):  # type: ignore[arg-type]
                yield
            return
        with turn(queue, *args, **kwargs):  # type: ignore[arg-type]
            began = time.perf_counter()
            try:
                yield
            finally:
                if threading.current_thread().name == thread_name:
                    holds.append(time.perf_counter() - began)

    writer.WriteQueue.turn = timed  # type: ignore[method-assign,assignment]
    return holds


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--work", type=Path, help="keep the generated bundle here")
    parser.add_argument("--holds", action="store_true", help="time the import's writer turns")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        work = args.work or Path(tmp_dir)
        work.mkdir(parents=True, exist_ok=True)
        key = prepare(work, args.cases)
        target = work / "colleague.sqlite"
        for old in work.glob("colleague.sqlite*"):
            old.unlink()
        colleague = enrolled(target, key, "SN-CA")
        adopt(colleague, Keyset.from_bytes((work / "keyset").read_bytes()))
        mine = create_case(colleague, {"direction": "incoming", "kind": "mla", "title": "mine"})
        started: list[float] = []
        save = save_path(colleague, started)
        load_before = os.getloadavg()

        result: dict[str, float] = {}

        def run_import() -> None:
            started = time.perf_counter()
            report = import_bundle(colleague, work / "cases.bundle")
            result["seconds"] = time.perf_counter() - started
            result["applied"] = report.applied

        holds = time_writer_holds("import") if args.holds else []
        importer = threading.Thread(target=run_import, name="import")
        importer.start()
        waits: list[float] = []
        queued: list[float] = []  # from asking to the writer starting the save
        n = 0
        while importer.is_alive():
            time.sleep(SAVE_EVERY)
            n += 1
            asked = time.perf_counter()
            save(mine, {"notes": f"call {n} with the prosecutor"})
            waits.append(time.perf_counter() - asked)
            if started:
                queued.append(started.pop() - asked)
        importer.join()
        load_after = os.getloadavg()
        assert colleague.read(mine)["notes"] == f"call {n} with the prosecutor"
        colleague.close()
    ms = sorted(w * 1000 for w in waits)
    print(
        f"import of {args.cases:,} cases: {result['seconds']:.1f} s"
        f" ({int(result['applied']):,} changes applied)"
    )
    if ms:
        print(f"{len(ms)} saves during the import: wait {_figures(ms)} (target: under 100 ms)")
    if queued:
        print(f"  of which waiting for the writer: {_figures(sorted(q * 1000 for q in queued))}")
    if holds:
        longest = sorted((h * 1000 for h in holds), reverse=True)
        print(
            f"the import's {len(holds)} writer turns: longest"
            f" {', '.join(f'{h:.0f}' for h in longest[:5])} ms;"
            f" {sum(h > 0.1 for h in holds)} over 100 ms"
        )
    print(
        "load average (1 min) before / after the import:"
        f" {load_before[0]:.1f} / {load_after[0]:.1f} on {os.cpu_count()} cores"
    )
    return 0


def _figures(ms: list[float]) -> str:
    """Median, 95th percentile and max of sorted milliseconds."""
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (
        f"median {statistics.median(ms):.0f} ms, 95th percentile {p95:.0f} ms, max {ms[-1]:.0f} ms"
    )


if __name__ == "__main__":
    raise SystemExit(main())
