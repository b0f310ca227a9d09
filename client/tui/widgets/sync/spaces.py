"""Names of sync spaces as people understand them."""

from __future__ import annotations

from shared.i18n import _


def space_label(space: str) -> str:
    prefix, _sep, code = space.partition("/")
    if space == "directory":
        return _("Directory")
    if space == "library":
        return _("Legal library")
    if prefix == "authority":
        return _("Cases of {authority}").format(authority=code)
    if prefix == "returns":
        return _("Statistics of {authority}").format(authority=code)
    return space
