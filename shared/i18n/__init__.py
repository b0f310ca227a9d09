"""Translations of the user interface (English source, French and Portuguese catalogs).

The catalogs are gettext `.po` files beside this module, kept by Babel
(`python -m shared.i18n.extract`: extraction, update with fuzzy matching). At
first use Babel compiles a language's catalog to `.mo` bytes in memory (about
50 ms; no build step, no binary files to keep in step with the `.po`, so a
fresh clone works as is), and the standard library's `gettext.GNUTranslations`
serves it: `_`, `ngettext`, and `pgettext`/`npgettext` for a word whose
translation depends on its context. One language is current for the whole
process: the app is single-user.
"""

from __future__ import annotations

import gettext as _gettext
import threading
from pathlib import Path

from .catalogs import compile_mo, load

DOMAIN = "entraide"
LANGUAGES: tuple[str, ...] = ("en", "fr", "pt")
SOURCE_LANGUAGE = "en"
# Shown in each language's own words, so a user lost in a foreign UI finds their own.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "pt": "Português"}
LOCALES = Path(__file__).parent / "locales"

_lock = threading.Lock()
_cache: dict[str, _gettext.NullTranslations] = {}
_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of one language (English: the identity)."""
    with _lock:
        if lang not in _cache:
            if lang == SOURCE_LANGUAGE:
                _cache[lang] = _gettext.NullTranslations()
            else:
                _cache[lang] = _gettext.GNUTranslations(compile_mo(load(po_path(lang), lang)))
        return _cache[lang]


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


_ = gettext

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
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
