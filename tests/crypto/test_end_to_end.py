"""End to end with the real server on loopback: nobody but the authority's devices reads its cases.

The server's database, the bundles and the devices of other authorities are
searched for the distinctive names and notes of the cases (and their usual
encodings, and inside every compressed stream): none may appear.
"""

from __future__ import annotations

from pathlib import Path

import msgpack
import pytest
from serverproc import ServerProcess

from client.bundles import export_bundle, import_bundle
from client.cases import get_case
from client.identity import load_identity
from client.keys import (
    KeyServer,
    default_keyring,
    held_unreadable,
    load_keyset,
    make_recovery_code,
    open_escrow,
    set_passphrase,
    sync_keys,
)
from client.keys.manage import adopt, create_first_key
from client.replication import quarantined_groups, seal_local_changes
from client.replication.groups import groups_after
from client.store import Store
from client.sync import state
from client.sync.agent import SyncAgent
from client.sync.transport import HttpTransport, SyncError
from shared.contracts.sync import Push
from shared.crypto import CryptoError, Escrow, open_group
from shared.envelope import SignedGroup, sign_group
from sync_server import admin

from .helpers import SECRETS, leaks, secret_case

PASSPHRASE = "mango season in Dakar 2026"


@pytest.fixture
def device(server: ServerProcess, tmp_path: Path):
    opened: list[Store] = []

    def make(name: str, authority: str) -> Store:
        store = server.enroll(Store(tmp_path / f"{name}.sqlite"), authority)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def sync(store: Store, force_keys: bool = False):
    if force_keys:  # the key step runs every 10 minutes; a test cannot wait
        state.put(store, "keys_synced_at", "0")
    return SyncAgent(store, retries=0).sync_once()


def server_files(server: ServerProcess) -> bytes:
    return b"".join(
        p.read_bytes() for p in server.db.parent.iterdir() if p.name.startswith(server.db.name)
    )


def first_device(make, name: str, authority: str) -> Store:
    store = make(name, authority)
    create_first_key(store)
    set_passphrase(store, PASSPHRASE)
    return store


def test_server_bundles_and_other_authorities_never_see_case_contents(
    server: ServerProcess, device, tmp_path: Path
) -> None:
    a = first_device(device, "a", "SN-E1")
    code = make_recovery_code(a)
    case_ids = [secret_case(a, f" #{i}") for i in range(3)]
    report = sync(a)
    assert report.pushed >= 3

    # A bundle carried through another office's stick, and forwarded by it to the server.
    exported = export_bundle(a, tmp_path / "a.entraide")
    assert exported.groups >= 1 and exported.changes >= 3
    bundle = exported.path
    other = device("gh", "GH-E1")
    import_bundle(other, bundle)
    assert not any(other.exists(c) for c in case_ids)
    assert held_unreadable(other) == 0  # not its space: it holds them only to forward
    sync(other)

    # A new device of the same authority: holds the envelopes, reads them after the passphrase.
    b = device("b", "SN-E1")
    sync(b)
    assert not any(b.exists(c) for c in case_ids) and held_unreadable(b) > 0
    escrow = Escrow.from_bytes(KeyServer.for_store(b).state().escrow)
    with pytest.raises(CryptoError, match="wrong passphrase"):
        open_escrow(escrow, passphrase="mango season in Dakar 2025")
    assert adopt(b, open_escrow(escrow, passphrase=PASSPHRASE)) > 0
    assert {p["name"] for p in get_case(b, case_ids[0])["persons"].values()} >= {
        SECRETS["suspect"],
        SECRETS["victim"],
        SECRETS["witness"],
    }
    # The printed recovery code opens the same escrow.
    assert set(open_escrow(escrow, recovery_code=code).keys) == set(load_keyset(a).keys)

    for what, data in [
        ("server database", server_files(server)),
        ("bundle", bundle.read_bytes()),
        (
            "other authority's store",
            b"".join(
                p.read_bytes()
                for p in other.path.parent.iterdir()
                if p.name.startswith("gh.sqlite")
            ),
        ),
    ]:
        assert leaks(data) == [], f"plaintext in the {what}"
    # The search itself works: the reading devices hold the plaintext at rest.
    assert leaks(b.path.read_bytes() + Path(str(b.path) + "-wal").read_bytes())


def test_revocation_rotates_the_key_and_refuses_the_revoked_device(
    server: ServerProcess, device
) -> None:
    a = first_device(device, "a", "SN-E2")
    old_case = secret_case(a, " old")
    sync(a)
    b, c = device("b", "SN-E2"), device("c", "SN-E2")
    for store in (b, c):
        adopt(
            store,
            open_escrow(
                Escrow.from_bytes(KeyServer.for_store(store).state().escrow),
                passphrase=PASSPHRASE,
            ),
        )
        sync(store, force_keys=True)  # registers as a key holder
    old_keys = set(load_keyset(b).keys)

    admin.revoke_device(server.storage, b.device_id)
    with pytest.raises(SyncError):
        sync(b, force_keys=True)

    report = sync(a, force_keys=True)  # the next remaining device rotates
    rotated = load_keyset(a)
    assert rotated.current.key_id not in old_keys and rotated.current.generation == 2
    assert old_keys <= set(rotated.keys), "old keys stay, to read old envelopes"
    new_case = secret_case(a, " new")
    sync(a)
    assert not report.warnings or all("unlock" not in w for w in report.warnings)

    # The other remaining device picks the new key up from its grant, with no passphrase.
    sync(c, force_keys=True)
    assert load_keyset(c).current.key_id == rotated.current.key_id
    sync(c)
    assert get_case(c, new_case)["notes"].endswith(" new")
    assert get_case(c, old_case)["notes"].endswith(" old")

    # What the revoked device could still obtain (the server's log) does not open with its keys.
    revoked_keys = load_keyset(b)
    logged = [
        SignedGroup.from_wire(msgpack.unpackb(row.wire, raw=False))
        for row in server.storage.read_log("authority/SN-E2", 0, 1000)
    ]
    new_groups = [g for g in logged if g.key_id == rotated.current.key_id]
    assert new_groups
    for group in new_groups:
        assert group.key_id not in revoked_keys.keys
        for key in revoked_keys.keys.values():
            with pytest.raises(CryptoError):
                open_group(key.key, group.space, group.author, key.key_id, group.payload)
    with pytest.raises(Exception, match="revoked"):
        KeyServer.for_store(b).state()


def test_a_tampered_ciphertext_is_set_aside_and_the_sync_goes_on(
    server: ServerProcess, device
) -> None:
    a = first_device(device, "a", "SN-E3")
    bad = secret_case(a, " bad")
    seal_local_changes(a, load_identity(a), default_keyring(a))
    good = secret_case(a, " good")
    seal_local_changes(a, load_identity(a), default_keyring(a))
    bad_group, good_group = [
        g for _, g in groups_after(a, 0, 1 << 30) if g.space == "authority/SN-E3"
    ]
    payload = bytearray(bad_group.payload)
    payload[30] ^= 0x40
    forged = sign_group(
        bad_group.space,
        bad_group.author,
        bad_group.key_id,
        bytes(payload),
        load_identity(a).signing_key,
    )
    with HttpTransport(server.url, a.get_meta("device_token")) as http:
        sent = Push([forged.to_wire(), good_group.to_wire()])
        assert http.push(sent).stored == 2
    sync_keys(a, load_identity(a), KeyServer.for_store(a))

    b = device("b", "SN-E3")
    adopt(
        b,
        open_escrow(
            Escrow.from_bytes(KeyServer.for_store(b).state().escrow), passphrase=PASSPHRASE
        ),
    )
    report = sync(b)
    assert report.quarantined == 1
    assert not b.exists(bad)
    assert get_case(b, good)["notes"].endswith(" good")
    assert [g for g, _, _ in quarantined_groups(b)] == [forged.group_id.hex()]
    assert sync(b).quarantined == 0  # the next round goes on normally


def test_cli_unlock_fetches_the_escrow_and_reads_the_cases(
    server: ServerProcess, device, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from client.paths import store_path

    a = first_device(device, "a", "SN-E4")
    case_id = secret_case(a, " cli")
    sync(a)
    directory = tmp_path / "b-data"
    directory.mkdir()
    b = server.enroll(Store(store_path(directory)), "SN-E4")
    sync(b)
    b.close()
    wrong, right = tmp_path / "wrong.txt", tmp_path / "right.txt"
    wrong.write_text("not the passphrase at all", encoding="utf-8")
    right.write_text(PASSPHRASE, encoding="utf-8")

    refused = run_cli("keys", "unlock", "--passphrase-file", wrong, data_dir=directory)
    assert refused.returncode == 1 and "wrong passphrase" in refused.stderr
    done = run_cli("keys", "unlock", "--passphrase-file", right, data_dir=directory)
    assert done.returncode == 0, done.stderr
    assert "now readable" in done.stdout
    shown = run_cli("case", "show", case_id, "--json", data_dir=directory)
    assert shown.returncode == 0 and SECRETS["witness"] in shown.stdout


class _KeyArrivalCutShort(Exception):
    """The app closed while a key's arrival opened the groups held for it."""


def test_a_key_arriving_opens_held_groups_in_slices_and_a_break_loses_nothing(
    server: ServerProcess, device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new device holds its authority's groups unread until the key arrives; they are
    then opened and applied slice by slice (each its own short transaction), so a break
    keeps the slices committed, whole groups only, and the next arrival finishes."""
    from client.replication import ingest, slices

    a = first_device(device, "a", "SN-E9")
    case_ids = []
    for i in range(4):  # four groups of three cases
        case_ids += [secret_case(a, f" #{i}.{j}") for j in range(3)]
        sync(a)
    b = device("b", "SN-E9")
    sync(b)
    unread = held_unreadable(b)
    assert unread >= 4 and not any(b.exists(c) for c in case_ids)

    class CutAfterFiveSlices(slices.Pacer):
        """One item a slice (a document's changes, or a group's mark), and a break after
        a group's 3 cases and its mark, then one case of the next."""

        def slices(self, items):  # noqa: ANN001, ANN202
            for n, item in enumerate(items):
                if n == 5:
                    raise _KeyArrivalCutShort
                yield [item]

    monkeypatch.setattr(ingest, "Pacer", CutAfterFiveSlices)
    escrow = Escrow.from_bytes(KeyServer.for_store(b).state().escrow)
    with pytest.raises(_KeyArrivalCutShort):
        adopt(b, open_escrow(escrow, passphrase=PASSPHRASE))
    read_now = [c for c in case_ids if b.exists(c)]
    assert 0 < len(read_now) < len(case_ids)  # five slices committed, not the rest
    assert 0 < held_unreadable(b) < unread  # the groups whose documents were all applied
    monkeypatch.setattr(ingest, "Pacer", slices.Pacer)
    assert adopt(b, open_escrow(escrow, passphrase=PASSPHRASE)) > 0  # the next arrival
    assert held_unreadable(b) == 0
    assert all(b.exists(c) for c in case_ids)
    names = {p["name"] for p in get_case(b, case_ids[-1])["persons"].values()}
    assert SECRETS["suspect"] in names
