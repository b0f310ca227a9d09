"""Fixtures of the trust-boundary tests: a test network without a server (bundles), and
the real server process from the root conftest (`server`, `make_device`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bundles.conftest import Network

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long property run is opt-in (`-m slow`); the suite runs the short one."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="long run: select it with -m slow")
    for item in items:
        if "slow" in item.keywords and HERE in item.path.parents:
            item.add_marker(skip)


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    net = Network(tmp_path)
    yield net
    for store in net.stores:
        store.close()
