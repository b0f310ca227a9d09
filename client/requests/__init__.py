"""The request writer: completeness rules, checks, and the request document in three languages."""

from client.cases.gates import add_status_gate

from .checker import Finding, check_case, check_request
from .gate import check_sent_gate
from .rules import BLOCKING, RULES, RULES_BY_ID, WARNING, Rule

# An outgoing request is not marked sent while blocking findings remain (gate.py).
add_status_gate("send", check_sent_gate)

__all__ = [
    "BLOCKING",
    "RULES",
    "RULES_BY_ID",
    "WARNING",
    "Finding",
    "Rule",
    "check_case",
    "check_request",
]
