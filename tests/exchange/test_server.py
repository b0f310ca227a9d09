"""Through a real server: Nigeria's request reaches Senegal as an incoming case with its annex,
Senegal acknowledges, Nigeria confirms; the server never holds a name, a fact or the annex."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from serverproc import ServerProcess

from client.cases import get_case
from client.exchange import (
    ExchangeError,
    accept,
    case_attachments,
    read_attachment,
    receive,
    send_message,
    thread_items,
    transmit,
)
from client.exchange.pdf import soffice
from client.requests.export import RequestBlocked
from client.sync import sync_status
from tests.crypto.helpers import leaks

from .net import SECRETS, Pair, annex_file, approve_all, outgoing_request, publish_entry, sync


@pytest.fixture
def pair(make_device) -> Pair:
    ng, sn = make_device("NG"), make_device("SN")
    sec = make_device("WACAP", role="secretariat")
    publish_entry(ng, "NG", "Central Authority Unit, Abuja")
    publish_entry(sn, "SN", "Direction des affaires criminelles et des grâces")
    for store in (ng, sn, sec):
        sync(store)
    made = Pair(ng, sn, sec)
    approve_all(sec, made.ng_code, made.sn_code)
    for store in (sec, ng, sn):
        sync(store)
    return made


def server_files(server: ServerProcess) -> bytes:
    if not isinstance(server.db, Path):
        pytest.skip("the leak search reads the server's SQLite files")
    return b"".join(
        p.read_bytes() for p in server.db.parent.iterdir() if p.name.startswith(server.db.name)
    )


def test_request_acknowledged_through_the_server(
    pair: Pair, server: ServerProcess, tmp_path: Path, make_device
) -> None:
    from client.exchange import attach_file
    from client.requests.gate import record_override

    case_id = outgoing_request(pair.ng, pair.sn_code)
    attach_file(pair.ng, case_id, annex_file(tmp_path))
    with pytest.raises(RequestBlocked):  # blocking findings, no override yet
        transmit(pair.ng, case_id)
    record_override(pair.ng, case_id, "Advance copy agreed by telephone with the Senegalese CA")
    sent = transmit(pair.ng, case_id)
    assert sent.recipient == pair.sn_code and sent.annexes == 1
    assert get_case(pair.ng, case_id)["status"] == "sent"
    with pytest.raises(ExchangeError, match="already transmitted"):
        transmit(pair.ng, case_id)

    sync(pair.ng)
    # A third authority and the secretariat pull nothing of the exchange space.
    gh = make_device("GH")
    for other in (gh, pair.sec):
        sync(other)
        assert (
            not [s for s in sync_status(other).pending if s.startswith("exchange/")]
            and other.doc_ids("package") == []
        )
        assert (
            other.conn.execute(
                "SELECT count(*) FROM groups WHERE space LIKE 'exchange/%'"
            ).fetchone()[0]
            == 0
        )
    got = sync(pair.sn)
    assert len(got.exchange.cases) == 1 and got.exchange.refused == []
    incoming = get_case(pair.sn, got.exchange.cases[0])
    assert (incoming["direction"], incoming["status"]) == ("incoming", "received")
    assert incoming["their_ref"] == SECRETS["reference"]
    assert incoming["urgency"] == "urgent" and incoming["deadline"] == "2026-06-15"
    assert {p["name"] for p in incoming["persons"].values()} == {
        SECRETS["suspect"],
        SECRETS["witness"],
    }
    files = {
        a.name: read_attachment(pair.sn, a.sha256)
        for a in case_attachments(pair.sn, incoming["id"])
    }
    assert files["ledger.txt"] == annex_file(tmp_path).read_bytes()
    request = docx.Document(io.BytesIO(files["request-en.docx"]))
    text = "\n".join(p.text for p in request.paragraphs)
    assert SECRETS["fact"] in text and "Direction des affaires criminelles" in text
    if soffice() is None:  # LibreOffice absent: the .docx goes alone
        assert sent.files == ("request-en.docx",) and "request-en.pdf" not in files
    else:
        assert sent.files == ("request-en.docx", "request-en.pdf")
        assert files["request-en.pdf"].startswith(b"%PDF")
        if shutil.which("pdftotext"):
            pdf = tmp_path / "request.pdf"
            pdf.write_bytes(files["request-en.pdf"])
            shown = subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "Direction des affaires criminelles" in shown

    # Re-delivery (another sync, or opening again) creates nothing new.
    assert sync(pair.sn).exchange.cases == []
    assert receive(pair.sn).cases == []
    assert len(pair.sn.doc_ids("case")) == 1

    # Senegal acknowledges; Nigeria sees a proposal, and confirms it.
    send_message(pair.sn, incoming["id"], "ack", text="Received; assigned to the Dakar prosecutor")
    sync(pair.sn)
    assert sync(pair.ng).exchange.messages == 1
    items = thread_items(pair.ng, case_id)
    assert [(i.direction, i.type) for i in items] == [("out", "request"), ("in", "ack")]
    assert items[1].proposal == "pending" and items[1].status == "acknowledged"
    assert get_case(pair.ng, case_id)["status"] == "sent"  # nothing changed behind its back
    assert accept(pair.ng, case_id, items[1].envelope_id[:10]) == "acknowledged"
    assert get_case(pair.ng, case_id)["status"] == "acknowledged"
    assert thread_items(pair.ng, case_id)[1].proposal == "accepted"
    # Both registers show the thread.
    assert [i.type for i in thread_items(pair.sn, incoming["id"])] == ["request", "ack"]
    assert sync_status(pair.ng).exchange_refused == []

    assert leaks(server_files(server), list(SECRETS.values())) == []
    # The search works: Senegal's store holds the plaintext.
    assert leaks(
        pair.sn.path.read_bytes() + Path(f"{pair.sn.path}-wal").read_bytes(), [SECRETS["annex"]]
    )
