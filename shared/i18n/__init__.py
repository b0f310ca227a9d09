"""Translations: the app (English, French, Portuguese) and the request document (and Arabic).

The catalogs are gettext `.po` files beside this module, kept by Babel
(`python -m shared.i18n.extract`: extraction, update with fuzzy matching). At
first use Babel compiles a language's catalog to `.mo` bytes in memory (about
50 ms; no build step, no binary files to keep in step with the `.po`, so a
fresh clone works as is), and the standard library's `gettext.GNUTranslations`
serves it: `_`, `ngettext`, and `pgettext`/`npgettext` for a word whose
translation depends on its context. One language is current for the whole
process: the app is single-user.

Two gettext domains share that pipeline. `entraide` holds the app's own words
(the interface, the domain's messages, the request writer's rule messages) in
English, French and Portuguese: the languages a user can choose. `document`
holds the request document's words (headings, standard statements, labels)
in the languages a request can be written in, Arabic included (for Mauritania
and Chad). The document's language is chosen per document, independently of the
app's: `translations(lang, DOCUMENT_DOMAIN)` gives the translator of one
explicit language, whatever language is current.
"""

from __future__ import annotations

import gettext as _gettext
import threading
from pathlib import Path

from .catalogs import compile_mo, load

DOMAIN = "entraide"  # the app
DOCUMENT_DOMAIN = "document"  # the request document
LANGUAGES: tuple[str, ...] = ("en", "fr", "pt")  # the app's, chosen by the user
DOCUMENT_LANGUAGES: tuple[str, ...] = ("en", "fr", "pt", "ar")  # a request's
DOMAIN_LANGUAGES = {DOMAIN: LANGUAGES, DOCUMENT_DOMAIN: DOCUMENT_LANGUAGES}
SOURCE_LANGUAGE = "en"
# Shown in each language's own words, so a user lost in a foreign UI finds their own.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "pt": "Português"}
LOCALES = Path(__file__).parent / "locales"

_lock = threading.Lock()
_cache: dict[tuple[str, str], _gettext.NullTranslations] = {}
_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


def translations(lang: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    """The translator of one explicit language, like `gettext.translation` gives, served
    from the domain's compiled catalog (English: the identity). Unknown languages are
    refused: a document never silently falls back to English."""
    if lang not in DOMAIN_LANGUAGES[domain]:
        raise ValueError(
            f"unknown language '{lang}'; choose one of: {', '.join(DOMAIN_LANGUAGES[domain])}"
        )
    with _lock:
        if (domain, lang) not in _cache:
            if lang == SOURCE_LANGUAGE:
                _cache[domain, lang] = _gettext.NullTranslations()
            else:
                catalog = load(po_path(lang, domain), lang)
                _cache[domain, lang] = _gettext.GNUTranslations(compile_mo(catalog))
        return _cache[domain, lang]


def set_language(lang: str) -> None:
    """Make `lang` current; unknown languages are refused rather than silently ignored."""
    global _current, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'; choose one of: {', '.join(LANGUAGES)}")
    _current = translations(lang)
    _language = lang


def get_language() -> str:
    return _language


def gettext(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` in the current language ("1 change", "2 changes"; in French 0 and 1
    take the singular). Format the result: ngettext("{n} change", "{n} changes", n).format(n=n)."""
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context` (msgctxt): one English word, two translations."""
    return _current.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _current.npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (class attributes, tables)."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 (the gettext marker's usual name)
    """Mark `message` with a context without translating it now: translate it later with
    `pgettext(context, message)`."""
    return message


_ = gettext

__all__ = [
    "DOCUMENT_DOMAIN",
    "DOCUMENT_LANGUAGES",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "NP_",
    "N_",
    "_",
    "get_language",
    "gettext",
    "ngettext",
    "npgettext",
    "pgettext",
    "set_language",
    "translations",
]
