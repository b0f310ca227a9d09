"""Fixtures of the trust-boundary tests: a test network without a server (bundles), and
the real server process from the root conftest (`server`, `make_device`)."""

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
