"""Checking a server address before any connection, so a typo is named as such."""

from __future__ import annotations

from urllib.parse import urlsplit

from shared.i18n import _


def server_url_problem(url: str) -> str | None:
    """What is wrong with `url` as a sync server address, or None if it can be used."""
    text = url.strip()
    if not text:
        return _("no address was given")
    if any(c.isspace() for c in text):
        return _("a web address has no spaces")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return _("it is not a valid web address (check the port and any brackets)")
    if parts.scheme.lower() not in ("http", "https"):
        return _("it must start with http:// or https:// (for example https://sync.example.org)")
    if not parts.hostname:
        return _("it names no server after {scheme}://").format(scheme=parts.scheme)
    if port == 0:
        return _("the port must be a number from 1 to 65535")
    return None
