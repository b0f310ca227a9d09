"""Figures about the case register: the dashboard's counts and the statistics screen.

Plain queries over the materialized tables, no UI: the TUI and a future
`entraide stats` command share them.
"""

from .dashboard import DashboardSummary, DeadlineRow, WaitingRow, dashboard_summary
from .figures import CaseStatistics, case_statistics, median

__all__ = [
    "CaseStatistics",
    "DashboardSummary",
    "DeadlineRow",
    "WaitingRow",
    "case_statistics",
    "dashboard_summary",
    "median",
]
