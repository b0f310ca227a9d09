"""The server's side of the trust boundary: it judges what it can read (directory,
library, returns) with the clients' own policy, refuses one group with its reason in the
push answer, stores the rest, and builds its copy of the readable documents from a log
that predates the checks."""

from __future__ import annotations

import sqlite3

import pytest
from sync.util import authority, sync

from client.directory import put_entry
from client.replication import set_aside

from .hostile import BAD_SCALARS, entry_fields, forge_group, forked, last_change, new_doc, put


def _entry(store) -> str:  # noqa: ANN001
    code = authority(store)
    put_entry(store, {"code": code, "state": "ML", "authority_name": "genuine"})
    return code


@pytest.mark.parametrize(
    "make_body",
    [
        pytest.param(lambda code, other: new_doc(entry_fields(code, kind="case")), id="kind-case"),
        pytest.param(lambda code, other: new_doc(entry_fields(other)), id="code-of-another"),
        pytest.param(lambda code, other: new_doc(entry_fields(code, kind="")), id="no-kind"),
    ],
)
def test_server_refuses_pretending_directory_documents(server, make_device, make_body) -> None:
    attacker, other = make_device("ML"), make_device("SN")
    code = _entry(attacker)
    forge_group(attacker, "directory", [(code, last_change(make_body(code, authority(other))))])

    report = sync(attacker, server.url)

    assert len(report.refused) == 1 and report.pushed_groups == 1  # its genuine entry went
    assert [f.what for f in set_aside(attacker)] == ["group"]
    sync(other, server.url)
    assert set_aside(other) == [] and other.read(code)["authority_name"] == "genuine"


def test_server_builds_its_documents_from_an_older_log(server, make_device) -> None:
    attacker = make_device("ML")
    code = _entry(attacker)
    sync(attacker, server.url)
    # As on a server upgraded to this version: the log is there, its copy is not.
    with sqlite3.connect(server.db) as conn:
        conn.execute("DELETE FROM plain_changes")
        conn.execute("DELETE FROM plain_documents")
        conn.execute("DELETE FROM server_meta WHERE key = 'plain_documents_built'")
    poison = put(forked(attacker, code), {"phones": BAD_SCALARS["timestamp"]})
    forge_group(attacker, "directory", [(code, poison)])

    report = sync(attacker, server.url)

    assert len(report.refused) == 1 and "Timestamp" in report.refused[0]
    with sqlite3.connect(server.db) as conn:
        (rows,) = conn.execute("SELECT count(*) FROM plain_documents").fetchone()
    assert rows >= 1
