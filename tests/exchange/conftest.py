"""Exchange tests: devices on a real server (tests/conftest.py) or on a bundle-only network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bundles.conftest import Network


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    net = Network(tmp_path)
    yield net
    for store in net.stores:
        store.close()


from revocation.conftest import revoke  # noqa: E402, F401 - the real `admin device revoke`
