"""Saves go to the store's writer from workers: a key pressed while a save waits for the
writer (an import's slice holding it, here a held turn) is handled at once, and the save
lands when the writer is free."""

from __future__ import annotations

import threading

from textual.widgets import TabbedContent

from client.cases import get_case
from client.store import Store
from client.tui.screens.case_detail import CaseDetailScreen
from client.tui.screens.case_form import CaseFormScreen
from client.tui.widgets.forms import FormField

from .conftest import saved, wait_for


class HeldWriter:
    """Another thread holds the store's writer (as an import's slice does) until released."""

    def __init__(self, store: Store) -> None:
        self.holding, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, args=(store,))

    def _hold(self, store: Store) -> None:
        with store.write():
            self.holding.set()
            self.release.wait(30)

    def __enter__(self) -> HeldWriter:
        self.thread.start()
        assert self.holding.wait(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release.set()
        self.thread.join(10)


def field(app, name: str) -> FormField:  # noqa: ANN001
    return app.screen.query_one(f"#field-{name}", FormField)


async def test_keys_are_handled_while_a_save_waits_for_the_writer(app, sample):
    before = get_case(sample, "case0006")["title"]
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(CaseDetailScreen("case0006"))
        await pilot.pause()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        form = app.screen
        title = field(app, "title").widget
        title.focus()
        title.value = "Saved while the writer was busy"
        with HeldWriter(sample) as held:
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("end", *" - typed meanwhile")  # ...and keys are handled
            await pilot.pause()
            assert title.value == "Saved while the writer was busy - typed meanwhile"
            assert app.screen is form
            assert get_case(sample, "case0006")["title"] == before
            held.release.set()
        await saved(pilot)
        assert not isinstance(app.screen, CaseFormScreen)
    assert get_case(sample, "case0006")["title"] == "Saved while the writer was busy"


async def test_the_request_writer_saves_while_keys_go_on(app, sample):
    from client.tui.screens.request_writer import RequestWriterScreen

    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(RequestWriterScreen("case0006"))
        await pilot.pause()
        writer = app.screen
        steps = writer.query_one(TabbedContent)
        assert steps.active == "step-basics"
        summary = writer.query_one("#field-summary", FormField)
        summary.restore("Saved while an import holds the writer.")
        with HeldWriter(sample) as held:
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("ctrl+pagedown")  # the next step, while the save waits
            await pilot.pause()
            assert steps.active == "step-proceedings"
            assert get_case(sample, "case0006").get("summary") != summary.value
            held.release.set()
        await saved(pilot)
        assert app.screen is writer and not writer.has_changes()
    assert get_case(sample, "case0006")["summary"] == "Saved while an import holds the writer."
