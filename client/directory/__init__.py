"""The directory of competent national authorities, with the secretariat's approvals."""

from .service import (
    ApprovalState,
    approval_state,
    approve_entry,
    approved_entry,
    get_entry,
    list_entries,
    propose_edit,
    put_entry,
)

__all__ = [
    "ApprovalState",
    "approval_state",
    "approve_entry",
    "approved_entry",
    "get_entry",
    "list_entries",
    "propose_edit",
    "put_entry",
]
