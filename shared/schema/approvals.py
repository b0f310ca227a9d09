"""The secretariat's approvals document of a space (directory, library...).

One document per space records, for each reviewed document of that space:
- `approved`: doc id -> the heads of the version approved last ("h1,h2", hex);
- `reviews`: doc id -> the last review {verdict, heads, reason, by, date};
- `log`: "<doc id> <ISO date-time>" -> heads, every approval ever made, so that
  an edition can show the directory as approved on a given date.
Maps keyed by document id, so that concurrent reviews of different documents merge.
"""

from __future__ import annotations

from .cases import Field

VERDICTS = ("approved", "rejected")
REVIEW_FIELDS = ("verdict", "heads", "reason", "by", "date")
MAX_REASON = 2000

APPROVALS_FIELDS: tuple[Field, ...] = (
    Field("approved", "map"),
    Field("reviews", "items"),
    Field("log", "map"),
)
APPROVALS_FIELDS_BY_NAME = {f.name: f for f in APPROVALS_FIELDS}
