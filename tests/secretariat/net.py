"""Three authorities and a secretariat device enrolled with one real server."""

from __future__ import annotations

from pathlib import Path

from serverproc import ServerProcess, enrolled_store, share_keys

from client.paths import store_path
from client.store import Store


class Net:
    def __init__(self, server: ServerProcess, root: Path, tag: str) -> None:
        self.server = server
        self.tag = tag
        self.stores: list[Store] = []
        self.dirs: dict[str, Path] = {}
        self.a = self._device(root, "a", f"SN{tag}")
        self.b = self._device(root, "b", f"GH{tag}")
        self.c = self._device(root, "c", f"NG{tag}")
        self.sec = self._device(root, "sec", f"WACAP{tag}", "secretariat")

    def _device(self, root: Path, name: str, authority: str, role: str = "officer") -> Store:
        directory = root / name  # a data directory, so that the CLI can open it too
        directory.mkdir()
        store = enrolled_store(store_path(directory), self.server, authority, role)
        self.dirs[name] = directory
        share_keys(store)
        self.stores.append(store)
        return store

    def server_files(self) -> list[Path]:
        db = self.server.db
        return [p for p in (db, Path(f"{db}-wal")) if p.exists()]

    def close(self) -> None:
        for store in self.stores:
            store.close()
