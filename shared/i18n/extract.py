"""Find the translatable strings in the code and keep the `.po` catalogs in step, with Babel.

A translatable string is a literal passed to `_()`, `gettext()` or `N_()`; a pair of
literals passed to `ngettext(singular, plural, n)` is one plural entry;
`pgettext(context, message)` and `npgettext(context, singular, plural, n)` add a
context. `python -m shared.i18n.extract` extracts them with Babel's Python
extractor (the keywords below), then updates each catalog with Babel's
`Catalog.update`: existing translations are kept, new strings are added (with
the translation of a near-identical old string, marked fuzzy for review: a fuzzy
translation is not used until the fuzzy mark is removed), vanished ones dropped.
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

from . import LANGUAGES, SOURCE_LANGUAGE, po_path
from .catalogs import load, split_key, translated

# Babel's keyword specs: which arguments are the message, its plural and its context.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
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
    "client/cli/exchange_cmd.py",
    "shared/exchange_messages.py",
    # The CLI's plain-text output of the secretariat's commands, and the server's monitor.
    "client/cli/main.py",
    "client/cli/common.py",
    "client/cli/stats_cmd.py",
    "client/cli/directory_cmd.py",
    "client/cli/network_cmd.py",
    "sync_server/admin.py",
    "shared/enrollment.py",
    "client/store",
    "shared/policy",
    "shared/files.py",
    "client/paths.py",
    "client/users.py",
)
SOURCES = UI_SOURCES + DOMAIN_SOURCES


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
    files: list[Path] = []
    for rel in paths:
        path = ROOT / rel
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def collect(paths: Iterable[str] = SOURCES) -> dict[str, str]:
    """msgid -> "file:line" of its first use, over all sources (UI and domain)."""
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


def write_catalog(lang: str, msgids: dict[str, str]) -> int:
    """Update one catalog from the code; returns how many strings still lack a usable
    translation (new, or fuzzy until reviewed)."""
    path = po_path(lang)
    if path.exists():
        catalog = load(path, lang)
    else:
        catalog = Catalog(locale=lang, domain="entraide", project="entraide", fuzzy=False)
    catalog.update(template(msgids), no_fuzzy_matching=False, update_header_comment=False)
    catalog.header_comment = f"# Entraide user interface, {lang}."
    catalog.fuzzy = False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # One line per string (no wrapping), obsolete strings dropped.
        write_po(handle, catalog, width=0, ignore_obsolete=True, include_previous=False)
    return sum(1 for m in catalog if m.id and translated(m) is None)


def main() -> int:
    msgids = collect()
    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE:
            missing = write_catalog(lang, msgids)
            print(f"{lang}: {len(msgids)} strings, {missing} without translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
