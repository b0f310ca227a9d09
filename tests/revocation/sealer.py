"""A second process that seals the same store: `python sealer.py STORE EDITS`.

With EDITS > 0 it makes that many case edits, sealing after each; with 0 it
seals in a loop until the file STORE.stop exists. Run beside `entraide sync
--watch` by tests/revocation/test_one_sealer.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from client.cases import create_case
from client.identity import load_identity
from client.keys import SpaceKeyring
from client.replication import seal_local_changes
from client.store import Store


def main(path: str, edits: int) -> None:
    store = Store(Path(path))
    identity = load_identity(store)
    keyring = SpaceKeyring(store)
    stop = Path(path + ".stop")
    if edits:
        for n in range(edits):
            create_case(store, {"direction": "incoming", "kind": "mla", "title": f"race {n}"})
            seal_local_changes(store, identity, keyring)
        stop.touch()
    else:
        while not stop.exists():
            seal_local_changes(store, identity, keyring)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
