"""Whether an outgoing request can be transmitted now, and what stands in the way.

The terminal app shows this before it asks to confirm; `transmit` itself checks
the same things again (and refuses with one clear error) when it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.i18n import _

from ..cases import get_case
from ..keys.local import own_authority
from ..requests.checker import Finding, directory_entry_for
from ..requests.export import prepare
from ..requests.gate import blocking_without_override
from ..store import Store
from .attachments import Attachment, case_attachments
from .errors import ExchangeError
from .keys import published_key
from .log import thread_of_case
from .transmit import recipient_of


@dataclass(frozen=True)
class Readiness:
    recipient: str  # "" when the requested authority is not known
    problem: str  # why it cannot be transmitted at all ("" when it can)
    blocking: list[Finding] = field(default_factory=list)  # findings without an override
    language: str = "en"  # the language the request will be rendered in
    files: list[Attachment] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problem and not self.blocking


def transmit_readiness(store: Store, case_id: str) -> Readiness:
    case = get_case(store, case_id)
    if case.get("direction") != "outgoing":
        return Readiness("", _("only an outgoing request can be transmitted"))
    if thread_of_case(store, case_id) is not None or case.get("exchange_thread"):
        return Readiness("", _("this request was already transmitted; its thread goes on"))
    entry, _approved = directory_entry_for(store, case)
    if entry is None or not entry.get("code"):
        return Readiness(
            "",
            _(
                "the requested authority is not in the directory; add its entry, or name it"
                " with `entraide request transmit --to CODE`"
            ),
        )
    try:
        recipient = recipient_of(store, case, None)
        if recipient == own_authority(store):
            raise ExchangeError(_("a request cannot be transmitted to this device's own authority"))
        published_key(store, recipient)
    except ExchangeError as exc:
        return Readiness("", str(exc))
    language = prepare(store, case_id).document.lang
    return Readiness(
        recipient,
        "",
        blocking_without_override(store, case_id, language=language),
        language,
        case_attachments(store, case_id),
    )
