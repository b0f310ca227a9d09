"""Bundles between stores that never see a server: convergence, idempotence, forwarding, safety."""

from __future__ import annotations

import secrets
import struct
from pathlib import Path

import pytest

from client.bundles import (
    BundleError,
    export_ack,
    export_bundle,
    import_bundle,
    peer_knowledge,
    read_manifest,
)
from client.bundles import format as fmt
from client.cases import get_case, update_case
from client.directory import get_entry, put_entry
from client.progress import Progress
from client.replication import mark_pushed, slices
from client.store import Store

from .conftest import Network, new_case, seal, state, store_files_digest


@pytest.fixture
def office(network: Network) -> tuple[Store, Store]:
    """Two devices of one authority sharing its space key, never connected to a server."""
    a = network.enroll("a", "SN-CA")
    b = network.enroll("b", "SN-CA")
    network.share_keys(a, b)
    return a, b


def test_two_stores_converge_through_bundles_only(office, tmp_path: Path) -> None:
    a, b = office
    ids = [new_case(a, f"Gel des avoirs {i}") for i in range(5)]
    put_entry(a, {"code": "SN-CA", "state": "SN", "authority_name": "Ministère de la Justice"})
    report = export_bundle(a, tmp_path / "a1.bundle")
    # Cases, their de-identified returns (one change of the returns book), the directory
    # entry: one group per space.
    assert (report.groups, report.changes) == (3, 7)
    got = import_bundle(b, tmp_path / "a1.bundle")
    assert (got.new, got.applied, got.kept_for_forwarding) == (7, 7, 0)

    # Concurrent edits on both sides, including the same case.
    update_case(a, ids[0], {"summary": "written at A"})
    update_case(b, ids[0], {"notes": "written at B"})
    update_case(b, ids[1], {"title": "renamed at B"})
    new_case(b, "Extradition de X")

    export_ack(a, tmp_path / "a.ack")  # what A holds, for B
    import_bundle(b, tmp_path / "a.ack")
    for_a = export_bundle(b, tmp_path / "b.bundle", peer=a.device_id)
    # Only B's new changes (and its returns book's): A acknowledged the rest.
    assert for_a.changes == 4
    import_bundle(a, tmp_path / "b.bundle")
    import_bundle(b, export_bundle(a, tmp_path / "a2.bundle").path)

    assert state(a) == state(b)
    merged = get_case(a, ids[0])
    assert (merged["summary"], merged["notes"]) == ("written at A", "written at B")
    assert get_case(b, ids[1])["title"] == "renamed at B"
    assert get_entry(b, "SN-CA")["authority_name"] == "Ministère de la Justice"


def test_replayed_bundle_adds_nothing_and_writes_nothing(office, tmp_path: Path) -> None:
    a, b = office
    for i in range(3):
        new_case(a, f"case {i}")
    path = export_bundle(a, tmp_path / "x.bundle").path
    first = import_bundle(b, path)
    assert first.new == 4  # three cases and their returns (one change of the book)
    before, files = state(b), store_files_digest(b)
    again = import_bundle(b, path)
    assert (again.new, again.applied, again.changes) == (0, 0, 4)
    assert state(b) == before
    assert store_files_digest(b) == files


def test_other_authorities_envelopes_are_carried_unread_and_forwarded(
    network: Network, tmp_path: Path
) -> None:
    a = network.enroll("a", "SN-CA")
    carrier = network.enroll("carrier", "ML-CA")
    colleague = network.enroll("colleague", "SN-CA")
    network.share_keys(a, colleague)
    ids = [new_case(a, f"Commission rogatoire {i}") for i in range(4)]
    put_entry(a, {"code": "SN-CA", "state": "SN", "authority_name": "DACG"})

    got = import_bundle(carrier, export_bundle(a, tmp_path / "a.bundle").path)
    assert got.kept_for_forwarding == 2  # one group holds the four cases, one their returns
    assert carrier.doc_ids("case") == []  # it cannot read A's cases...
    unread = carrier.conn.execute(
        "SELECT count(*) FROM groups WHERE space = 'authority/SN-CA' AND opened = 0"
    ).fetchone()[0]
    assert unread == 1  # ...but keeps them, still encrypted, for forwarding
    assert get_entry(carrier, "SN-CA")["authority_name"] == "DACG"  # the directory is public

    # The carrier's own bundle carries A's groups on, signed by A.
    forwarded = export_bundle(carrier, tmp_path / "carrier.bundle")
    assert (forwarded.groups, forwarded.changes) == (3, 1)  # it counts only what it reads
    got = import_bundle(colleague, forwarded.path)
    assert got.exporter == carrier.device_id and got.applied == 6  # 4 cases, book, entry
    assert sorted(colleague.doc_ids("case")) == sorted(ids)
    authors = {r[0] for r in colleague.conn.execute("SELECT DISTINCT author FROM groups")}
    assert authors == {a.device_id}


def _small_bundle(a: Store, tmp_path: Path) -> bytes:
    new_case(a, "Demande d'entraide", summary="Audition de témoins à Dakar")
    put_entry(a, {"code": "SN-CA", "state": "SN", "authority_name": "DACG"})
    return export_bundle(a, tmp_path / "good.bundle").path.read_bytes()


def _positions(size: int, samples: int = 300) -> list[int]:
    """Every byte of the header and the signature frame, and a spread over the rest."""
    edges = set(range(min(size, 64))) | set(range(max(0, size - 80), size))
    step = max(1, size // samples)
    return sorted(edges | set(range(0, size, step)))


def _assert_refused(store: Store, path: Path, before: dict, files: dict) -> str:
    with pytest.raises(BundleError) as caught:
        import_bundle(store, path)
    assert state(store) == before
    assert store_files_digest(store) == files
    return str(caught.value)


def test_every_flipped_byte_is_refused_with_nothing_applied(office, tmp_path: Path) -> None:
    a, b = office
    data = _small_bundle(a, tmp_path)
    before, files = state(b), store_files_digest(b)
    bad = tmp_path / "bad.bundle"
    positions = _positions(len(data))
    assert len(positions) > 200
    for position in positions:
        mutated = bytearray(data)
        mutated[position] ^= 0x01 << (position % 8)
        bad.write_bytes(bytes(mutated))
        message = _assert_refused(b, bad, before, files)
        assert message  # a reason is always given
    # The intact bundle still imports: the refusals were about the bytes.
    assert import_bundle(b, tmp_path / "good.bundle").new == 3


def test_truncation_at_any_length_is_refused_with_nothing_applied(office, tmp_path: Path) -> None:
    a, b = office
    data = _small_bundle(a, tmp_path)
    before, files = state(b), store_files_digest(b)
    bad = tmp_path / "cut.bundle"
    for length in _positions(len(data)):
        bad.write_bytes(data[:length])
        message = _assert_refused(b, bad, before, files)
        assert "truncated" in message or (length == 0 and "empty" in message), (length, message)
    bad.write_bytes(data + b"\0")
    assert "follow" in _assert_refused(b, bad, before, files)


def test_unknown_future_version_is_named(office, tmp_path: Path) -> None:
    a, b = office
    data = bytearray(_small_bundle(a, tmp_path))
    data[len(fmt.MAGIC) : fmt.HEADER_SIZE] = struct.pack(">H", 7)
    path = tmp_path / "v7.bundle"
    path.write_bytes(bytes(data))
    message = _assert_refused(b, path, state(b), store_files_digest(b))
    assert "version 7" in message


def test_unsigned_bundle_is_refused(office, tmp_path: Path) -> None:
    a, b = office
    data = _small_bundle(a, tmp_path)
    body = data[: -(fmt.FRAME.size + 64)]  # strip the signature frame
    path = tmp_path / "unsigned.bundle"
    path.write_bytes(body + fmt.FRAME.pack(fmt.SIGNATURE, 0))
    assert "not signed" in _assert_refused(b, path, state(b), store_files_digest(b))


def test_not_a_bundle_is_refused(office, tmp_path: Path) -> None:
    _, b = office
    path = tmp_path / "notes.txt"
    path.write_text("Bonjour, voici le dossier.")
    assert "not an Entraide bundle" in _assert_refused(b, path, state(b), store_files_digest(b))


def test_bundle_from_another_network_is_refused(tmp_path: Path) -> None:
    ours, theirs = Network(tmp_path / "ours"), Network(tmp_path / "theirs")
    (tmp_path / "ours").mkdir()
    (tmp_path / "theirs").mkdir()
    b = ours.enroll("b", "SN-CA")
    stranger = theirs.enroll("stranger", "SN-CA")
    new_case(stranger, "Pièce jointe")
    path = export_bundle(stranger, tmp_path / "stranger.bundle").path
    message = _assert_refused(b, path, state(b), store_files_digest(b))
    assert "unknown device" in message and stranger.device_id in message
    for store in (b, stranger):
        store.close()


def test_group_its_author_may_not_write_refuses_the_whole_bundle(
    network: Network, tmp_path: Path
) -> None:
    a = network.enroll("a", "SN-CA")
    intruder = network.enroll("intruder", "ML-CA")
    new_case(intruder, "a legitimate case of its own")
    put_entry(intruder, {"code": "SN-CA", "state": "SN", "authority_name": "Fake"})  # not its entry
    path = export_bundle(intruder, tmp_path / "intruder.bundle").path
    message = _assert_refused(a, path, state(a), store_files_digest(a))
    assert intruder.device_id in message and "may not write 'SN-CA'" in message


def test_interrupted_export_leaves_no_file_that_looks_complete(
    office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = office
    for i in range(20):
        new_case(a, f"case {i}", summary="x" * 200)
        if i % 5 == 4:
            seal(a)  # four groups
    target = tmp_path / "stick" / "a.bundle"
    target.parent.mkdir()
    old = export_bundle(a, target).path.read_bytes()  # an earlier, complete bundle
    monkeypatch.setattr(fmt, "TARGET_FRAME", 1500)  # several frames, so we can stop midway

    def pull_the_stick(p: Progress) -> None:
        if p.done > 0:
            raise OSError("device removed")

    with pytest.raises(BundleError, match="cannot write .*device removed"):
        export_bundle(a, target, progress=pull_the_stick)
    assert [p.name for p in target.parent.iterdir()] == ["a.bundle"]  # no partial file
    assert target.read_bytes() == old
    assert import_bundle(b, target).new == 24  # 20 cases, a returns book change per seal


def _sixty_cases_in_small_frames(a: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(60):
        new_case(a, f"case {i}", summary=secrets.token_hex(800))
        if i % 10 == 9:
            seal(a)  # six groups
    monkeypatch.setattr(fmt, "TARGET_FRAME", 1500)


def test_bundle_changed_during_import_applies_what_was_checked(
    office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import reads a private copy taken before its checks: rewriting the file on the
    stick meanwhile changes nothing of what is applied."""
    a, b = office
    _sixty_cases_in_small_frames(a, monkeypatch)
    path = export_bundle(a, tmp_path / "a.bundle").path
    size = path.stat().st_size
    assert size > 4 * 8192  # larger than what a read buffer may already hold
    swapped = []

    def swap_bytes(p: Progress) -> None:
        if p.phase == "import" and p.done and p.done < p.total and not swapped:
            with open(path, "r+b") as f:  # someone rewrites the file on the stick
                f.seek(size - 200)
                byte = f.read(1)
                f.seek(size - 200)
                f.write(bytes([byte[0] ^ 0xFF]))
            swapped.append(True)

    report = import_bundle(b, path, progress=swap_bytes)
    assert swapped and report.new == 66  # 60 cases, a returns book change per seal
    assert state(b)["documents"] == state(a)["documents"]
    with pytest.raises(BundleError):  # the file as it is now is refused, and changes nothing
        import_bundle(b, path)


class _CutShort(Exception):
    """The import stopped partway (the stick pulled out, the app closed)."""


@pytest.mark.parametrize("ahead", [False, True], ids=["whole groups", "one document a slice"])
def test_import_cut_short_keeps_what_was_committed_and_the_next_one_finishes(
    office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ahead: bool
) -> None:
    """An import commits slice by slice: a break keeps the slices committed, whole groups
    only, and importing the same file again finishes it (groups are skipped by id).
    `ahead`: each slice holds one document, so a group's changes are applied in slices
    before the group is stored, as for large groups."""
    a, b = office
    _sixty_cases_in_small_frames(a, monkeypatch)
    if ahead:
        monkeypatch.setattr(slices, "TARGET_SECONDS", 0.0)
    path = export_bundle(a, tmp_path / "a.bundle").path

    def cut(p: Progress) -> None:
        if p.phase == "import" and p.done:
            raise _CutShort

    with pytest.raises(_CutShort):
        import_bundle(b, path, progress=cut)
    partial = state(b)
    held = {h for (h,) in b.conn.execute("SELECT hash FROM changes WHERE group_id IS NOT NULL")}
    assert held and held < state(a)["changes"]  # some of the bundle, not all
    groups = b.conn.execute(
        "SELECT count(*), sum(changes) FROM groups WHERE author = ?", (a.device_id,)
    ).fetchone()
    assert groups[1] == len(held)  # whole groups: every change of a group held is there
    report = import_bundle(b, path)
    assert report.new == 60 + 6 - len(held)  # 60 cases, a returns book change per seal
    assert state(b)["documents"] == state(a)["documents"]
    assert state(b)["changes"] > partial["changes"]


def test_export_for_the_server_holds_only_what_it_has_not_acknowledged(
    office, tmp_path: Path
) -> None:
    a, _ = office
    new_case(a, "old")
    export_bundle(a, tmp_path / "seal.bundle")  # seals the change into a group
    mark_pushed(a, [g for (g,) in a.conn.execute("SELECT group_id FROM groups")])
    new_case(a, "new")
    report = export_bundle(a, tmp_path / "server.bundle", peer="server")
    assert (report.groups, report.changes) == (2, 2)  # the case and its returns book
    assert read_manifest(report.path, a)["since"] == {"peer": "server"}


def test_groups_the_server_refused_are_not_passed_on(office, tmp_path: Path) -> None:
    a, _ = office
    new_case(a, "kept")
    seal(a)
    new_case(a, "refused")
    seal(a)
    refused = a.conn.execute("SELECT group_id FROM groups ORDER BY seq DESC LIMIT 1").fetchone()[0]
    with a.write() as conn:  # what the sync agent records when the server refuses a group
        conn.execute("UPDATE groups SET pushed = -1 WHERE group_id = ?", (refused,))
    assert export_bundle(a, tmp_path / "all.bundle").groups == 3  # case + return, return
    assert export_bundle(a, tmp_path / "server.bundle", peer="server").groups == 3


def test_export_for_a_peer_never_heard_from_is_refused(office, tmp_path: Path) -> None:
    a, _ = office
    with pytest.raises(BundleError, match="no acknowledgement from device 0123"):
        export_bundle(a, tmp_path / "x.bundle", peer="0123456789abcdef")
    assert not (tmp_path / "x.bundle").exists()


def test_importing_a_bundle_records_what_its_exporter_holds(office, tmp_path: Path) -> None:
    a, b = office
    new_case(a, "one")
    import_bundle(b, export_bundle(a, tmp_path / "a.bundle").path)
    known = peer_knowledge(b, a.device_id)
    assert known is not None and known.authority == "SN-CA" and len(known.groups) == 2
    # So nothing goes back to A that A itself sent.
    assert export_bundle(b, tmp_path / "back.bundle", peer=a.device_id).changes == 0


def test_tampered_acknowledgement_is_refused_and_records_nothing(office, tmp_path: Path) -> None:
    a, b = office
    new_case(b, "held by B")
    seal(b)
    data = bytearray(export_ack(b, tmp_path / "b.ack").path.read_bytes())
    data[-(fmt.FRAME.size + 64 + 5)] ^= 0x01  # inside the list of group ids
    (tmp_path / "bad.ack").write_bytes(bytes(data))
    with pytest.raises(BundleError, match="signature does not match"):
        import_bundle(a, tmp_path / "bad.ack")
    assert peer_knowledge(a, b.device_id) is None
    got = import_bundle(a, tmp_path / "b.ack")
    assert (got.kind, got.acknowledged) == ("ack", 2)  # the case's group and its return's
    assert peer_knowledge(a, b.device_id) is not None


def test_manifest_describes_the_bundle(office, tmp_path: Path) -> None:
    a, b = office
    new_case(a, "one")
    put_entry(a, {"code": "SN-CA", "state": "SN", "authority_name": "DACG"})
    manifest = read_manifest(export_bundle(a, tmp_path / "a.bundle").path, b)
    assert manifest["kind"] == "bundle" and manifest["format"] == fmt.VERSION
    assert (manifest["device"], manifest["authority"]) == (a.device_id, "SN-CA")
    assert manifest["since"] is None and manifest["changes"] == 3
    assert {s: c["changes"] for s, c in manifest["spaces"].items()} == {
        "authority/SN-CA": 1,
        "returns/SN-CA": 1,
        "directory": 1,
    }


def test_progress_is_reported_with_counts_and_bytes(office, tmp_path: Path) -> None:
    a, b = office
    for i in range(5):
        new_case(a, f"case {i}")
    seen: list[Progress] = []
    report = export_bundle(a, tmp_path / "a.bundle", progress=seen.append)
    last = Progress("export", report.groups, report.groups, report.bytes, "wrote a.bundle")
    assert seen[-1] == last
    seen.clear()
    import_bundle(b, report.path, progress=seen.append)
    assert [p.phase for p in seen][-1] == "import"
    assert {"check", "verify", "import"} <= {p.phase for p in seen}
    assert (seen[-1].done, seen[-1].total, seen[-1].bytes) == (2, 2, report.bytes)  # groups


def test_unenrolled_device_can_neither_export_nor_import(tmp_path: Path) -> None:
    lone = Store(tmp_path / "lone.sqlite")
    with pytest.raises(BundleError, match="not enrolled"):
        export_bundle(lone, tmp_path / "x.bundle")
    (tmp_path / "y.bundle").write_bytes(b"ENTRAIDE-BUNDLE\0\1")
    with pytest.raises(BundleError, match="not enrolled"):
        import_bundle(lone, tmp_path / "y.bundle")
    lone.close()
