"""Fault class 2 of issue 10: documents pretending to be something else.

A directory document whose kind says "case", a directory entry whose code
names another authority, and another authority's directory changes re-wrapped
in the attacker's own document and carried by USB: each is refused at the
trust boundary, and the genuine data stays as its authors wrote it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from automerge.core import ScalarType

from client.bundles import export_bundle, import_bundle
from client.cases import list_cases
from client.directory import get_entry, list_entries, propose_edit, put_entry
from client.identity import known_cert, remember_certs
from client.replication import set_aside
from client.store import IncomingChange
from client.tui.app import make_app
from client.tui.screens.directory import DirectoryScreen
from client.tui.settings import TuiSettings

from .hostile import entry_fields, forge_group, inject, last_change, new_doc, seal


def _bundle(store, tmp_path: Path, name: str) -> Path:
    return export_bundle(store, tmp_path / f"{name}.bundle").path


def test_directory_document_of_kind_case_never_becomes_a_case(network, tmp_path: Path) -> None:
    attacker = network.enroll("attacker", "ML")
    victim = network.enroll("victim", "SN")
    fake = new_doc({**entry_fields("ML", kind="case"), "title": (ScalarType.Str, "fake case")})
    inject(attacker, "directory", "ML", [last_change(fake)])
    put_entry(victim, {"code": "SN", "state": "SN", "authority_name": "Autorité SN"})

    report = import_bundle(victim, _bundle(attacker, tmp_path, "a"))

    assert report.applied == 0 and len(report.rejected) == 1
    assert list_cases(victim) == [] and not victim.exists("ML")
    [fault] = set_aside(victim)
    assert "kind 'case' is not allowed in directory" in fault.reason
    # The victim's own directory proposal still travels and applies elsewhere.
    propose_edit(victim, "SN", {"phones": "+221 1"})
    third = network.enroll("third", "CI")
    got = import_bundle(third, _bundle(victim, tmp_path, "v"))
    assert got.applied == 2 and get_entry(third, "SN")["phones"] == "+221 1"


async def test_entry_naming_another_authority_is_refused_and_directory_still_opens(
    network, tmp_path: Path
) -> None:
    genuine = network.enroll("genuine", "SN")
    attacker = network.enroll("attacker", "ML")
    victim = network.enroll("victim", "CI")
    put_entry(genuine, {"code": "SN", "state": "SN", "authority_name": "Autorité SN"})
    impostor = new_doc(entry_fields("SN", authority_name="Faux SN"))  # doc id ML, code SN
    inject(attacker, "directory", "ML", [last_change(impostor)])
    seal(attacker)

    import_bundle(victim, _bundle(genuine, tmp_path, "g"))
    import_bundle(victim, _bundle(attacker, tmp_path, "a"))

    assert [e["code"] for e in list_entries(victim)] == ["SN"]
    assert get_entry(victim, "SN")["authority_name"] == "Autorité SN"
    [fault] = set_aside(victim)
    assert "code 'SN' is not its document id 'ML'" in fault.reason
    app = make_app(victim, TuiSettings(auto_sync=False, start_folder=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_section("directory")
        await pilot.pause()
        assert isinstance(app.screen, DirectoryScreen)
        # The genuine entry is not approved yet, so others do not list it; the impostor
        # never appears, and the screen opens.
        assert "Faux SN" not in _screen(app)


def test_rewrapped_changes_of_another_authority_are_refused(network, tmp_path: Path) -> None:
    genuine = network.enroll("genuine", "SN")
    attacker = network.enroll("attacker", "ML")
    victim = network.enroll("victim", "CI")
    put_entry(genuine, {"code": "SN", "state": "SN", "authority_name": "Autorité SN"})
    propose_edit(genuine, "SN", {"phones": "+221 33 000"})
    genuine_bundle = _bundle(genuine, tmp_path, "g")
    stolen = [  # copied from a stick or a forwarded group
        body
        for (body,) in genuine.conn.execute(
            "SELECT body FROM changes WHERE doc_id = 'SN' ORDER BY seq"
        )
    ]
    forge_group(attacker, "directory", [("ML", body) for body in stolen])  # re-wrapped

    # The attacker's stick reaches the victim before SN's own changes do.
    report = import_bundle(victim, _bundle(attacker, tmp_path, "a"))
    assert not victim.exists("ML") and len(report.rejected) == 1
    assert len([f for f in set_aside(victim) if f.blocked]) == 1  # the edit waits behind it
    later = import_bundle(victim, genuine_bundle)
    assert later.applied == 2

    assert [e["code"] for e in list_entries(victim)] == ["SN"]
    assert get_entry(victim, "SN")["phones"] == "+221 33 000"
    assert set_aside(victim) == []  # both changes moved to the document they belong to


def _screen(app) -> str:  # noqa: ANN001
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_a_stolen_change_waiting_under_a_forged_document_does_not_hide_the_genuine_one(
    network, tmp_path: Path
) -> None:
    genuine = network.enroll("genuine", "SN")
    attacker = network.enroll("attacker", "ML")
    victim = network.enroll("victim", "CI")
    put_entry(genuine, {"code": "SN", "state": "SN", "authority_name": "Autorité SN"})
    propose_edit(genuine, "SN", {"phones": "+221 33 000"})
    _creation, edit = [b for (b,) in genuine.conn.execute("SELECT body FROM changes ORDER BY seq")]
    forge_group(attacker, "directory", [("ML", edit)])  # the edit alone: it waits there

    import_bundle(victim, _bundle(attacker, tmp_path, "a"))
    assert not victim.exists("ML") and set_aside(victim) == []
    import_bundle(victim, _bundle(genuine, tmp_path, "g"))

    assert get_entry(victim, "SN")["phones"] == "+221 33 000"


def test_a_genuine_change_waiting_for_its_parent_is_not_taken_by_a_forgery(
    network,
) -> None:
    genuine = network.enroll("genuine", "SN")
    attacker = network.enroll("attacker", "ML")
    victim = network.enroll("victim", "CI")
    remember_certs(victim, [known_cert(s, s.device_id) for s in (genuine, attacker)])
    put_entry(genuine, {"code": "SN", "state": "SN", "authority_name": "Autorité SN"})
    propose_edit(genuine, "SN", {"phones": "+221 33 000"})
    creation, edit = [
        IncomingChange(h, "SN", "directory", genuine.device_id, b)
        for h, b in genuine.conn.execute("SELECT hash, body FROM changes ORDER BY seq")
    ]
    forged = [replace(c, doc_id="ML", author=attacker.device_id) for c in (creation, edit)]

    assert victim.apply_changes([edit]).pending == 1  # its parent has not arrived
    victim.apply_changes(forged)  # the creation is refused under ML, the edit stays put
    victim.apply_changes([creation])

    assert get_entry(victim, "SN")["phones"] == "+221 33 000"
    assert not victim.exists("ML")
