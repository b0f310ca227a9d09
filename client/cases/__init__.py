"""The case register: create, update, list, search and read the history of cases."""

from .conflicts import CaseConflict, StatusVersion, decide_status, find_conflict, mark_conflicts
from .history import HistoryEntry, history
from .queries import CaseFilter, count_cases, list_cases
from .service import create_case, get_case, merge_map_assignments, set_status, update_case

__all__ = [
    "CaseConflict",
    "CaseFilter",
    "HistoryEntry",
    "count_cases",
    "create_case",
    "decide_status",
    "find_conflict",
    "get_case",
    "history",
    "list_cases",
    "merge_map_assignments",
    "mark_conflicts",
    "set_status",
    "StatusVersion",
    "update_case",
]
