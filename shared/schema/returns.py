"""The de-identified statistics return of a case, in `returns/<authority>`.

Whitelisted fields only: categories, states, month-precision dates, status,
outcome, refusal grounds, urgency; never a name, a reference, free text or
anything from persons or documents. `client.returns.projection` derives a
return from a case; this is the list of what may exist in one.
"""

from __future__ import annotations

from .cases import (
    ASSISTANCE_TYPES,
    DIRECTIONS,
    KINDS,
    LEGAL_BASIS_CATEGORIES,
    OFFENCE_CATEGORIES,
    OUTCOME_CATEGORIES,
    REFUSAL_GROUNDS,
    STATUSES,
    URGENCIES,
    Field,
)

RETURN_FIELDS: tuple[Field, ...] = (
    Field("direction", "choice", DIRECTIONS),
    Field("kind", "choice", KINDS),
    Field("assistance_types", "set", ASSISTANCE_TYPES),
    Field("reporting_state", "str"),  # ISO code of the authority's own State
    Field("counterpart_state", "str"),  # ISO code of the other side
    Field("offence_categories", "set", OFFENCE_CATEGORIES),
    Field("legal_basis_category", "choice", ("", *LEGAL_BASIS_CATEGORIES)),
    Field("opened_month", "str"),  # YYYY-MM: received (incoming) or sent (outgoing)
    Field("completed_month", "str"),  # YYYY-MM: executed, else closed
    Field("deadline_month", "str"),  # YYYY-MM
    Field("days_to_completion", "int"),  # -1 while not completed
    Field("status", "choice", STATUSES),
    Field("outcome_category", "choice", ("", *OUTCOME_CATEGORIES)),
    Field("refusal_grounds", "set", REFUSAL_GROUNDS),
    Field("urgency", "choice", URGENCIES),
)
RETURN_FIELD_NAMES = tuple(f.name for f in RETURN_FIELDS)
RETURN_FIELDS_BY_NAME = {f.name: f for f in RETURN_FIELDS}
# The case fields a return is computed from; nothing else of a case is ever read.
CASE_FIELDS_READ = (
    "direction",
    "kind",
    "assistance_types",
    "requesting_state",
    "requested_state",
    "offence_categories",
    "legal_basis_category",
    "date_received",
    "date_sent",
    "date_executed",
    "date_closed",
    "deadline",
    "status",
    "outcome_category",
    "refusal_grounds",
    "urgency",
)
