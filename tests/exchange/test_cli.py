"""The channel as officers use it: `keys exchange`, `case attach`, `request transmit`,
`case reply`, `case thread` (real CLI in a subprocess, real bundle files between them)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bundles.conftest import Network

from client.bundles import export_bundle, import_bundle
from client.cases import get_case
from client.exchange import case_attachments, read_attachment
from client.paths import store_path
from client.store import Store

from .net import annex_file, approve_all, outgoing_request


def _office(network: Network, tmp_path: Path, name: str, code: str, role: str = "officer"):
    directory = tmp_path / name
    directory.mkdir()
    return directory, network.enroll(name, code, role, path=store_path(directory))


def _carry(source: Store, target: Store, tmp_path: Path, name: str) -> None:
    import_bundle(target, export_bundle(source, tmp_path / f"{name}.entraide").path)


def test_transmit_reply_and_confirm_on_the_command_line(
    network: Network, tmp_path: Path, run_cli
) -> None:
    ng_dir, ng = _office(network, tmp_path, "ng", "NG-CAU")
    sn_dir, sn = _office(network, tmp_path, "sn", "SN-CA")
    _sec_dir, sec = _office(network, tmp_path, "sec", "WACAP", "secretariat")
    for store, directory, state in ((ng, ng_dir, "NG"), (sn, sn_dir, "SN")):
        network.share_keys(store)
        code = store.get_meta("authority")
        proposed = run_cli(
            "directory",
            "propose",
            "--set",
            f"state={state}",
            "--set",
            f"authority_name=Central authority of {state}",
            data_dir=directory,
        )
        assert proposed.returncode == 0, proposed.stderr
        done = run_cli("keys", "exchange", "--json", data_dir=directory)
        assert done.returncode == 0, done.stderr
        assert len(json.loads(done.stdout)["key_id"]) == 16
        _carry(store, sec, tmp_path, f"{code}-sec")
    approve_all(sec, "NG-CAU", "SN-CA")
    _carry(sec, ng, tmp_path, "sec-ng")
    _carry(sec, sn, tmp_path, "sec-sn")

    case_id = outgoing_request(ng, "SN-CA")
    big = tmp_path / "scan.tiff"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    refused = run_cli("case", "attach", case_id, big, data_dir=ng_dir)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "entraide: error: scan.tiff is 21.0 MiB; an attached file may be at most 20 MiB"
    ]
    assert case_attachments(ng, case_id) == []
    ok = run_cli("case", "attach", case_id, annex_file(tmp_path), data_dir=ng_dir)
    assert ok.returncode == 0 and "attached ledger.txt" in ok.stdout

    blocked = run_cli("request", "transmit", case_id, data_dir=ng_dir)
    assert blocked.returncode == 2 and "blocking findings remain" in blocked.stderr
    assert (
        run_cli(
            "request", "override", case_id, "--reason", "Advance copy agreed", data_dir=ng_dir
        ).returncode
        == 0
    )
    sent = run_cli("request", "transmit", case_id, "--json", data_dir=ng_dir)
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout)["recipient"] == "SN-CA"
    rendered = json.loads(sent.stdout)["files"]

    _carry(ng, sn, tmp_path, "ng-sn")
    [incoming] = sn.doc_ids("case")
    files = {a.name: a.sha256 for a in case_attachments(sn, incoming)}
    if shutil.which("soffice") or shutil.which("libreoffice"):  # else the .docx goes alone
        assert [Path(n).suffix for n in rendered] == [".docx", ".pdf"]
        assert read_attachment(sn, files[rendered[1]]).startswith(b"%PDF")
    else:
        assert [Path(n).suffix for n in rendered] == [".docx"]
    assert rendered[0] in files
    reply = run_cli("case", "reply", incoming, "--ack", "--text", "Received", data_dir=sn_dir)
    assert reply.returncode == 0, reply.stderr
    no_grounds = run_cli("case", "reply", incoming, "--refuse", data_dir=sn_dir)
    assert no_grounds.returncode == 1
    assert no_grounds.stderr.strip().splitlines() == [
        "entraide: error: a refusal or a postponement states its grounds"
    ]
    result = tmp_path / "bank-statement.txt"
    result.write_text("Statement of account 0042, January to March", encoding="utf-8")
    executed = run_cli(
        "case", "reply", incoming, "--executed", "partial", "--file", result, data_dir=sn_dir
    )
    assert executed.returncode == 0, executed.stderr
    postponed = run_cli(
        "case",
        "reply",
        incoming,
        "--postpone",
        "--grounds",
        "ongoing_proceedings",
        "--text",
        "Until the Dakar trial ends",
        data_dir=sn_dir,
    )
    assert postponed.returncode == 0, postponed.stderr
    _carry(sn, ng, tmp_path, "sn-ng")

    shown = run_cli("case", "thread", case_id, data_dir=ng_dir)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert "-> Request" in text and "files: ledger.txt" in text
    assert "<- Acknowledgement of receipt" in text and "proposes acknowledged [pending]" in text
    assert "<- Partial execution" in text and "files: bank-statement.txt" in text
    assert "<- Postponement" in text and "Interferes with an ongoing investigation" in text
    assert "Until the Dakar trial ends" in text
    assert "file: bank-statement.txt" in text  # attached to Nigeria's case
    messages = json.loads(run_cli("case", "thread", case_id, "--json", data_dir=ng_dir).stdout)[
        "messages"
    ]
    message = messages[1]["envelope_id"]
    done = run_cli("case", "thread", case_id, "--accept", message[:12], data_dir=ng_dir)
    assert done.returncode == 0 and "acknowledged" in done.stdout
    assert get_case(ng, case_id)["status"] == "acknowledged"
    again = run_cli("case", "thread", case_id, "--accept", message[:12], data_dir=ng_dir)
    assert again.returncode == 1 and "nothing left to confirm" in again.stderr

    # Nigeria read the thread: Senegal's thread shows its messages delivered and read.
    _carry(ng, sn, tmp_path, "ng-sn-2")
    seen = json.loads(run_cli("case", "thread", incoming, "--json", data_dir=sn_dir).stdout)
    for item in seen["messages"][1:]:
        assert item["delivered_at"] and item["read_at"], item

    due = run_cli("case", "reminders", "--days", "7", "--json", data_dir=ng_dir)
    assert due.returncode == 0, due.stderr
    assert json.loads(due.stdout) == {"days": 7, "reminders": []}  # it was answered
    bad = run_cli("case", "reminders", "--days", "0", data_dir=ng_dir)
    assert bad.returncode == 1 and "1 to 365" in bad.stderr
