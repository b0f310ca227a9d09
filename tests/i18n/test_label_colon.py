"""A label and its colon follow the UI's language: French puts a space before the colon."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from client.tui.widgets.case.fields import case_markup
from shared.i18n import get_language, set_language

CASE = {"title": "T", "direction": "outgoing", "status": "draft"}


@pytest.fixture
def language() -> Iterator[None]:
    before = get_language()
    yield
    set_language(before)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Status:[/dim] Draft"),
        ("fr", "Statut :[/dim] Brouillon"),
        ("pt", "Situação:[/dim] Rascunho"),
    ],
)
def test_case_view_writes_the_colon_of_its_language(
    language: None, lang: str, expected: str
) -> None:
    set_language(lang)
    assert expected in case_markup(CASE, overdue=False)
