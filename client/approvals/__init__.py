"""The secretariat's review of documents others rely on: approve exactly the version
reviewed, reject with a reason, show the approved version to all but the owner.

Used by the directory; written to be reused as is by the library and exchange keys.
"""

from .book import (
    PENDING_STATES,
    ApprovalBook,
    ApprovalError,
    Review,
    ReviewState,
    may_review,
    version_token,
)
from .diff import FieldChange, field_changes

__all__ = [
    "PENDING_STATES",
    "ApprovalBook",
    "ApprovalError",
    "FieldChange",
    "Review",
    "ReviewState",
    "field_changes",
    "may_review",
    "version_token",
]
