"""Translations: complete catalogs, and no English left on the main screens in FR and PT."""

from __future__ import annotations

import re
import string

import pytest

from client.cases import get_case
from client.tui.app import make_app
from client.tui.screens.case_detail import CaseDetailScreen
from client.tui.screens.case_form import CaseFormScreen
from client.tui.widgets.forms import FormField
from shared import i18n
from shared.i18n import LANGUAGES, po_path
from shared.i18n.catalogs import compile_mo, read_po
from shared.i18n.extract import collect, msgids_in_source
from shared.schema.cases import ASSISTANCE_TYPES, STATUSES

from .conftest import saved, screen_text

FOREIGN = [lang for lang in LANGUAGES if lang != "en"]


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_extractor_finds_marked_literals_only():
    source = 'x = _("One")\ny = N_("Two")\nz = gettext("Three")\nw = _(name)\nv = f("Four")\n'
    assert set(msgids_in_source(source)) == {"One", "Two", "Three"}


@pytest.mark.parametrize("lang", FOREIGN)
def test_every_string_of_the_ui_has_a_translation(lang):
    catalog = read_po(po_path(lang).read_text(encoding="utf-8"))
    used = collect()
    assert len(used) > 300  # the extractor really walked the UI
    missing = sorted(m for m in used if not catalog.get(m))
    assert missing == [], f"{lang}: {len(missing)} strings without translation: {missing[:10]}"
    wrong = sorted(m for m in used if placeholders(m) != placeholders(catalog[m]))
    assert wrong == [], f"{lang}: placeholders differ in {wrong}"


def test_po_compiles_to_what_gettext_reads():
    import gettext

    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="fr")
    catalog.add("Cases", "Dossiers")
    translations = gettext.GNUTranslations(compile_mo(catalog))
    assert translations.gettext("Cases") == "Dossiers"
    assert translations.gettext("Unknown") == "Unknown"


def test_set_language_switches_and_refuses_unknown():
    i18n.set_language("fr")
    assert i18n._("Requesting State") == "État requérant"
    i18n.set_language("pt")
    assert i18n._("Requesting State") == "Estado requerente"
    with pytest.raises(ValueError):
        i18n.set_language("xx")
    assert i18n.get_language() == "pt"


def english_leftovers(text: str, lang: str) -> list[str]:
    """English UI strings (that the catalog translates differently) visible in `text`."""
    catalog = read_po(po_path(lang).read_text(encoding="utf-8"))
    translated = "\n".join(v for k, v in catalog.items() if k)
    found = []
    for msgid in collect():
        plain = re.split(r"\{[^}]*\}", msgid)
        for piece in plain:
            piece = piece.strip(" :.,()…\n")
            if len(piece) < 4 or not re.search(r"[A-Za-z]{3}", piece):
                continue
            if re.search(rf"(?<![\w]){re.escape(piece)}(?![\w])", translated):
                continue  # also a word of the translation (e.g. "Extradition", "Sort.")
            if re.search(rf"(?<![\w]){re.escape(piece)}(?![\w])", text):
                found.append(piece)
    raw_values = [v for v in (*STATUSES, *ASSISTANCE_TYPES) if "_" in v and v in text]
    return sorted(set(found)) + raw_values


@pytest.mark.parametrize("lang", FOREIGN)
async def test_main_screens_show_no_english(app, sample, lang):
    async with app.run_test(size=(120, 40)) as pilot:
        await app.set_language(lang)
        await pilot.pause()
        seen = {}
        for key in ("f2", "f3", "f4", "f5", "f6", "f7"):
            await pilot.press(key)
            await pilot.pause()
            seen[key] = screen_text(app)
        await pilot.press("f3")
        app.push_screen(CaseDetailScreen("case0008"))
        await pilot.pause()
        for tab in ("1", "2", "3", "4"):
            await pilot.press(tab)
            await pilot.pause()
            seen[f"case tab {tab}"] = screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        seen["help"] = screen_text(app)
        for name, text in seen.items():
            assert english_leftovers(text, lang) == [], f"{lang} {name}:\n{text}"
        assert sample.get_meta("language") == lang


async def test_language_chosen_in_settings_is_kept(sample, settings):
    app = make_app(store=sample, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        select = app.screen.query_one("#language")
        select.focus()
        await pilot.press("enter", "down", "enter")  # English -> Français
        await pilot.pause(0.3)
        assert "Réglages" in screen_text(app)
        assert sample.get_meta("language") == "fr"
    i18n.set_language("en")
    again = make_app(store=sample, settings=settings)  # next start: French from the store
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Accueil" in screen_text(again)


async def test_objections_of_the_domain_are_shown_in_french(app, sample):
    """An impossible status change and a wrong date: the domain's words, in French."""
    async with app.run_test(size=(120, 40)) as pilot:
        await app.set_language("fr")
        await pilot.pause()
        # A step chosen on a stale screen (another device moved the case meanwhile).
        detail = CaseDetailScreen("case0002")  # sent
        app.push_screen(detail)
        await pilot.pause()
        detail._set_status("draft")
        await saved(pilot)
        [refusal] = [n.message for n in app._notifications if n.severity == "error"]
        assert refusal.startswith("Statut : impossible de passer de « Envoyée » à « Brouillon »")
        assert english_leftovers(refusal, "fr") == [], refusal
        assert get_case(sample, "case0002")["status"] == "sent"

        form = CaseFormScreen("case0002")
        app.push_screen(form)
        await pilot.pause()
        deadline = form.query_one("#field-deadline", FormField)
        deadline.widget.value = ""
        deadline.widget.focus()
        await pilot.press(*"31/02/2025", "ctrl+s")  # no 31 February
        await saved(pilot)
        assert app.screen is form and deadline.has_class("-invalid")
        shown = str(deadline.query_one(".field-error").render())
        assert shown.startswith("« 31/02/2025 » n'est pas une date"), shown
        assert english_leftovers(shown, "fr") == [], shown
        assert "« 31/02/2025 » n'est pas une date" in screen_text(app)
        assert get_case(sample, "case0002")["deadline"] == "2025-03-08"
