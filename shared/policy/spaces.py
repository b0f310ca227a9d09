"""Which document kinds each space holds, and who owns a document: the policy as data.

A new space or kind (returns, library, exchange) is one entry here plus, if its
fields are known, one entry in `shared.schema.kinds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.access import APPROVALS_DOC, BRIEFING_NOTE_PREFIX


@dataclass(frozen=True)
class SpaceRule:
    kinds: tuple[str, ...]  # document kinds the space may hold
    # Document ids kept for one kind (and that kind lives under no other id).
    reserved: dict[str, str] = field(default_factory=dict)
    # Kinds whose `code` field must equal the document id and the author's authority
    # (the secretariat may write any authority's).
    owned_by_code: tuple[str, ...] = ()
    # Kinds kept one per State: kind -> document id prefix. The document id is the prefix
    # and the `state` field, no other kind uses the prefix, and a device other than the
    # secretariat's writes only its own State's (`shared.access.authority_state`).
    owned_by_state: dict[str, str] = field(default_factory=dict)


# Keyed by the space's prefix: `authority/<code>` -> "authority".
SPACE_RULES: dict[str, SpaceRule] = {
    "authority": SpaceRule(kinds=("case",)),
    # One return document per case (older versions), then one book per authority and year.
    "returns": SpaceRule(kinds=("return", "return_book")),
    "directory": SpaceRule(
        kinds=("directory", "approvals"),
        reserved={APPROVALS_DOC: "approvals"},
        owned_by_code=("directory",),
    ),
    # Written by the secretariat (shared.access.may_write), but for the briefing note of
    # an authority's own State, which it proposes; the approvals document records which
    # versions every device may rely on, as in the directory.
    "library": SpaceRule(
        kinds=("instrument", "party_event", "briefing_note", "approvals"),
        reserved={APPROVALS_DOC: "approvals"},
        owned_by_state={"briefing_note": BRIEFING_NOTE_PREFIX},
    ),
    # Between two authorities: parts of sealed packages and thread messages.
    "exchange": SpaceRule(kinds=("package", "message")),
}


def space_rule(space: str) -> SpaceRule | None:
    return SPACE_RULES.get(space.partition("/")[0])
