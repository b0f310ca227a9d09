"""The storage acceptance suite runs against every backend: `backend` is "sqlite" (a
file in tmp_path) or "postgresql" (a fresh database on the session's real server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sync_server.keys import KEY_FILE_ENV
from sync_server.storage import Storage, open_storage

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Where the storage lives: a SQLite path or a PostgreSQL URL."""
    if backend == "postgresql":
        # The key file sealing the signing key: here, not in the user's data folder.
        monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "signing-key.secret"))
        return request.getfixturevalue("postgres").database("st")
    return str(tmp_path / "server.sqlite")


@pytest.fixture
def open_more(database: str) -> Iterator[Callable[[], Storage]]:
    """Open the same database again (another worker, another connection)."""
    opened: list[Storage] = []

    def make() -> Storage:
        opened.append(open_storage(database))
        return opened[-1]

    yield make
    for storage in opened:
        storage.close()


@pytest.fixture
def storage(open_more: Callable[[], Storage]) -> Storage:
    return open_more()
