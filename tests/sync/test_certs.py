"""A device certificate travels to each device once; a device that lost one fetches it."""

from __future__ import annotations

from client.cases import create_case, get_case, update_case
from client.sync.transport import HttpTransport
from shared.contracts.sync import Pull, PullAnswer

from .util import own_space, sync


def _pull(store, url: str) -> PullAnswer:
    with HttpTransport(url, store.get_meta("device_token")) as http:
        return http.pull(Pull({own_space(store): 0}))


def test_pull_sends_each_certificate_once(server, make_device):
    author, reader = make_device("SN"), make_device("SN")
    create_case(author, {"direction": "incoming", "kind": "mla", "title": "first"})
    sync(author, server.url)
    first = _pull(reader, server.url)
    assert author.device_id in {cert[0] for cert in first.certs}
    again = _pull(reader, server.url)  # the same groups, asked for again
    assert again.groups and not again.certs


def test_a_lost_certificate_is_fetched_again(server, make_device):
    author, reader = make_device("SN"), make_device("SN")
    case_id = create_case(author, {"direction": "incoming", "kind": "mla", "title": "first"})
    sync(author, server.url)
    sync(reader, server.url)
    assert get_case(reader, case_id)["title"] == "first"
    # The reader's store loses the author's certificate (e.g. restored from an old copy).
    with reader.write() as conn:
        conn.execute("DELETE FROM devices WHERE device_id = ?", (author.device_id,))
    update_case(author, case_id, {"title": "second"})
    sync(author, server.url)
    report = sync(reader, server.url)
    assert not report.refused
    assert get_case(reader, case_id)["title"] == "second"
