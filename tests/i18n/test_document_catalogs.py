"""The request document's words and the rules' messages in the gettext catalogs.

The document has its own domain (`document`, in every language a request can be
written in, Arabic included); the app's domain (`entraide`) stays in the three
languages a user can choose. No module keeps per-language tables of its own.
"""

from __future__ import annotations

import ast
import string

import pytest

from client.requests.render_md import render_md
from client.requests.rules import RULES
from client.requests.texts import text
from shared import i18n
from shared.i18n import DOCUMENT_DOMAIN, DOCUMENT_LANGUAGES, DOMAIN, LANGUAGES, po_path
from shared.i18n.catalogs import load, read_po
from shared.i18n.extract import DOCUMENT_SOURCES, ROOT, SOURCES, collect, python_files

FOREIGN = {DOMAIN: LANGUAGES[1:], DOCUMENT_DOMAIN: DOCUMENT_LANGUAGES[1:]}
CATALOGS = [(domain, lang) for domain, langs in FOREIGN.items() for lang in langs]
# Where the request document's and the rules' words used to be kept per language.
REQUEST_PACKAGES = ("client/requests", "client/library")


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.fixture(autouse=True)
def _english_first():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_the_app_speaks_three_languages_and_the_document_four():
    assert LANGUAGES == ("en", "fr", "pt")
    assert DOCUMENT_LANGUAGES == ("en", "fr", "pt", "ar")
    assert not po_path("ar").exists()  # no Arabic catalog of the app
    with pytest.raises(ValueError):
        i18n.set_language("ar")
    with pytest.raises(ValueError):
        i18n.translations("ar")
    with pytest.raises(ValueError):
        i18n.translations("de", DOCUMENT_DOMAIN)


@pytest.mark.parametrize("lang", DOCUMENT_LANGUAGES[1:])
def test_every_document_string_is_in_each_document_language(lang):
    used = collect(DOCUMENT_SOURCES)
    assert len(used) > 150  # headings, statements, labels, particulars
    catalog = read_po(po_path(lang, DOCUMENT_DOMAIN).read_text(encoding="utf-8"), lang)
    missing = sorted(m for m in used if not catalog.get(m))
    assert missing == [], f"{lang}: {len(missing)} document strings missing: {missing[:5]}"
    wrong = sorted(m for m in used if placeholders(m) != placeholders(catalog[m]))
    assert wrong == [], f"{lang}: placeholders differ in {wrong}"
    unused = sorted(set(catalog) - set(used) - {""})
    assert unused == [], f"{lang}: catalog entries the code no longer uses: {unused[:5]}"


@pytest.mark.parametrize(("domain", "lang"), CATALOGS)
def test_no_catalog_entry_is_fuzzy_or_empty(domain, lang):
    catalog = load(po_path(lang, domain), lang)
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    empty = [m.id for m in catalog if m.id and not m.string]
    assert fuzzy == [] and empty == [], f"{domain} {lang}: fuzzy {fuzzy[:3]}, empty {empty[:3]}"


def test_the_document_strings_stay_out_of_the_apps_catalogs():
    document_files = {ROOT / rel for rel in DOCUMENT_SOURCES}
    assert document_files.isdisjoint(python_files(SOURCES))
    app = read_po(po_path("fr").read_text(encoding="utf-8"), "fr")
    assert "Request for mutual legal assistance in criminal matters" not in app


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_rule_messages_come_from_the_apps_catalogs(lang):
    catalog = read_po(po_path(lang).read_text(encoding="utf-8"), lang)
    for rule in RULES:
        assert catalog.get(rule.message) == rule.message_in(lang), rule.id
        assert placeholders(rule.message) == placeholders(catalog[rule.message]), rule.id


def test_the_document_language_is_independent_of_the_apps():
    i18n.set_language("fr")
    assert text("title_mla", "pt") == "Pedido de auxílio judiciário mútuo em matéria penal"
    assert text("title_mla", "ar") == "طلب مساعدة قانونية متبادلة في المسائل الجنائية"
    assert text("title_mla", "en") == "Request for mutual legal assistance in criminal matters"
    assert RULES[0].message_in("pt").startswith("Indique o Estado requerido")
    from client.requests.document import build_document

    document = build_document({"kind": "mla", "requested_state": "MR"}, "ar", None, None)
    assert text("h_facts", "ar") in render_md(document)
    assert i18n.get_language() == "fr"  # rendering never changed the app's language


def per_language_definitions(tree: ast.AST) -> list[int]:
    """Lines defining words per language in code: a function taking `en`, `fr` and `pt`
    arguments, or a literal dict whose `fr` and `pt` values are sentences or words."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            names = {a.arg for a in node.args.args + node.args.kwonlyargs}
            if {"en", "fr", "pt"} <= names:
                lines.append(node.lineno)
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            values = [
                v.value
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant)
                and k.value in ("fr", "pt")
                and isinstance(v, ast.Constant)
                and isinstance(v.value, str)
            ]
            # Locale codes ("fr-FR") are data, not words: words have no hyphenated region.
            if {"fr", "pt"} <= keys and values and not all("-" in v or "_" in v for v in values):
                lines.append(node.lineno)
    return lines


def test_no_per_language_tables_in_the_request_writer_and_the_library():
    found = [
        f"{file.relative_to(ROOT)}:{line}"
        for package in REQUEST_PACKAGES
        for file in sorted((ROOT / package).rglob("*.py"))
        for line in per_language_definitions(ast.parse(file.read_text(encoding="utf-8")))
    ]
    assert found == []
    assert not (ROOT / "client/requests/texts_ar.py").exists()


def test_the_check_above_can_fail():
    old = 'def _t(en, fr, pt):\n    return {"en": en, "fr": fr, "pt": pt}\n'
    assert per_language_definitions(ast.parse(old)) == [1]
    inline = 'X = {"en": "corruption", "fr": "corruption", "pt": "corrupção"}\n'
    assert per_language_definitions(ast.parse(inline)) == [1]
    locales = 'L = {"en": "en-GB", "fr": "fr-FR", "pt": "pt-PT", "ar": "ar-MR"}\n'
    assert per_language_definitions(ast.parse(locales)) == []
