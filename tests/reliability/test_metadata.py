"""Fault class 9 of issue 10: the server keeps only what the protocol needs. It does not
record which office forwarded another's groups, and it gives a device only the device
certificates it has a use for (docs/security.md, "What the server sees")."""

from __future__ import annotations

import httpx

from client.cases import create_case
from client.directory.service import put_entry
from client.identity import load_identity
from client.keys import default_keyring
from client.replication import ingest_groups, seal_local_changes
from client.replication.groups import load_group
from client.sync import SyncAgent
from shared.wire import unpack

from .conftest import auth


def certs(server, store, query: str = "") -> set[str]:
    answer = httpx.get(f"{server.url}/v1/certs{query}", headers=auth(store), timeout=30)
    assert answer.status_code == 200, answer.text
    return {cert[0] for cert in unpack(answer.content)["certs"]}


def test_the_server_does_not_record_who_forwarded_a_group(server, make_device):
    author, same_office = make_device("FWD"), make_device("FWD")
    other_office = make_device("FWD-OTHER")
    create_case(author, {"direction": "incoming", "kind": "mla", "title": "carried by USB"})
    identity = load_identity(author)
    seal_local_changes(author, identity, default_keyring(author))
    (group_id,) = [
        r[0]
        for r in author.conn.execute("SELECT group_id FROM groups WHERE space LIKE 'authority/%'")
    ]
    carried = load_group(author, group_id)
    # Another office carries it (store and forward) and is the one that pushes it.
    ingest_groups(
        other_office,
        load_identity(other_office),
        default_keyring(other_office),
        [carried],
        {author.device_id: identity.cert},
        False,
    )
    assert SyncAgent(other_office).sync_once().pushed_groups == 1
    rows = server.storage.conn.execute(
        "SELECT author, received_from FROM groups WHERE group_id = ?", (bytes(group_id),)
    ).fetchall()
    assert rows == [(author.device_id, "")]
    assert not server.storage.conn.execute(
        "SELECT count(*) FROM groups WHERE received_from = ?", (other_office.device_id,)
    ).fetchone()[0]
    # The author's office still gets it; a device's own pushes are marked as its own (so a
    # pull does not send them back to it).
    SyncAgent(same_office).sync_once()
    assert same_office.conn.execute(
        "SELECT count(*) FROM groups WHERE group_id = ?", (group_id,)
    ).fetchone()[0]
    create_case(author, {"direction": "outgoing", "kind": "mla", "title": "pushed by itself"})
    assert SyncAgent(author).sync_once().pushed_groups >= 1
    # Its own pushes: the first case's return, the new case and its return; not the
    # group another office carried.
    (own,) = server.storage._read(
        "SELECT count(*) FROM groups WHERE author = ? AND received_from = ?",
        (author.device_id, author.device_id),
    )
    assert own[0] == 3


def test_a_device_gets_only_the_certificates_it_needs(server, make_device):
    a1, a2 = make_device("CERT"), make_device("CERT")
    writer = make_device("CERT-DIR")  # writes in the shared directory: everyone needs it
    silent = make_device("CERT-QUIET")  # another authority's device that wrote nothing shared
    code = writer.get_meta("authority")
    put_entry(writer, {"code": code, "state": "SN", "authority_name": "Central authority"})
    SyncAgent(writer).sync_once()
    seen = certs(server, a1)
    assert {a1.device_id, a2.device_id, writer.device_id} <= seen
    assert silent.device_id not in seen
    assert certs(server, a1, f"?ids={silent.device_id},{writer.device_id}") == {writer.device_id}
    # What used to be possible: every device of every authority. Not any more.
    everyone = {row[0] for row in server.storage.conn.execute("SELECT device_id FROM devices")}
    assert seen < everyone
