"""Find the translatable strings in the code and keep the `.po` catalogs in step.

A translatable string is a literal passed to `_()`, `gettext()` or `N_()`; a pair of
literals passed to `ngettext(singular, plural, n)` is one plural entry.
`python -m shared.i18n.extract` rewrites each catalog: existing translations
are kept, new strings are added with an empty msgstr, vanished ones dropped.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

from . import LANGUAGES, SOURCE_LANGUAGE, po_path
from .po import PLURAL_SEPARATOR, quote, read_po

MARKERS = {"_", "gettext", "N_"}
PLURAL_MARKERS = {"ngettext"}
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
    "shared/enrollment.py",
    "client/store",
    "shared/policy",
    "shared/files.py",
    "client/paths.py",
    "client/users.py",
)
SOURCES = UI_SOURCES + DOMAIN_SOURCES


def msgids_in_source(source: str, filename: str = "<string>") -> dict[str, int]:
    """msgid -> first line where it is used."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name in MARKERS and len(node.args) == 1 and texts and isinstance(texts[0], str):
            found.setdefault(texts[0], node.lineno)
        elif name in PLURAL_MARKERS and len(node.args) == 3:
            singular, plural = node.args[0], node.args[1]
            if (
                isinstance(singular, ast.Constant)
                and isinstance(singular.value, str)
                and isinstance(plural, ast.Constant)
                and isinstance(plural.value, str)
            ):
                key = singular.value + PLURAL_SEPARATOR + plural.value
                found.setdefault(key, node.lineno)
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


def header(lang: str) -> str:
    plural = "(n > 1)" if lang == "fr" else "(n != 1)"
    return (
        f'Project-Id-Version: entraide\\n"\n"Language: {lang}\\n"\n'
        f'"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural={plural};\\n'
    )


def write_catalog(lang: str, msgids: dict[str, str]) -> int:
    """Rewrite one catalog; returns how many strings still lack a translation."""
    path = po_path(lang)
    old = read_po(path.read_text(encoding="utf-8")) if path.exists() else {}
    lines = [f"# Entraide user interface, {lang}.", 'msgid ""', f'msgstr "{header(lang)}"', ""]
    missing = 0
    for msgid in sorted(msgids, key=str.casefold):
        translation = old.get(msgid, "")
        missing += not translation
        lines.append(f"#: {msgids[msgid]}")
        if PLURAL_SEPARATOR in msgid:
            singular, plural = msgid.split(PLURAL_SEPARATOR)
            forms = translation.split(PLURAL_SEPARATOR) if translation else ["", ""]
            lines += [f"msgid {quote(singular)}", f"msgid_plural {quote(plural)}"]
            lines += [f"msgstr[{n}] {quote(form)}" for n, form in enumerate(forms)]
        else:
            lines += [f"msgid {quote(msgid)}", f"msgstr {quote(translation)}"]
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return missing


def main() -> int:
    msgids = collect()
    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE:
            missing = write_catalog(lang, msgids)
            print(f"{lang}: {len(msgids)} strings, {missing} without translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
