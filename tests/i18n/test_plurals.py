"""Plural forms ("1 change", "2 changes") in the three languages, through gettext's ngettext:
the catalogs carry msgid_plural entries that the reader, the extractor and the compiled
catalog all understand; French takes the singular for 0 and 1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared import i18n
from shared.i18n.catalogs import PLURAL_SEPARATOR, read_po
from shared.i18n.extract import msgids_in_source


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["0 days late", "1 day late", "2 days late"]),
        ("fr", ["0 jour de retard", "1 jour de retard", "2 jours de retard"]),
        ("pt", ["0 dias de atraso", "1 dia de atraso", "2 dias de atraso"]),
    ],
)
def test_forms_follow_each_languages_rule(lang: str, expected: list[str]) -> None:
    i18n.set_language(lang)
    shown = [i18n.ngettext("{n} day late", "{n} days late", n).format(n=n) for n in (0, 1, 2)]
    assert shown == expected


def test_reader_and_extractor_agree_on_plural_entries() -> None:
    source = 'ngettext("{n} change sent", "{n} changes sent", count)\n_("Plain")\n'
    assert set(msgids_in_source(source)) == {
        "{n} change sent" + PLURAL_SEPARATOR + "{n} changes sent",
        "Plain",
    }
    catalog = read_po(
        'msgid "{n} change sent"\nmsgid_plural "{n} changes sent"\n'
        'msgstr[0] "{n} modification envoyée"\nmsgstr[1] "{n} modifications envoyées"\n\n'
        'msgid "half"\nmsgid_plural "halves"\nmsgstr[0] "moitié"\nmsgstr[1] ""\n'
    )
    catalog.pop("")  # the header
    assert catalog == {
        "{n} change sent\0{n} changes sent": "{n} modification envoyée\0{n} modifications envoyées"
    }  # a plural entry missing a form counts as untranslated
