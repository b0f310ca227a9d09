"""Several writers on one database (two connections, as two workers have): a reader
tailing a space's log never skips a group, sees none twice and none out of order;
judging readable groups is one push at a time across instances (per space); a
revocation that commits while a push is being stored is seen by that push."""

from __future__ import annotations

import threading
import time

import msgpack

from sync_server.storage import PlainDocument, Storage, StorageError

from .helpers import device, group

SPACE = "authority/SN-CA"


def _writer(storage: Storage, author: str, batches: int, written: list, errors: list) -> None:
    try:
        for _ in range(batches):
            groups = [group(SPACE, author) for _ in range(20)]
            storage.store_groups(groups, author)
            written.extend(g.group_id for g in groups)
    except Exception as exc:  # reported by the test
        errors.append(exc)


def test_two_writers_and_a_tailing_reader(storage, open_more):
    device(storage, "w1")
    device(storage, "w2")
    writers = [open_more(), open_more()]
    written: list[bytes] = []
    errors: list[Exception] = []
    threads = [
        threading.Thread(target=_writer, args=(w, f"w{i + 1}", 15, written, errors))
        for i, w in enumerate(writers)
    ]
    for thread in threads:
        thread.start()
    seen: list[int] = []
    seen_ids: list[bytes] = []
    cursor = 0
    # Tail the log as a device does (heads first, then the rows after its cursor) until
    # the writers are done and everything is read.
    while any(t.is_alive() for t in threads) or cursor < storage.head(SPACE):
        head = storage.heads([SPACE]).get(SPACE, 0)
        rows = storage.read_log(SPACE, cursor, 7)
        for row in rows:
            assert row.seq == cursor + 1, f"after {cursor} the reader got {row.seq}"
            assert row.seq <= head or rows, "rows beyond the head read first"
            cursor = row.seq
            seen.append(row.seq)
            seen_ids.append(msgpack.unpackb(row.wire))
    for thread in threads:
        thread.join()
    assert not errors
    assert seen == list(range(1, 601))
    assert sorted(seen_ids) == sorted(written)
    assert storage.head(SPACE) == 600


def test_the_same_groups_pushed_at_once_are_stored_once(storage, open_more):
    device(storage, "w1")
    groups = [group(SPACE, "w1") for _ in range(200)]
    errors: list[Exception] = []

    def push(target: Storage) -> None:
        try:
            for start in range(0, 200, 25):
                target.store_groups(groups[start : start + 25], "w1")
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(open_more(),)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    log = storage.read_log(SPACE, 0, 1000)
    assert [r.seq for r in log] == list(range(1, 201))
    assert sorted(r.wire for r in log) == sorted(g.wire for g in groups)


def _holds_then_lets_in(first: Storage, second: Storage, first_space: str, second_space: str):
    """The order of events when `second` asks for its judging lock while `first` holds its
    own (first gives it up once second is in, or after 1 s)."""
    events: list[str] = []
    first_in, second_in = threading.Event(), threading.Event()

    def hold() -> None:
        with first.judging([first_space]):
            events.append("first in")
            first_in.set()
            second_in.wait(1.0)
            events.append("first out")

    def enter() -> None:
        first_in.wait(30)
        with second.judging([second_space]):
            events.append("second in")
            second_in.set()

    threads = [threading.Thread(target=hold), threading.Thread(target=enter)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return events


def test_judging_one_space_is_one_push_at_a_time_across_instances(open_more):
    first, second = open_more(), open_more()  # as two workers or two server instances
    order = _holds_then_lets_in(first, second, "directory", "directory")
    assert order == ["first in", "first out", "second in"]


def test_judging_other_spaces_does_not_wait_on_postgresql(open_more, backend):
    first, second = open_more(), open_more()
    order = _holds_then_lets_in(first, second, "directory", "library")
    if backend == "postgresql":  # one lock per space
        assert order == ["first in", "second in", "first out"]
    else:  # one server process per SQLite file, one lock in it
        assert order == ["first in", "first out", "second in"]


def test_judges_see_each_others_commits(open_more):
    """Read, judge, write back: under the lock no instance writes over what another
    stored since it read (a counter in a document's state, incremented 2 x 15 times)."""
    instances = [open_more(), open_more()]
    errors: list[Exception] = []

    def bump(storage: Storage) -> None:
        try:
            for _ in range(15):
                with storage.judging(["directory"]):
                    doc = storage.plain_document("directory", "counter")
                    count = int(doc.state or b"0")
                    time.sleep(0.005)  # the time a judgement takes: others would interleave
                    new = PlainDocument("directory", "counter", "test", str(count + 1).encode())
                    new.state_dirty = True
                    storage.store_groups([], "", [new])
        except Exception as exc:  # reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=bump, args=(s,)) for s in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert instances[0].plain_document("directory", "counter").state == b"30"


def test_a_revocation_committing_during_a_push_is_seen(storage, open_more):
    """A push stored by another instance while a revocation of its author is being
    committed: either the push is refused, or the revocation's list of the device's
    standing groups holds what the push stored. Never a group outside that list."""
    device(storage, "r")
    storage.store_groups([group(SPACE, "r")], "r")
    pusher = open_more()
    late = group(SPACE, "r")
    outcome: list[str] = []
    listed: list[list[bytes]] = []

    def push() -> None:
        try:
            pusher.store_groups([late], "r")
            outcome.append("stored")
        except StorageError as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=push)

    def make_record(device_id: str, authority: str, revoked_at: str, accepted: list) -> bytes:
        listed.append(sorted(accepted))
        # Inside the revocation's transaction (the device row updated, not committed): the
        # push starts now, and is given a second to store while the revocation is open.
        thread.start()
        thread.join(1.0)
        return msgpack.packb([device_id, revoked_at])

    storage.revoke("r", make_record)
    thread.join(60)
    stored = sorted(
        msgpack.unpackb(row.wire) for row in storage.read_log(SPACE, 0, 100) if row.author == "r"
    )
    assert stored == listed[0], "a group of the revoked device stands outside its record"
    assert outcome and "has been revoked" in outcome[0]
