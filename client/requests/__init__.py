"""The request writer: completeness rules, checks, and the request document in three languages."""

from .checker import Finding, check_case, check_request
from .rules import BLOCKING, RULES, RULES_BY_ID, WARNING, Rule

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
