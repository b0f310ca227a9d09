"""Several writers on one database (two connections, as two workers have): a reader
tailing a space's log never skips a group, sees none twice and none out of order."""

from __future__ import annotations

import threading

import msgpack

from sync_server.storage import Storage

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
