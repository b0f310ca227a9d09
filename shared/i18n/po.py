"""A tiny reader of gettext `.po` files and writer of `.mo` bytes.

Enough for our catalogs: msgid/msgstr pairs, plural entries (msgid_plural and
msgstr[n]), multi-line strings, comments, and the fuzzy flag (fuzzy entries are
skipped, as msgfmt does). No contexts: the UI avoids them.

A plural entry is kept the way `.mo` files store it: the key is the singular and
the plural joined by NUL, the value the forms joined by NUL; GNUTranslations
picks the form with the catalog's Plural-Forms rule.
"""

from __future__ import annotations

import ast
import io
import re
import struct

PLURAL_SEPARATOR = "\0"


def read_po(text: str) -> dict[str, str]:
    """msgid -> msgstr; the header (msgid "") is kept; empty or fuzzy msgstr are left out,
    and so is a plural entry with any form missing."""
    messages: dict[str, str] = {}
    msgid: list[str] = []
    plural: list[str] = []
    forms: dict[int, list[str]] = {}
    target: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal fuzzy
        if target is not None:
            key = "".join(msgid)
            if plural:
                key += PLURAL_SEPARATOR + "".join(plural)
            values = ["".join(forms[n]) for n in sorted(forms)]
            if values and all(values) and (not fuzzy or key == ""):
                messages[key] = PLURAL_SEPARATOR.join(values)
        msgid.clear()
        plural.clear()
        forms.clear()
        fuzzy = False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            target = None
            fuzzy = True
        elif not line or line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            keep_fuzzy = fuzzy
            flush()
            fuzzy = keep_fuzzy
            target = msgid
            target.append(_unquote(line[6:], number))
        elif line.startswith("msgid_plural "):
            target = plural
            target.append(_unquote(line[13:], number))
        elif match := re.match(r"msgstr(?:\[(\d+)\])? ", line):
            target = forms.setdefault(int(match.group(1) or 0), [])
            target.append(_unquote(line[match.end() :], number))
        elif line.startswith('"') and target is not None:
            target.append(_unquote(line, number))
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    flush()
    return messages


def _unquote(token: str, number: int) -> str:
    token = token.strip()
    if not (token.startswith('"') and token.endswith('"')):
        raise ValueError(f"line {number}: expected a quoted string, got {token!r}")
    return ast.literal_eval(token)


def compile_mo(messages: dict[str, str]) -> io.BytesIO:
    """The GNU `.mo` layout (little endian, no hash table) that GNUTranslations reads."""
    keys = sorted(messages)
    ids = [k.encode("utf-8") for k in keys]
    strs = [messages[k].encode("utf-8") for k in keys]
    count = len(keys)
    key_table = 7 * 4
    value_table = key_table + count * 8
    data_start = value_table + count * 8
    offsets: list[tuple[int, int]] = []
    blob = b""
    for item in ids + strs:
        offsets.append((len(item), data_start + len(blob)))
        blob += item + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, key_table, value_table, 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    return io.BytesIO(header + tables + blob)


def quote(text: str) -> str:
    """A Python str as a .po string literal."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'
