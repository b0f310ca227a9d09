"""Writes edits to a store forever, printing each one after it is committed (for the crash test).

Usage: python crash_writer.py STORE_PATH FIRST_INDEX

Edits cycle through three shapes:
  i % 5 == 0  a batch: 4 cases created in ONE transaction   -> "batch <i> <id,id,id,id>"
  i % 5 == 1  one case created                               -> "create <i> <id>"
  otherwise   one key added to the particulars of a case     -> "update <i> <id>"
A line is printed (and flushed) only after its transaction committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from client.cases import create_case, get_case, update_case
from client.store import Store

BATCH = 4


def main(path: str, first: int) -> None:
    store = Store(Path(path))
    target = _target(store)
    particulars = dict(get_case(store, target)["particulars"])
    print(f"ready {target}", flush=True)
    i = first
    while True:
        if i % 5 == 0:
            with store.write():  # one transaction for the whole batch
                ids = [create_case(store, _case(f"BATCH-{i}-{n}", i)) for n in range(BATCH)]
            print(f"batch {i} {','.join(ids)}", flush=True)
        elif i % 5 == 1:
            case_id = create_case(store, _case(f"CRASH-{i}", i))
            print(f"create {i} {case_id}", flush=True)
        else:
            particulars[f"e{i}"] = f"value {i}"
            update_case(store, target, {"particulars": particulars})
            print(f"update {i} {target}", flush=True)
        i += 1


def _target(store: Store) -> str:
    row = store.conn.execute("SELECT doc_id FROM cases WHERE our_ref = 'TARGET'").fetchone()
    if row:
        return row[0]
    return create_case(store, {"direction": "incoming", "kind": "mla", "our_ref": "TARGET"})


def _case(ref: str, i: int) -> dict[str, object]:
    return {
        "direction": "outgoing",
        "kind": "mla",
        "our_ref": ref,
        "title": f"Crash test case {i}",
        "summary": "Texte assez long pour que l'écriture prenne un peu de temps. " * 20,
        "persons": [{"role": "suspect", "name": f"Person {i}"}],
    }


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
