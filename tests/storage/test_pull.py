"""Building a pull answer over each backend: what is sent, what is skipped, and how the
cursors move (the device's own groups are skipped without being read)."""

from __future__ import annotations

import zlib

import msgpack

from sync_server import protocol
from sync_server.protocol import PullRequest, answer_pull

from .helpers import device, group

SPACE = "authority/SN-CA"


def pull(storage, dev, cursors, max_bytes=256 * 1024) -> dict:
    body, _ = answer_pull(storage, dev, PullRequest(cursors, max_bytes))
    return msgpack.unpackb(zlib.decompress(body), raw=False)


def test_own_groups_are_skipped_and_the_cursor_moves_past_them(storage):
    me, other = device(storage, "me"), device(storage, "other")
    own = protocol.LOG_WINDOW * 2 + 5  # more than one window of the log
    storage.store_groups([group(SPACE, "me") for _ in range(own)], "me")
    answer = pull(storage, me, {})
    assert answer["groups"] == [] and answer["cursors"][SPACE] == own
    assert not answer["more"] and answer["remaining"] == 0
    # One group of another device after them: sent, and only it.
    foreign = group(SPACE, "other")
    storage.store_groups([foreign], "other")
    storage.store_groups([group(SPACE, "me")], "me")
    answer = pull(storage, me, {})
    assert [g[1] for g in answer["groups"]] == [own + 1]
    assert answer["cursors"][SPACE] == own + 2 and not answer["more"]
    # The other device gets everything, in order, in batches.
    cursors, seqs = {}, []
    while True:
        answer = pull(storage, other, cursors, max_bytes=4096)
        seqs += [g[1] for g in answer["groups"] if g[0] == SPACE]
        cursors = answer["cursors"]
        if not answer["more"]:
            break
    assert seqs == [s for s in range(1, own + 3) if s != own + 1]


def test_an_up_to_date_device_gets_nothing_and_certificates_go_once(storage):
    reader, author = device(storage, "reader"), device(storage, "author")
    storage.store_groups([group(SPACE, "author") for _ in range(3)], "author")
    first = pull(storage, reader, {})
    assert [g[1] for g in first["groups"]] == [1, 2, 3]
    assert len(first["certs"]) == 1 and first["certs"][0] == "cert:author:SN-CA:officer"
    again = pull(storage, reader, {})  # the same groups again: no certificate this time
    assert [g[1] for g in again["groups"]] == [1, 2, 3] and again["certs"] == []
    done = pull(storage, reader, first["cursors"])
    assert done["groups"] == [] and not done["more"] and done["cursors"] == first["cursors"]
    assert author.device_id == "author"


def test_a_budget_sends_at_least_one_group_and_says_more(storage):
    reader = device(storage, "reader")
    device(storage, "author")
    storage.store_groups([group(SPACE, "author", size=5000) for _ in range(3)], "author")
    answer = pull(storage, reader, {}, max_bytes=1024)
    assert [g[1] for g in answer["groups"]] == [1]
    assert answer["more"] and answer["remaining"] == 2
