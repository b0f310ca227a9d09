#!/usr/bin/env python3
"""A returns book's entries as one map per case (the book's first draft) or one scalar per
case (a string of codes, then bytes: the product): what loading and reading a year's book
of 10,000 cases costs.

Each shape is built from the same generated returns (`encode_return`'s codes), saved, then
loaded and read in a fresh process of its own so that peak RSS is that shape's alone:
`Document.load`, then every entry read (the product's bytes entries through the content
check and `decode_return`, as a device applying the book does; the maps through
`values` of each map, what the first draft's check and decode read).

    .venv/bin/python scripts/study_book_entry_shape.py [--cases 10000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from automerge.core import ROOT, Document, ObjType, ScalarType  # noqa: E402

from client.returns import case_return  # noqa: E402
from shared.policy.content import check_content  # noqa: E402
from shared.schema import cases as vocab  # noqa: E402
from shared.schema.kinds import SPECS_BY_KIND  # noqa: E402
from shared.schema.returns import (  # noqa: E402
    BOOK_KIND,
    decode_return,
    encode_return,
    entry_key,
    parse_entry,
)


def _entries(cases: int) -> dict[str, str]:
    rng = random.Random(7)
    entries = {}
    for i in range(cases):
        month = f"2026-{rng.randint(1, 12):02d}-1{rng.randint(0, 9)}"
        case = {
            "direction": rng.choice(vocab.DIRECTIONS),
            "kind": rng.choice(vocab.KINDS),
            "status": rng.choice(vocab.STATUSES),
            "offence_categories": rng.sample(vocab.OFFENCE_CATEGORIES, 2),
            "requesting_state": "SN",
            "requested_state": rng.choice(["GH", "NG", "ML"]),
            "date_received": month,
            "deadline": month,
        }
        entries[entry_key(f"{i:016x}")] = encode_return(case_return(case, "SN"), "SN")
    return entries


def build(shape: str, cases: int, path: Path) -> None:
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "_kind", ScalarType.Str, BOOK_KIND)
        for case_id, entry in _entries(cases).items():
            if shape == "bytes":
                tx.put(ROOT, case_id, ScalarType.Bytes, entry)
                continue
            record = tx.put_object(ROOT, case_id, ObjType.Map)
            for position, code in parse_entry(entry).items():
                tx.put(record, str(position), ScalarType.Int, code)
    path.write_bytes(doc.save())


def _rss_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def read(shape: str, path: Path) -> None:
    data = path.read_bytes()
    before = _rss_mib("VmRSS")
    start = time.process_time()
    doc = Document.load(data)
    loaded = time.process_time()
    rows = []
    for value, obj in doc.values(ROOT):
        if value == ObjType.Map:
            rows.append(dict(zip(doc.keys(obj), [v[0][1] for v in doc.values(obj)], strict=True)))
        else:
            rows.append(value[1])
    read_at = time.process_time()
    checked = ""
    if shape == "bytes":  # what a device applying the book adds: the check, the decode
        book = check_content(doc, SPECS_BY_KIND[BOOK_KIND])
        decoded = [decode_return(v, "SN") for k, v in book.items() if k != "_kind"]
        checked = f", content check + decode {len(decoded):,}: "
        checked += f"{1000 * (time.process_time() - read_at):.0f} ms"
    peak = _rss_mib("VmHWM")
    print(
        f"{shape:>6} per entry: {len(data):,} B saved, load {1000 * (loaded - start):.0f} ms,"
        f" read {len(rows) - 1:,} entries {1000 * (read_at - loaded):.0f} ms{checked} (CPU);"
        f" peak RSS {peak - before:+.1f} MiB over the RSS before the load"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--read", nargs=2, help=argparse.SUPPRESS)  # shape, file (child)
    args = parser.parse_args()
    if args.read:
        read(args.read[0], Path(args.read[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for shape in ("map", "bytes"):
            path = Path(tmp) / f"{shape}.automerge"
            build(shape, args.cases, path)
            subprocess.run([sys.executable, __file__, "--read", shape, str(path)], check=True)


if __name__ == "__main__":
    main()
