"""The Automerge project's malformed inputs, each in a validly signed group, through bundle
import and network sync: nothing crashes, each is set aside with its reason, and the honest
changes around them are applied on every device."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sync.util import authority, sync

from client.bundles import export_bundle, import_bundle
from client.cases import create_case, get_case
from client.directory import get_entry, put_entry
from client.replication import set_aside
from shared.access import authority_space
from shared.changes import ChangeError, change_hash
from shared.policy import Author, Candidate, admit

from .hostile import corpus, forge_group

FILES = corpus()


def test_the_corpus_is_here():
    assert len(FILES) == 17 and all(p.stat().st_size > 0 for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("space", ["directory", "authority/SN"])
def test_admit_refuses_each_input_without_raising(path: Path, space: str) -> None:
    data = path.read_bytes()
    candidate = Candidate(hashlib.sha256(data[8:]).digest(), data, "dev")
    doc_id = "SN" if space == "directory" else "case1"
    result = admit(space, doc_id, None, [candidate], {"dev": Author("dev", "SN", "officer")}, {})
    assert list(result.refused) == [candidate.hash] and result.document is None


def test_corpus_through_bundle_import(network, tmp_path: Path) -> None:
    attacker = network.enroll("attacker", "ML")
    colleague = network.enroll("colleague", "ML")  # reads the attacker's case space
    victim = network.enroll("victim", "SN")
    network.share_keys(attacker, colleague)
    put_entry(attacker, {"code": "ML", "state": "ML", "authority_name": "before"})
    for path in FILES:
        forge_group(attacker, "directory", [("ML", path.read_bytes())])
        forge_group(attacker, authority_space("ML"), [(f"c-{path.stem}"[:60], path.read_bytes())])
    put_entry(attacker, {"code": "ML", "state": "ML", "authority_name": "after"})
    case_id = create_case(attacker, {"direction": "incoming", "kind": "mla", "title": "honest"})
    bundle = export_bundle(attacker, tmp_path / "a.bundle").path

    # The colleague reads both spaces; a change chunk sent in both is held once (by hash).
    both = len(FILES) + len([p for p in FILES if not _is_change(p)])
    for store, expected in ((victim, len(FILES)), (colleague, both)):
        report = import_bundle(store, bundle)
        assert len(report.rejected) == expected
        assert len(set_aside(store)) == expected
        assert get_entry(store, "ML")["authority_name"] == "after"
    assert get_case(colleague, case_id)["title"] == "honest"
    assert all(f.reason for f in set_aside(colleague))


def test_corpus_through_sync(server, make_device) -> None:
    attacker, colleague = make_device("ML"), make_device("ML")
    victim = make_device("SN")
    code = authority(attacker)
    put_entry(attacker, {"code": code, "state": "ML", "authority_name": "before"})
    for path in FILES:
        forge_group(attacker, "directory", [(code, path.read_bytes())])
        forge_group(attacker, authority_space(code), [("c-" + path.stem[:40], path.read_bytes())])
    put_entry(attacker, {"code": code, "state": "ML", "authority_name": "after"})
    case_id = create_case(attacker, {"direction": "incoming", "kind": "mla", "title": "honest"})

    pushed = sync(attacker, server.url)
    assert len(pushed.refused) == len(FILES)  # the server reads the directory groups
    pulled = sync(colleague, server.url)
    assert pulled.quarantined == len(FILES)  # the case groups are sealed: the devices check
    assert get_case(colleague, case_id)["title"] == "honest"
    assert get_entry(colleague, code)["authority_name"] == "after"
    sync(victim, server.url)
    assert get_entry(victim, code)["authority_name"] == "after" and set_aside(victim) == []
    assert sync(colleague, server.url).refused == []  # and the next round is quiet


def _is_change(path: Path) -> bool:
    try:
        change_hash(path.read_bytes())
    except ChangeError:
        return False
    return True
