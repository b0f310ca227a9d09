"""The translation pipeline (Babel): extraction with plurals and contexts, update with
fuzzy matching that never shows an unreviewed guess, compilation read by gettext."""

from __future__ import annotations

import ast
import gettext

from babel.messages.catalog import Catalog

from shared.i18n.catalogs import compile_mo, load, read_po
from shared.i18n.extract import (
    DOCUMENT_SOURCES,
    SOURCES,
    collect,
    msgids_in_source,
    python_files,
    write_catalog,
)


def test_contexts_and_plurals_are_extracted_and_served() -> None:
    source = (
        'pgettext("court", "Order")\nnpgettext("court", "{n} order", "{n} orders", n)\n_("Order")\n'
    )
    assert set(msgids_in_source(source)) == {
        "court\x04Order",
        "court\x04{n} order\0{n} orders",
        "Order",
    }
    catalog = Catalog(locale="fr")
    catalog.add("Order", "Ordre")
    catalog.add("Order", "Ordonnance", context="court")
    forms = ("{n} ordonnance", "{n} ordonnances", "{n} ordonnances")  # CLDR's French: 3 forms
    catalog.add(("{n} order", "{n} orders"), forms, context="court")
    served = gettext.GNUTranslations(compile_mo(catalog))
    assert served.gettext("Order") == "Ordre"
    assert served.pgettext("court", "Order") == "Ordonnance"
    assert served.npgettext("court", "{n} order", "{n} orders", 1) == "{n} ordonnance"
    assert served.npgettext("court", "{n} order", "{n} orders", 2) == "{n} ordonnances"


def test_an_update_keeps_translations_and_marks_near_matches_fuzzy(tmp_path, monkeypatch) -> None:
    path = tmp_path / "fr" / "LC_MESSAGES" / "entraide.po"
    monkeypatch.setattr("shared.i18n.extract.po_path", lambda lang, domain: path)
    write_catalog("fr", {"The case was saved.": "a.py:1", "Gone": "a.py:2"})
    catalog = load(path, "fr")
    catalog["The case was saved."].string = "Le dossier a été enregistré."
    catalog["Gone"].string = "Parti"
    from babel.messages.pofile import write_po

    with path.open("wb") as handle:
        write_po(handle, catalog)
    missing = write_catalog(
        "fr", {"The case was saved.": "a.py:1", "The case was saved!": "a.py:3"}
    )
    text = path.read_text(encoding="utf-8")
    assert missing == 1 and "Gone" not in text  # vanished strings are dropped
    updated = load(path, "fr")
    guess = updated["The case was saved!"]
    assert guess.fuzzy and guess.string == "Le dossier a été enregistré."
    # A fuzzy guess is never shown: gettext falls back to the English.
    assert "The case was saved!" not in read_po(text, "fr")
    served = gettext.GNUTranslations(compile_mo(updated))
    assert served.gettext("The case was saved!") == "The case was saved!"
    assert served.gettext("The case was saved.") == "Le dossier a été enregistré."


def test_babel_sees_every_marked_literal_of_the_code() -> None:
    """A call Babel cannot read (inside an f-string) would leave its string untranslated."""
    seen = set(collect()) | set(collect(DOCUMENT_SOURCES))
    for file in python_files(SOURCES) + python_files(DOCUMENT_SOURCES):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "N_", "gettext"}
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                assert node.args[0].value in seen, f"{file}:{node.lineno}"
