"""Fixtures of the TUI tests: the real app on real stores, with a fixed "today"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from client.store import Store
from client.tui.app import EntraideApp, make_app
from client.tui.settings import TuiSettings
from shared import i18n

from .data import TODAY, sample_store


@pytest.fixture(autouse=True)
def _english_first() -> Iterator[None]:
    """The language is process-wide: every test starts, and ends, in English."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def settings(tmp_path: Path) -> TuiSettings:
    return TuiSettings(today=TODAY, auto_sync=False, start_folder=tmp_path, page_size=100)


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Store]:
    store = sample_store(tmp_path / "sample.sqlite")
    yield store
    store.close()


@pytest.fixture
def app(sample: Store, settings: TuiSettings) -> EntraideApp:
    return make_app(store=sample, settings=settings)


def screen_text(app: EntraideApp) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def saved(pilot) -> None:  # noqa: ANN001
    """Let the app run until the writes it handed to the store's writer have finished."""
    await wait_for(pilot, lambda: not pilot.app.writes_pending())
    await pilot.pause()


async def wait_for(pilot, condition, timeout: float = 20.0) -> None:  # noqa: ANN001
    """Let the app run until `condition()` holds (workers run in threads)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time:\n" + screen_text(pilot.app))
        await pilot.pause(0.05)
