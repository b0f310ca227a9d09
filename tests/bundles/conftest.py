"""Enrolled stores for bundle tests, without a server: a test network key signs the
device certificates and `save_enrollment` records them, as enrollment does."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from nacl.signing import SigningKey
from serverproc import ServerProcess

from client.cases import create_case
from client.identity import load_identity, save_enrollment
from client.keys import adopt, default_keyring, load_keyset
from client.keys.manage import create_first_key
from client.replication import seal_local_changes
from client.store import Store
from shared.envelope import DeviceCert


class Network:
    """A test network: its server key issues device certificates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.key = SigningKey.generate()
        self.stores: list[Store] = []

    def enroll(
        self, name: str, authority: str, role: str = "officer", path: Path | None = None
    ) -> Store:
        store = Store(path or self.root / f"{name}.sqlite")
        identity = load_identity(store)
        cert = DeviceCert(
            store.device_id, authority, role, identity.public_key, "2025-01-01"
        ).signed_by(self.key)
        save_enrollment(store, cert, bytes(self.key.verify_key), "http://127.0.0.1:1", "token")
        self.stores.append(store)
        return store

    def share_keys(self, source: Store, *targets: Store) -> None:
        share_keys(source, *targets)


def share_keys(source: Store, *targets: Store) -> None:
    """Give devices of one authority its space key (as `entraide keys unlock` would)."""
    keyset = load_keyset(source) or create_first_key(source)
    for target in targets:
        adopt(target, keyset)


@pytest.fixture
def network(tmp_path: Path):
    net = Network(tmp_path)
    yield net
    for store in net.stores:
        store.close()


def store_files_digest(store: Store) -> dict[str, str]:
    """Digest of the store's files on disk: the database and its write-ahead log.

    (The -shm file is SQLite's transient WAL index, which readers also write to.)
    """
    out = {}
    for suffix in ("", "-wal"):
        path = store.path.with_name(store.path.name + suffix)
        if path.exists():
            out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def new_case(store: Store, title: str, **values: object) -> str:
    return create_case(store, {"direction": "incoming", "kind": "mla", "title": title, **values})


def seal(store: Store) -> int:
    """Seal local changes into signed groups, as a sync round or an export does."""
    return seal_local_changes(store, load_identity(store), default_keyring(store))


def state(store: Store) -> dict[str, object]:
    """What users see and what replicates: documents, and the set of changes held."""
    docs = dict(store.conn.execute("SELECT doc_id, data FROM documents ORDER BY doc_id").fetchall())
    hashes = {h for (h,) in store.conn.execute("SELECT hash FROM changes")}
    return {"documents": docs, "changes": hashes}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory):
    """One real server for the session; tests use their own authorities and devices."""
    running = ServerProcess(tmp_path_factory.mktemp("server") / "server.sqlite").start()
    yield running
    running.close()


def write_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
