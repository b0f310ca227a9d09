"""People on a shared PC: named local users with an optional PIN (Argon2id), the history
shows who made a change; a focal point's open cases handed over in one step, with a report
as Markdown and as .docx (read back with python-docx, opened by LibreOffice)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from client.cases import create_case, get_case, history, set_status
from client.cases.handover import (
    handover_report,
    officers_with_open_cases,
    open_cases_of,
    reassign,
    write_report,
)
from client.directory import approve_entry, put_entry
from client.store import Store
from client.users import UserError, add_user, current_user, list_users, pin_matches, sign_in

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def office(store: Store) -> Store:
    store.set_meta("authority", "SN-CA")
    return store


def test_users_with_and_without_pin_and_the_history_shows_the_person(office: Store) -> None:
    add_user(office, "Awa Ndiaye", pin="4821")
    add_user(office, "  Moussa   Fall ")
    assert list_users(office)[0].name == "Awa Ndiaye" and list_users(office)[0].has_pin
    assert [u.name for u in list_users(office)] == ["Awa Ndiaye", "Moussa Fall"]
    assert "4821" not in (office.get_meta("local_users") or "")  # only a hash is kept
    for bad in (("Awa Ndiaye", ""), ("", ""), ("Ali", "12")):
        with pytest.raises(UserError):
            add_user(office, *bad)

    assert not pin_matches(office, "Awa Ndiaye", "0000")
    with pytest.raises(UserError):
        sign_in(office, "Awa Ndiaye", "0000")
    sign_in(office, "Awa Ndiaye", "4821")
    case_id = create_case(office, {"direction": "incoming", "kind": "mla", "title": "X"})
    sign_in(office, "Moussa Fall")
    set_status(office, case_id, "received")
    assert [e.who for e in history(office, case_id)] == ["Awa Ndiaye", "Moussa Fall"]
    assert current_user(office) == "Moussa Fall"
    # Remembered per PC: the next start writes as the same person.
    path = office.path
    office.close()
    again = Store(path)
    assert again.author == "Moussa Fall"
    again.close()


def _case(store: Store, ref: str, officer: str, status: str = "received", **more: str) -> str:
    values = {"direction": "incoming", "kind": "mla", "our_ref": ref, "title": f"Dossier {ref}",
              "assigned_officer": officer, "status": status, **more}  # fmt: skip
    return create_case(store, values)


def test_handover_moves_open_cases_and_writes_the_report(office: Store, tmp_path: Path) -> None:
    put_entry(office, {"code": "GH-CA", "state": "GH", "authority_name": "Office of the AG",
                       "contact_person": "K. Mensah", "emails": "mla@ag.example"})  # fmt: skip
    approve_entry(office, "GH-CA")
    late = _case(office, "SN/IN/1", "Awa", deadline="2026-03-01", requesting_state="GH")
    later = _case(office, "SN/IN/2", "Awa", deadline="2026-05-01")
    undated = _case(office, "SN/IN/3", "Awa")
    closed = _case(office, "SN/IN/4", "Awa", status="draft")
    set_status(office, closed, "withdrawn")
    other = _case(office, "SN/IN/5", "Moussa")
    assert officers_with_open_cases(office) == ["Awa", "Moussa"]
    assert open_cases_of(office, "Awa") == [late, later, undated]

    report = handover_report(office, "Awa", "Moussa", DAY)
    assert [c.our_ref for c in report.cases] == ["SN/IN/1", "SN/IN/2", "SN/IN/3"]
    assert report.cases[0].counterpart_authority == "Office of the AG"
    assert "mla@ag.example" in report.cases[0].contacts

    markdown = write_report(report, tmp_path / "handover.md")
    text = markdown.read_text(encoding="utf-8")
    assert (
        "| SN/IN/1 | Dossier SN/IN/1 | Received | 2026-03-01 | Ghana — Office of the AG |" in text
    )
    word = write_report(report, tmp_path / "handover.docx")
    again = write_report(report, tmp_path / "handover.docx")
    assert again.name == "handover (2).docx"  # the first one is kept
    table = docx.Document(str(word)).tables[0]
    assert [row.cells[0].text for row in table.rows] == [
        "Reference",
        "SN/IN/1",
        "SN/IN/2",
        "SN/IN/3",
    ]
    soffice = shutil.which("soffice")
    if soffice:  # the file opens in LibreOffice as in Word
        out = tmp_path / "converted"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
             "--convert-to", "txt:Text", "--outdir", str(out), str(word)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        assert "SN/IN/2" in (out / "handover.txt").read_text(encoding="utf-8", errors="replace")

    assert reassign(office, "Awa", "Moussa") == 3
    assert {get_case(office, c)["assigned_officer"] for c in (late, later, undated)} == {"Moussa"}
    assert get_case(office, closed)["assigned_officer"] == "Awa"  # a closed case stays
    assert get_case(office, other)["assigned_officer"] == "Moussa"
    assert open_cases_of(office, "Awa") == []
