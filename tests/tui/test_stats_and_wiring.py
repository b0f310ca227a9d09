"""The headless parts (statistics, i18n) and the wiring to other helpers' screens."""

from __future__ import annotations

import subprocess
import sys

from client.stats import case_statistics, dashboard_summary, median
from client.tui.screens.case_detail import CaseDetailScreen

from .data import TODAY


def test_statistics_of_the_sample(sample):
    figures = case_statistics(sample)
    assert figures.total == 8
    assert dict(figures.by_status)["received"] == 1
    # Counterparts: requesting State of incoming (GH x4), requested State of outgoing.
    assert dict(figures.by_state) == {"GH": 4, "NE": 2, "ML": 1, "CI": 1}
    assert dict(figures.by_assistance) == {"bank_records": 8, "taking_evidence": 4}
    # Completed: case 4 (2024-09-01 -> 2025-01-20, 141 d), 5 (201 d), 7 (92 d).
    assert figures.completed == 3
    assert figures.median_days_to_completion == 141
    assert case_statistics(sample, "outgoing").total == 4


def test_median():
    assert median([]) is None
    assert median([5, 1, 3]) == 3
    assert median([4, 1, 3, 10]) == 3.5


def test_dashboard_counts(sample):
    summary = dashboard_summary(sample, TODAY)
    assert (summary.open_incoming, summary.open_outgoing) == (2, 3)
    assert [row.id for row in summary.overdue] == ["case0001"]
    assert summary.overdue[0].days_left == -19
    assert [row.id for row in summary.upcoming] == ["case0002", "case0003"]
    assert summary.waiting[0].id == "case0001"  # received 2024-10-02, the oldest still open


def test_headless_modules_do_not_load_textual():
    code = "import sys, client.stats, shared.i18n.labels; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_w_opens_the_request_writer(app):
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(CaseDetailScreen("case0008"))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "RequestWriterScreen"
        assert app.screen.case_id == "case0008"
