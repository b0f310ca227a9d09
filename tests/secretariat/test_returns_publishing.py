"""When the staged returns travel: a background sync publishes them once the oldest is a
day old or from an earlier month; a sync by hand and a bundle export publish them at once.
The authority's own figures count them from the save, whatever the sync does."""

from __future__ import annotations

import datetime as dt

from client.bundles import export_bundle, import_bundle
from client.cases import create_case, update_case
from client.returns import read_returns
from client.returns.book import returns_due
from client.sync import SyncAgent

from .net import Net

CASE = {"direction": "incoming", "kind": "mla", "requesting_state": "NG", "status": "received"}


def _code(store) -> str:  # the server serves other tests' offices too
    return store.get_meta("authority")


def _later(hours: float) -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=hours)


def test_a_background_sync_publishes_the_returns_once_a_day_old(net: Net) -> None:
    a, sec = net.a, net.sec
    create_case(a, CASE)
    assert len(read_returns(a)) == 1  # the office's own figures count it at once
    SyncAgent(a).sync_once(by_hand=False)
    SyncAgent(a).sync_once(by_hand=False, now=_later(23))
    SyncAgent(sec).sync_once()
    assert read_returns(sec, _code(a)) == []  # its cases went out, its return waits
    SyncAgent(a).sync_once(by_hand=False, now=_later(24.1))
    SyncAgent(sec).sync_once()
    assert [r["status"] for r in read_returns(sec, _code(a))] == ["received"]
    assert not returns_due(a, _later(48))  # nothing left staged


def test_a_sync_by_hand_publishes_the_returns_at_once(net: Net) -> None:
    a, sec = net.a, net.sec
    create_case(a, CASE)
    SyncAgent(a).sync_once(by_hand=False)
    SyncAgent(a).sync_once()  # by hand (`entraide sync`, the app's sync key)
    SyncAgent(sec).sync_once()
    assert len(read_returns(sec, _code(a))) == 1


def test_a_bundle_export_carries_the_staged_returns(net: Net, tmp_path) -> None:
    a, b, sec = net.a, net.b, net.sec
    create_case(a, CASE)
    SyncAgent(a).sync_once(by_hand=False)  # a background sync before the export
    export_bundle(a, tmp_path / "a.entraide")
    import_bundle(b, tmp_path / "a.entraide")  # relayed by another office
    SyncAgent(b).sync_once()
    SyncAgent(sec).sync_once()
    assert len(read_returns(sec, _code(a))) == 1


def test_returns_staged_in_an_earlier_month_are_due_at_once(net: Net) -> None:
    a = net.a
    case_id = create_case(a, CASE)
    staged = dt.datetime(2026, 3, 31, 23, 0, tzinfo=dt.timezone.utc)
    with a.write() as conn:  # as if saved at the end of March
        conn.execute("UPDATE returns_staged SET staged_at = ?", (staged.isoformat(),))
    assert not returns_due(a, staged + dt.timedelta(minutes=30))
    assert returns_due(a, staged + dt.timedelta(hours=1, minutes=30))  # April 1st, 00:30
    assert returns_due(a, staged + dt.timedelta(days=1))
    # A case saved again keeps its first staging time: a busy case does not hold it back.
    update_case(a, case_id, {"status": "in_execution"})
    assert returns_due(a, staged + dt.timedelta(hours=1, minutes=30))
