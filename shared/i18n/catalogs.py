"""The catalogs through Babel: reading `.po` files and compiling them to `.mo` bytes.

One message is keyed the way `.mo` files store it: a plural entry is the singular
and the plural joined by NUL, a message with a context is the context and the
message joined by EOT (`\\x04`). `read_po` gives that flat view (translated
entries only: fuzzy ones and plural entries missing a form are left out, as
msgfmt does); `compile_mo` writes what the standard library's
`gettext.GNUTranslations` reads.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages import pofile
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo

PLURAL_SEPARATOR = "\0"
CONTEXT_SEPARATOR = "\x04"


def key_of(message: Message) -> str:
    """The message's key as `.mo` files (and `msgids_in_source`) spell it."""
    ids = message.id
    key = PLURAL_SEPARATOR.join(ids) if isinstance(ids, (tuple, list)) else str(ids)
    return f"{message.context}{CONTEXT_SEPARATOR}{key}" if message.context else key


def split_key(key: str) -> tuple[str | tuple[str, str], str | None]:
    """The (id, context) of a key: the inverse of `key_of`."""
    context, _sep, rest = key.rpartition(CONTEXT_SEPARATOR)
    if PLURAL_SEPARATOR in rest:
        singular, plural = rest.split(PLURAL_SEPARATOR, 1)
        return (singular, plural), context or None
    return rest, context or None


def translated(message: Message) -> str | None:
    """Its translation (plural forms joined by NUL), or None while it has none to use."""
    if message.fuzzy and message.id:
        return None
    strings = message.string
    forms = [str(f or "") for f in strings] if isinstance(strings, (tuple, list)) else [strings]
    if not forms or not all(forms):
        return None
    return PLURAL_SEPARATOR.join(str(f) for f in forms)


def load(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return pofile.read_po(handle, locale=lang, abort_invalid=True)


def read_po(text: str, lang: str | None = None) -> dict[str, str]:
    """key -> translation of every translated entry (the header's key is "")."""
    catalog = pofile.read_po(io.BytesIO(text.encode("utf-8")), locale=lang, abort_invalid=True)
    out = {"": "\n".join(f"{k}: {v}" for k, v in catalog.mime_headers)}
    for message in catalog:
        value = translated(message) if message.id else None
        if value is not None:
            out[key_of(message)] = value
    return out


def compile_mo(catalog: Catalog) -> io.BytesIO:
    """The `.mo` bytes of a catalog (fuzzy entries left out), ready for GNUTranslations."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    out.seek(0)
    return out
