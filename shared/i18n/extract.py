"""Find the translatable strings in the code and keep the `.po` catalogs in step, with Babel.

A translatable string is a literal passed to `_()`, `gettext()` or `N_()`; a pair of
literals passed to `ngettext(singular, plural, n)` is one plural entry;
`pgettext(context, message)` and `npgettext(context, singular, plural, n)` add a
context. `python -m shared.i18n.extract` extracts them with Babel's Python
extractor (the keywords below), then updates each catalog with Babel's
`Catalog.update`: existing translations are kept, new strings are added (with
the translation of a near-identical old string, marked fuzzy for review: a fuzzy
translation is not used until the fuzzy mark is removed), vanished ones dropped.

The request document's words live in their own files (`DOCUMENT_SOURCES`) and go
to the `document` domain (catalogs in French, Portuguese and Arabic); every other
marked string goes to the app's `entraide` domain (French and Portuguese).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import write_po

from . import DOCUMENT_DOMAIN, DOMAIN, DOMAIN_LANGUAGES, SOURCE_LANGUAGE, po_path
from .catalogs import load, split_key, translated

# Babel's keyword specs: which arguments are the message, its plural and its context.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "NP_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
# A fixed creation date: extracting again changes the catalogs only where strings did.
CREATED = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
ROOT = Path(__file__).resolve().parents[2]
# Where the UI strings live (relative to the repository root).
UI_SOURCES = ("client/tui", "client/stats", "shared/i18n/labels.py")
# The domain packages whose messages (validation, sync, USB bundles, keys...) the UI shows.
DOMAIN_SOURCES = (
    "shared/schema",
    "client/cases",
    "client/directory",
    "client/approvals",
    "client/library",
    "client/requests",
    "client/sync",
    "client/bundles",
    "client/keys",
    "client/replication",
    "client/exchange",
    # The CLI's plain-text output (every module: a marked string anywhere is translated).
    "client/cli",
    "shared/exchange_messages.py",
    # The server's monitor.
    "sync_server/admin.py",
    "shared/enrollment.py",
    "client/store",
    "shared/policy",
    "shared/files.py",
    "client/paths.py",
    "client/users.py",
)
SOURCES = UI_SOURCES + DOMAIN_SOURCES
# The request document's words (headings, statements, labels of particulars): the
# `document` domain. They are left out of the app's catalogs even where a folder above
# holds them.
DOCUMENT_SOURCES = ("client/requests/texts.py", "client/requests/particulars.py")
HEADERS = {DOMAIN: "Entraide user interface", DOCUMENT_DOMAIN: "Entraide request document"}


def sources_of(domain: str) -> tuple[str, ...]:
    return DOCUMENT_SOURCES if domain == DOCUMENT_DOMAIN else SOURCES


def msgids_in_source(source: str, filename: str = "<string>") -> dict[str, int]:
    """key (as `catalogs.key_of` spells it) -> first line where it is used."""
    found: dict[str, int] = {}
    for line, message, _comments, context in extract(
        "python", io.BytesIO(source.encode("utf-8")), keywords=KEYWORDS
    ):
        if isinstance(message, tuple):
            message = "\0".join(message[:2])
        key = f"{context}\x04{message}" if context else message
        found.setdefault(key, line)
    return found


def python_files(paths: Iterable[str] = SOURCES) -> list[Path]:
    """The Python files under `paths`; the document's files only when named themselves."""
    paths = tuple(paths)
    document = {ROOT / rel for rel in DOCUMENT_SOURCES} - {ROOT / rel for rel in paths}
    files: list[Path] = []
    for rel in paths:
        path = ROOT / rel
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return [file for file in files if file not in document]


def collect(paths: Iterable[str] = SOURCES) -> dict[str, str]:
    """msgid -> "file:line" of its first use, over `paths` (default: the app's sources)."""
    found: dict[str, str] = {}
    for file in python_files(paths):
        for msgid, line in msgids_in_source(file.read_text(encoding="utf-8"), str(file)).items():
            found.setdefault(msgid, f"{file.relative_to(ROOT)}:{line}")
    return found


def template(msgids: dict[str, str]) -> Catalog:
    """The catalog of every string the code uses, with where each is first used."""
    out = Catalog(fuzzy=False, creation_date=CREATED)
    for key in sorted(msgids, key=str.casefold):
        message_id, context = split_key(key)
        path, _sep, line = msgids[key].rpartition(":")
        out.add(message_id, locations=[(path, int(line))], context=context)
    return out


def write_catalog(lang: str, msgids: dict[str, str], domain: str = DOMAIN) -> int:
    """Update one catalog from the code; returns how many strings still lack a usable
    translation (new, or fuzzy until reviewed)."""
    path = po_path(lang, domain)
    if path.exists():
        catalog = load(path, lang)
    else:
        catalog = Catalog(locale=lang, domain=domain, project="entraide", fuzzy=False)
    catalog.update(template(msgids), no_fuzzy_matching=False, update_header_comment=False)
    catalog.header_comment = f"# {HEADERS[domain]}, {lang}."
    catalog.fuzzy = False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # One line per string (no wrapping), obsolete strings dropped.
        write_po(handle, catalog, width=0, ignore_obsolete=True, include_previous=False)
    return sum(1 for m in catalog if m.id and translated(m) is None)


def main() -> int:
    for domain, languages in DOMAIN_LANGUAGES.items():
        msgids = collect(sources_of(domain))
        for lang in languages:
            if lang != SOURCE_LANGUAGE:
                missing = write_catalog(lang, msgids, domain)
                print(f"{domain} {lang}: {len(msgids)} strings, {missing} without translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
