"""The gate on sending: an outgoing request with blocking findings is not sent unless overridden.

An override is an explicit, reasoned decision recorded in the case's
`overrides` items (reason, date, by, findings); it covers the rule ids it
lists, so a blocking finding that appears later is not covered by it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from client.cases import get_case, update_case
from shared.i18n import _
from shared.schema.validation import ValidationError

from .checker import (
    Finding,
    check_request,
    directory_entry_for,
    override_reasons,
    rendered_language,
)


def overridden_rules(case: Mapping[str, Any]) -> set[str]:
    """Rule ids covered by the case's recorded overrides."""
    return set(override_reasons(dict(case)))


def blocking_without_override(
    store: Any,
    case_id: str,
    pending: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> list[Finding]:
    """Blocking findings not covered by an override, on the case as it would be after `pending`.

    The language checked is `language` (a render about to be made), else the
    language the request was last rendered in: what is sent is what was rendered.
    """
    case = {**get_case(store, case_id), **(pending or {})}
    entry, approved = directory_entry_for(store, case)
    covered = overridden_rules(case)
    language = language or rendered_language(case)
    return [
        f
        for f in check_request(case, entry, language=language, entry_approved=approved)
        if f.blocking and f.rule_id not in covered
    ]


def check_sent_gate(
    store: Any, case_id: str, current: Mapping[str, Any], cleaned: Mapping[str, Any]
) -> None:
    """Refuse moving an outgoing case to "sent" while uncovered blocking findings remain.

    Registered by client.requests as a status gate (client.cases.gates): update_case
    runs it with the validated values, in its write transaction.
    """
    if cleaned.get("status") != "sent" or current.get("status") == "sent":
        return
    if (cleaned.get("direction") or current.get("direction")) != "outgoing":
        return
    remaining = blocking_without_override(store, case_id, cleaned)
    if remaining:
        ids = ", ".join(f.rule_id for f in remaining)
        raise ValidationError(
            "status",
            _(
                "cannot mark the request sent: blocking findings remain ({ids}); complete the "
                "request (see `entraide request check`) or record an override with a reason "
                "(`entraide request override`)"
            ).format(ids=ids),
        )


def record_override(store: Any, case_id: str, reason: str, by: str | None = None) -> dict[str, str]:
    """Record an explicit override of the blocking findings that remain now; returns the item."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("overrides.reason", _("an override needs a reason"))
    remaining = blocking_without_override(store, case_id)
    if not remaining:
        raise ValidationError("overrides", _("no blocking finding remains: nothing to override"))
    item = {
        "reason": reason,
        "date": dt.date.today().isoformat(),
        "by": by or store.author,
        "findings": ",".join(f.rule_id for f in remaining),
    }
    existing = get_case(store, case_id)["overrides"]
    # Keep the ids of earlier overrides so that the history shows only the addition.
    update_case(store, case_id, {"overrides": {**existing, secrets.token_hex(4): item}})
    return item
