"""Fault class 1 of issue 10: poison changes must not stop anyone's sync or import.

A value of a type the schema does not allow (bytes, timestamp, counter) in the
attacker's own directory entry, and two changes with the same actor and
sequence number in one group, once made every receiver's sync and bundle import
fail at every attempt. Now each is set aside with its reason, for its document
only, and everything else goes through.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sync.util import authority, sync

from client.bundles import export_bundle, import_bundle
from client.cases import create_case, get_case, update_case
from client.directory import get_entry, put_entry
from client.replication import set_aside
from client.sync import sync_status
from shared.access import authority_space

from .hostile import BAD_SCALARS, forked, inject, put


@pytest.mark.parametrize("bad", sorted(BAD_SCALARS))
def test_bad_value_in_own_entry_is_set_aside_by_bundle_import(network, tmp_path: Path, bad) -> None:
    attacker = network.enroll("attacker", "ML")
    victim = network.enroll("victim", "SN")
    put_entry(attacker, {"code": "ML", "state": "ML", "authority_name": "Autorité ML"})
    poison = put(forked(attacker, "ML"), {"phones": BAD_SCALARS[bad]})
    inject(attacker, "directory", "ML", [poison])
    put_entry(attacker, {"code": "ML", "state": "ML", "authority_name": "Autorité centrale ML"})

    report = import_bundle(victim, export_bundle(attacker, tmp_path / "a.bundle").path)

    assert report.rejected and report.applied == 2  # creation and the later honest edit
    entry = get_entry(victim, "ML")
    assert entry["authority_name"] == "Autorité centrale ML" and entry["phones"] == ""
    [fault] = set_aside(victim)
    assert (fault.doc_id, fault.author) == ("ML", attacker.device_id)
    assert bad.capitalize() in fault.reason and "phones" in fault.reason
    assert [f.reason for f in sync_status(victim).faults] == [fault.reason]
    # The next import goes on as usual.
    put_entry(attacker, {"code": "ML", "state": "ML", "authority_name": "third"})
    again = import_bundle(victim, export_bundle(attacker, tmp_path / "b.bundle").path)
    assert again.applied == 1 and get_entry(victim, "ML")["authority_name"] == "third"


def test_server_refuses_a_poisoned_directory_group_and_stores_the_rest(server, make_device) -> None:
    attacker, victim = make_device("ML"), make_device("SN")
    code = authority(attacker)
    put_entry(attacker, {"code": code, "state": "ML", "authority_name": "genuine"})
    sync(attacker, server.url)  # the genuine entry reaches the server first
    inject(
        attacker, "directory", code, [put(forked(attacker, code), {"phones": BAD_SCALARS["bytes"]})]
    )
    create_case(attacker, {"direction": "incoming", "kind": "mla", "title": "honest"})

    report = sync(attacker, server.url)

    assert len(report.refused) == 1 and "Bytes" in report.refused[0]
    assert report.pushed_groups == 2  # the case group and its return went through
    [fault] = [f for f in set_aside(attacker) if f.what == "group"]
    assert "Bytes" in fault.reason and fault.space == "directory"
    assert sync(attacker, server.url).refused == []  # set aside: never sent again
    pulled = sync(victim, server.url)
    assert pulled.refused == [] and get_entry(victim, code)["authority_name"] == "genuine"
    assert set_aside(victim) == []


def test_duplicate_seq_in_one_group_is_set_aside_and_sync_goes_on(server, make_device) -> None:
    attacker, colleague = make_device("X"), make_device("X")  # one authority, shared key
    case_id = create_case(attacker, {"direction": "incoming", "kind": "mla", "title": "base"})
    actor = os.urandom(16)
    first = put(forked(attacker, case_id, actor), _title("one"))
    second = put(forked(attacker, case_id, actor), _title("two"))  # same actor, same seq 1
    inject(attacker, authority_space(authority(attacker)), case_id, [first, second])
    sync(attacker, server.url)

    report = sync(colleague, server.url)

    assert report.quarantined == 1
    assert get_case(colleague, case_id)["title"] == "one"
    [fault] = set_aside(colleague)
    assert fault.doc_id == case_id and "duplicate seq" in fault.reason
    # Later honest edits still arrive.
    update_case(attacker, case_id, {"our_ref": "later"})  # (title: concurrent with "one")
    assert sync(attacker, server.url).refused == [] and sync(colleague, server.url).applied == 1
    assert get_case(colleague, case_id)["our_ref"] == "later"


def _title(text: str) -> dict:
    from automerge.core import ScalarType

    return {"title": (ScalarType.Str, text)}
