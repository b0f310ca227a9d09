"""Review by the secretariat of documents that others rely on (directory entries, library
items, exchange keys): one `ApprovalBook` per space.

- The approved version of a document is the set of heads the secretariat recorded,
  rendered with Automerge's read-at-heads: approving records exactly the heads that
  were reviewed, so an edit made after them stays pending.
- A rejection records the heads reviewed and a reason, which the owner sees until
  it edits again (a new version is a new proposal).
- Everyone but the owner sees the approved version only; the owner sees both.

The records live in one document per space (`shared.schema.approvals`), which only
secretariat devices may write (`shared.access.may_write`, checked by the server).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.errors import EntraideError
from shared.i18n import _
from shared.schema.approvals import MAX_REASON

from ..store import NotFound, Store
from ..store.automerge_fields import read_document
from ..store.store import now_iso


class ApprovalError(EntraideError):
    """A review that cannot be recorded (not the secretariat, unknown version...)."""


class ReviewState(str, enum.Enum):
    APPROVED = "approved"  # the current version is the approved one
    PROPOSED = "proposed"  # edited since the approved version: awaiting review
    UNREVIEWED = "unreviewed"  # never approved: awaiting review
    REJECTED = "rejected"  # the current version was reviewed and rejected


PENDING_STATES = (ReviewState.PROPOSED, ReviewState.UNREVIEWED)


@dataclass(frozen=True)
class Review:
    """Where one document stands with the secretariat."""

    doc_id: str
    state: ReviewState
    current: list[bytes]
    approved: list[bytes] = field(default_factory=list)  # [] if never approved
    reason: str = ""  # of the last rejection, while it applies
    reviewed_by: str = ""
    reviewed_at: str = ""

    @property
    def version(self) -> str:
        return version_token(self.current)

    @property
    def approved_version(self) -> str:
        return version_token(self.approved) if self.approved else ""


@dataclass(frozen=True)
class ApprovalBook:
    """The approvals of one space. `owner_of(store, doc_id)` names the authority that owns
    a document; `kinds` are the document kinds under review."""

    space: str
    doc_id: str
    kinds: tuple[str, ...]
    owner_of: Callable[[Store, str], str]

    # -- reading -------------------------------------------------------------------------
    def review(self, store: Store, doc_id: str) -> Review:
        current = sorted(store.heads(doc_id))
        approved = sorted(self._approved_heads(store, doc_id))
        last = self._reviews(store).get(doc_id) or {}
        if approved and current == approved:
            return Review(doc_id, ReviewState.APPROVED, current, approved, "", *_who(last))
        if last.get("verdict") == "rejected" and sorted(_heads(last.get("heads"))) == current:
            reason = str(last.get("reason") or "")
            return Review(doc_id, ReviewState.REJECTED, current, approved, reason, *_who(last))
        state = ReviewState.PROPOSED if approved else ReviewState.UNREVIEWED
        return Review(doc_id, state, current, approved)

    def approved_version(self, store: Store, doc_id: str) -> dict[str, Any] | None:
        """The document's fields as approved, or None if no version was ever approved
        (or this copy lacks the approved changes yet)."""
        heads = self._approved_heads(store, doc_id)
        return self.version_at(store, doc_id, heads) if heads else None

    def version_at(self, store: Store, doc_id: str, heads: list[bytes]) -> dict[str, Any] | None:
        try:
            return read_document(store.document(doc_id), heads)
        except NotFound:
            return None
        except Exception:  # heads not (yet) in this copy of the document
            return None

    def approved_as_of(self, store: Store, doc_id: str, moment: str) -> dict[str, Any] | None:
        """The version approved last at or before `moment` (ISO date or date-time)."""
        best, best_at = "", ""
        for key, heads in self._log(store).items():
            owner, _sep, rest = key.partition(" ")
            at = rest.partition(" ")[0]
            if owner == doc_id and at[: len(moment)] <= moment and at >= best_at:
                best, best_at = heads, at
        return self.version_at(store, doc_id, _heads(best)) if best else None

    def visible(self, store: Store, doc_id: str, viewer: str) -> dict[str, Any] | None:
        """What `viewer` (an authority code) may rely on: the current version for the
        owner, the approved version for everyone else (None if never approved)."""
        if self.owner_of(store, doc_id) == viewer:
            return store.read(doc_id)
        return self.approved_version(store, doc_id)

    def pending(self, store: Store) -> list[Review]:
        """Documents awaiting review, in id order."""
        out = []
        for kind in self.kinds:
            for doc_id in sorted(store.doc_ids(kind, self.space)):
                review = self.review(store, doc_id)
                if review.state in PENDING_STATES:
                    out.append(review)
        return out

    # -- recording -----------------------------------------------------------------------
    def approve(
        self, store: Store, doc_id: str, version: str | None = None, when: str | None = None
    ) -> Review:
        """Approve exactly `version` (a token from `Review.version`; default: the current
        heads). Changes made after it stay pending. `when` back-dates it (demo data)."""
        heads = self._resolve(store, doc_id, version)
        stamp = when or now_iso()
        joined = ",".join(h.hex() for h in heads)
        record = {"verdict": "approved", "heads": joined, "reason": "", "by": store.author}
        self._write(
            store,
            {
                "approved": {**self._approved(store), doc_id: joined},
                "reviews": {**self._reviews(store), doc_id: {**record, "date": stamp}},
                "log": {**self._log(store), f"{doc_id} {stamp} {version_token(heads)}": joined},
            },
        )
        return self.review(store, doc_id)

    def reject(self, store: Store, doc_id: str, reason: str, version: str | None = None) -> Review:
        """Reject exactly `version` with a reason the owner sees; the approved version,
        if any, stays what others see."""
        reason = (reason or "").strip()
        if not reason:
            raise ApprovalError(_("a rejection needs a reason the authority can act on"))
        if len(reason) > MAX_REASON:
            raise ApprovalError(
                _("the reason is too long (over {count} characters)").format(count=MAX_REASON)
            )
        heads = self._resolve(store, doc_id, version)
        record = {
            "verdict": "rejected",
            "heads": ",".join(h.hex() for h in heads),
            "reason": reason,
            "by": store.author,
            "date": now_iso(),
        }
        self._write(store, {"reviews": {**self._reviews(store), doc_id: record}})
        return self.review(store, doc_id)

    # -- internals ------------------------------------------------------------------------
    def _resolve(self, store: Store, doc_id: str, version: str | None) -> list[bytes]:
        if not may_review(store):
            raise ApprovalError(_("only a secretariat device can approve or reject"))
        if not store.exists(doc_id) or store.kind_of(doc_id) not in self.kinds:
            raise ApprovalError(_("nothing to review under '{id}'").format(id=doc_id))
        if not version:
            return sorted(store.heads(doc_id))
        hashes = [c.hash for c in store.document(doc_id).get_changes([])]
        heads = []
        for prefix in version.lower().replace(",", "+").split("+"):
            found = [h for h in hashes if prefix and h.hex().startswith(prefix)]
            if len(found) != 1:
                raise ApprovalError(
                    _("version '{version}' is not a version of '{id}' held here").format(
                        version=version, id=doc_id
                    )
                )
            heads.append(found[0])
        return sorted(heads)

    def _write(self, store: Store, values: dict[str, Any]) -> None:
        with store.write():
            if store.exists(self.doc_id):
                store.update(self.doc_id, values)
            else:
                store.create(self.space, "approvals", values, doc_id=self.doc_id)

    def _record(self, store: Store) -> dict[str, Any]:
        try:
            return store.read(self.doc_id)
        except NotFound:
            return {}

    def _approved(self, store: Store) -> dict[str, str]:
        return _str_map(self._record(store).get("approved"))

    def _log(self, store: Store) -> dict[str, str]:
        return _str_map(self._record(store).get("log"))

    def _reviews(self, store: Store) -> dict[str, dict[str, str]]:
        value = self._record(store).get("reviews")
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(v, dict)}

    def _approved_heads(self, store: Store, doc_id: str) -> list[bytes]:
        return _heads(self._approved(store).get(doc_id))


def may_review(store: Store) -> bool:
    """True on a device that may approve and reject: the secretariat's. A store never
    enrolled (demo data, a local trial) keeps its own copy and may review it too; the
    server refuses any other device's reviews as well."""
    return store.get_meta("role") in (None, "secretariat")


def version_token(heads: Iterable[bytes]) -> str:
    """A short, typeable name of a version: the first 12 hex digits of each head."""
    return "+".join(h.hex()[:12] for h in sorted(heads))


def _heads(value: object) -> list[bytes]:
    if not isinstance(value, str):
        return []
    try:
        return [bytes.fromhex(h) for h in value.split(",") if h]
    except ValueError:
        return []


def _str_map(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(v, str)}


def _who(record: dict[str, Any]) -> tuple[str, str]:
    return str(record.get("by") or ""), str(record.get("date") or "")
