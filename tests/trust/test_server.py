"""The server's side of the trust boundary: it judges what it can read (directory,
library, returns) with the clients' own policy, refuses one group with its reason in the
push answer, stores the rest, and builds its copy of the readable documents from a log
that predates the checks."""

from __future__ import annotations

import sqlite3

import pytest
from automerge.core import ScalarType
from sync.util import authority, sync

from client.cases import create_case
from client.directory import put_entry
from client.replication import set_aside
from client.returns import read_returns
from shared.access import returns_space
from shared.schema.returns import BOOK_KIND

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


@pytest.mark.parametrize(
    ("key", "entry", "reason"),
    [
        pytest.param("AAAAAAAA", (ScalarType.Bytes, b"\x01"), "ends inside a number", id="cut"),
        pytest.param("AAAAAAAA", (ScalarType.Bytes, b"\x00Awa"), "after its last", id="tail"),
        pytest.param("AAAAAAAA", (ScalarType.Bytes, b"\x80\x80\x02"), "field 15", id="field"),
        pytest.param("AAAAAAAA", (ScalarType.Str, "s3.rSN"), "type Str", id="text-entry"),
        pytest.param("SN/IN/2026/0048", (ScalarType.Bytes, b"\x00"), "not the key", id="ref"),
    ],
)
def test_server_refuses_a_returns_book_that_is_not_codes(
    server, make_device, key: str, entry: tuple, reason: str
) -> None:
    """A book entry the strict parser refuses: the server answers with its one-line
    reason, keeps the honest book, and the secretariat never receives the forgery."""
    office, secretariat = make_device("SN"), make_device("WACAP", role="secretariat")
    code = authority(office)
    create_case(office, {"direction": "incoming", "kind": "mla", "requesting_state": "NG"})
    sync(office, server.url)  # by hand: its book goes out
    [book] = office.doc_ids(BOOK_KIND)
    forged = put(forked(office, book), {key: entry})
    forge_group(office, returns_space(code), [(book, forged)])

    report = sync(office, server.url)

    assert len(report.refused) == 1 and reason in report.refused[0]
    assert "\n" not in report.refused[0]
    sync(secretariat, server.url)
    assert [r["authority"] for r in read_returns(secretariat, code)] == [code]
    assert set_aside(secretariat) == []
