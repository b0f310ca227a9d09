"""The navigation bar holds every section whole at 80 columns in English, French and
Portuguese (the legal library's included), whichever is current."""

from __future__ import annotations

import pytest

from client.tui.app import make_app
from client.tui.screens.base import NAV_SECTIONS
from client.tui.widgets.nav import NavBar, nav_name

from .conftest import screen_text


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
async def test_every_section_shows_whole_at_80_columns(sample, settings, lang):
    settings.language = lang
    app = make_app(sample, settings)
    sections = NAV_SECTIONS
    assert "library" in dict(sections)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(NavBar)
        for current, _label in sections:
            bar.current = current
            bar.show()
            await pilot.pause()
            line = screen_text(app).splitlines()[0]
            for number, (mode, label) in enumerate(sections, start=2):
                name = nav_name(mode, label)
                assert "." not in name or lang == "pt"  # only Portuguese abbreviates, by hand
                assert f"F{number} {name}" in line, (current, line)


async def test_a_narrow_terminal_cuts_the_other_names_not_the_current_one(app):
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        line = screen_text(app).splitlines()[0]
        assert " F3 Cases " in line and "F7 Se" in line and "F7 Settings" not in line
