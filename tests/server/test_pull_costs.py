"""What a pull costs the server: an up-to-date device's pull takes no write lock."""

from __future__ import annotations

import sqlite3

import httpx

from client.sync.transport import HttpTransport
from shared.contracts.sync import Pull


def test_an_up_to_date_pull_takes_no_write_lock(server, make_device):
    reader = make_device("SN")
    timeout = httpx.Timeout(5.0)
    with HttpTransport(
        server.url, reader.get_meta("device_token"), retries=0, timeout=timeout
    ) as http:
        cursors = http.pull(Pull()).cursors  # records the reader as seen, once
        # Another writer holds the database: a pull that wanted to write would wait for it
        # (and time out), one that only reads is answered.
        blocker = sqlite3.connect(str(server.db), isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            for _ in range(3):
                answer = http.pull(Pull(cursors))
                assert not answer.groups and not answer.more
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
    assert server.storage.device(reader.device_id).last_seen is not None
