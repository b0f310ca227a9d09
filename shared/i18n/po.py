"""A tiny reader of gettext `.po` files and writer of `.mo` bytes.

Enough for our catalogs: msgid/msgstr pairs, multi-line strings, comments,
and the fuzzy flag (fuzzy entries are skipped, as msgfmt does). No plurals
or contexts: the UI avoids them.
"""

from __future__ import annotations

import ast
import io
import struct


def read_po(text: str) -> dict[str, str]:
    """msgid -> msgstr; the header (msgid "") is kept; empty or fuzzy msgstr are left out."""
    messages: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    target: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal fuzzy
        if target is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if value and (not fuzzy or key == ""):
                messages[key] = value
        msgid.clear()
        msgstr.clear()
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
        elif line.startswith("msgstr "):
            target = msgstr
            target.append(_unquote(line[7:], number))
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
