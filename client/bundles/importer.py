"""Importing a bundle or an acknowledgement file: verify everything, then apply all or nothing.

Three streaming passes over the file, so memory holds one frame at a time:
  1. check: framing, format version, the exporter's certificate and the
     signature over every byte (a truncated, tampered or foreign file stops here);
  2. verify: every group's author certificate, signature and write permission,
     and the counts announced by the manifest;
  3. apply: the groups through `ingest_in_slices`, a transaction of about
     50 ms of CPU at a time, so the store's writer is never held long (a save in the
     terminal app goes in between two slices). A group is stored with its
     changes in one slice; an import cut short keeps the slices committed, and
     the next import of the same file skips their groups by id and finishes.
The passes read a private copy of the file, taken first: what pass 3 applies is
what passes 1 and 2 checked, even if the file is replaced meanwhile.
Passes 1 and 2 only read the store, so a refused file leaves it byte-for-byte
unchanged; a replayed bundle (nothing new) writes nothing at all.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from shared.envelope import DeviceCert, EnvelopeError, SignedGroup
from shared.i18n import N_, _
from shared.revocation import Revocation

from ..exchange import ReceiveReport, receive
from ..identity import Identity, load_identity
from ..keys import default_keyring
from ..progress import Progress, ProgressCallback, ignore_progress
from ..replication import IngestError, ingest_in_slices, verify_groups
from ..replication.groups import held_ids
from ..replication.revocations import apply_revocations, check_records, new_records, parse_records
from ..store import Store
from . import format as fmt
from .peers import needs_update, record_peer_groups

BundleError = fmt.BundleError


@dataclass(frozen=True)
class ImportReport:
    changes: int  # changes the file carried, as its exporter counted them
    new: int  # changes in new groups this device could open
    applied: int  # changes now applied to their documents
    kept_for_forwarding: int  # new groups this device cannot read (yet)
    exporter: str  # device id of the exporting device
    exporter_authority: str = ""
    kind: str = "bundle"  # or "ack" for an acknowledgement file
    groups: int = 0
    new_groups: int = 0
    pending: int = 0  # changes in the store still waiting for their dependencies
    acknowledged: int = 0  # groups an acknowledgement file says the peer holds
    rejected: list[str] = field(default_factory=list)  # quarantined group and change ids (hex)
    revoked: int = 0  # groups refused: their author was revoked and they do not stand
    # Opened from the exchange spaces (client/exchange): incoming cases made, refusals.
    exchange: ReceiveReport = field(default_factory=ReceiveReport)


@dataclass(frozen=True)
class _Checked:
    manifest: dict[str, Any]
    certs: dict[str, DeviceCert]
    exporter: DeviceCert
    digest: bytes
    size: int


def read_manifest(path: Path | str, store: Store) -> dict[str, Any]:
    """The manifest of a verified bundle (`entraide bundle info`); BundleError if refused."""
    identity = _importing_identity(store)
    assert identity.server_public_key is not None
    checked = _check(Path(path), identity.server_public_key, ignore_progress)
    return checked.manifest


def import_bundle(
    store: Store, path: Path | str, progress: ProgressCallback = ignore_progress
) -> ImportReport:
    path = Path(path)
    identity = _importing_identity(store)
    with _private_copy(path, store.path.parent) as copy:
        return _import(store, identity, copy, path.name, progress)


@contextmanager
def _private_copy(path: Path, folder: Path) -> Iterator[Path]:
    """The file copied into a private (0700) temporary folder beside the store."""
    with tempfile.TemporaryDirectory(prefix=".import-", dir=folder) as tmp:
        copy = Path(tmp) / "bundle"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            raise BundleError(
                _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from None
        yield copy


def _import(
    store: Store, identity: Identity, path: Path, name: str, progress: ProgressCallback
) -> ImportReport:
    assert identity.server_public_key is not None
    checked = _check(path, identity.server_public_key, progress)
    exporter = checked.exporter
    if checked.manifest["kind"] == "ack":
        return _import_ack(store, path, checked)

    records = _revocations(store, identity, checked)
    group_ids, new_groups = _verify(store, identity, path, checked, progress)
    base = dict(
        changes=checked.manifest["changes"],
        exporter=exporter.device_id,
        exporter_authority=exporter.authority,
        groups=len(group_ids),
    )
    restored = _restored(checked.manifest)
    learns = exporter.device_id != identity.device_id and needs_update(
        store, exporter.device_id, group_ids, restored
    )
    if not new_groups and not learns and not records:
        return ImportReport(new=0, applied=0, kept_for_forwarding=0, **base)

    keyring = default_keyring(store)
    total = checked.manifest["groups"]
    done = new = applied = kept = pending = 0
    rejected: list[str] = []
    # Revocations first, in their own transaction: they decide which groups stand.
    with store.write():
        revoked = apply_revocations(store, records, identity.server_public_key)
    reader = _open(path)
    for groups in _group_frames(reader, checked):
        try:
            result = ingest_in_slices(
                store, identity, keyring, groups, checked.certs, from_server=False
            )
        except IngestError as exc:
            raise BundleError(_("the bundle was refused: {reason}").format(reason=exc)) from None
        new += result.changes
        applied += result.applied
        kept += result.kept_unread
        pending = result.pending
        rejected.extend(h for h in result.rejected if h not in rejected)  # once each
        revoked += result.revoked
        done += len(groups)
        progress(Progress("import", done, total, reader.position))
    if reader.sha.digest() != checked.digest:  # never, on a private copy: a last guard
        raise BundleError(_("the bundle changed while it was being imported; nothing was applied"))
    if learns:
        # The exporter holds everything it exported: never send it back.
        record_peer_groups(store, exporter.device_id, exporter.authority, group_ids, restored)
    progress(Progress("import", done, total, checked.size, _("imported {file}").format(file=name)))
    return ImportReport(
        exchange=receive(store),
        new=new,
        applied=applied,
        kept_for_forwarding=kept,
        new_groups=new_groups,
        pending=pending,
        rejected=rejected,
        revoked=revoked,
        **base,
    )


def _restored(manifest: dict[str, Any]) -> str:
    """When the exporter's store was restored from a backup ("" if never)."""
    value = manifest.get("restored")
    return value if isinstance(value, str) and len(value) <= 64 else ""


def _revocations(store: Store, identity: Identity, checked: _Checked) -> list[Revocation]:
    """The bundle's revocation records this store lacks, each checked against the server key."""
    assert identity.server_public_key is not None
    try:
        records = parse_records(checked.manifest.get("revocations"))
        check_records(records, identity.server_public_key)
    except EnvelopeError as exc:
        raise BundleError(_("the bundle was refused: {reason}").format(reason=exc)) from None
    return new_records(store, records)


def _importing_identity(store: Store) -> Identity:
    # Read meta directly first: load_identity would create a key on a fresh store.
    if not store.get_meta("server_public_key") or not store.get_meta("signing_key"):
        raise BundleError(
            _(
                "this device is not enrolled, so it cannot check who made a bundle "
                "(enroll it with the server once, then import)"
            )
        )
    return load_identity(store)


def _open(path: Path) -> fmt.FrameReader:
    try:
        source: BinaryIO = open(path, "rb")
    except OSError as exc:
        raise BundleError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    try:
        return fmt.FrameReader(source)
    except BaseException:
        source.close()
        raise


def _check(path: Path, anchor: bytes, progress: ProgressCallback) -> _Checked:
    """Pass 1: framing, version, exporter certificate and signature over the raw bytes.

    Body frames are hashed without being kept or decoded; the manifest is decoded
    only once the signature has verified. The certificate list must be read first
    (it holds the key that signs), so it is decoded row by row with tight bounds.
    """
    reader = _open(path)
    with reader.source:
        frames = reader.frames(keep=(fmt.MANIFEST, fmt.CERTS))
        manifest_frame = _expect(frames, fmt.MANIFEST, N_("manifest"))
        certs_frame = _expect(frames, fmt.CERTS, N_("certificate list"))
        body_kinds: dict[bytes, int] = {}
        for frame in frames:
            if frame.kind not in fmt.BODY_FRAMES:
                raise _unexpected(frame.offset)
            body_kinds.setdefault(frame.kind, frame.offset)
            progress(Progress("check", 0, None, reader.position))
        assert reader.signature is not None
        digest = reader.sha.digest()
        size = reader.position
    certs = fmt.decode_certs(certs_frame)
    if not certs:
        raise BundleError(_("the bundle carries no certificate for the device that made it"))
    exporter = certs[0]  # the exporter's comes first (docs/bundles.md)
    _verify_cert(exporter, anchor)
    if not fmt.signature_verifies(digest, reader.signature, exporter.public_key):
        raise BundleError(
            _(
                "the bundle's signature does not match its content: "
                "it was altered or damaged after export"
            )
        )
    # The file is now known to come, unaltered, from a device of this network.
    manifest = _manifest(manifest_frame)
    if manifest["device"] != exporter.device_id:
        raise BundleError(
            _(
                "the bundle was made by an unknown device ({device}): "
                "it carries no certificate for it"
            ).format(device=manifest["device"])
        )
    for cert in certs[1:]:
        _verify_cert(cert, anchor)
    if exporter.authority != manifest["authority"]:
        raise BundleError(
            _(
                "the bundle claims authority {claimed} but device {device} belongs to {authority}"
            ).format(
                claimed=manifest["authority"],
                device=exporter.device_id,
                authority=exporter.authority,
            )
        )
    body = fmt.GROUPS if manifest["kind"] == "bundle" else fmt.ACKS
    for kind, offset in body_kinds.items():
        if kind != body:
            raise _unexpected(offset)
    return _Checked(manifest, {c.device_id: c for c in certs}, exporter, digest, size)


def _unexpected(offset: int) -> BundleError:
    return BundleError(
        _("the bundle is damaged: unexpected frame at byte {position}").format(position=offset)
    )


def _verify_cert(cert: DeviceCert, anchor: bytes) -> None:
    try:
        cert.verify(anchor)
    except EnvelopeError:
        raise BundleError(
            _(
                "the bundle carries a certificate for device {device} ({authority}) "
                "that this network's server did not issue: unknown device"
            ).format(device=cert.device_id, authority=cert.authority)
        ) from None


def _expect(frames: Iterator[fmt.Frame], kind: bytes, what: str) -> fmt.Frame:
    frame = next(frames, None)
    if frame is None or frame.kind != kind:
        raise BundleError(_("the bundle is damaged: its {part} is missing").format(part=_(what)))
    return frame


def _manifest(frame: fmt.Frame) -> dict[str, Any]:
    data = fmt.decode_manifest(frame)
    required = {"format": int, "kind": str, "device": str, "authority": str, "created": str}
    if not isinstance(data, dict) or any(
        not isinstance(data.get(k), t) for k, t in required.items()
    ):
        raise BundleError(_("the bundle's manifest is malformed"))
    if data["format"] != fmt.VERSION:
        raise BundleError(
            _("the bundle's manifest says format version {manifest}, its header {header}").format(
                manifest=data["format"], header=fmt.VERSION
            )
        )
    if data["kind"] == "bundle":
        counts_ok = isinstance(data.get("groups"), int) and isinstance(data.get("changes"), int)
        if not counts_ok or not isinstance(data.get("spaces"), dict):
            raise BundleError(_("the bundle's manifest has no valid counts"))
    elif data["kind"] == "ack":
        if not isinstance(data.get("acknowledged"), int):
            raise BundleError(_("the acknowledgement file's manifest has no valid count"))
    else:
        raise BundleError(_("unknown kind of bundle: {kind}").format(kind=repr(data["kind"])))
    return data


def _group_frames(reader: fmt.FrameReader, checked: _Checked) -> Iterator[list[SignedGroup]]:
    """Decoded G frames of a file that passed `_check` (manifest and certs skipped)."""
    with reader.source:
        for frame in reader.frames(keep=(fmt.GROUPS,)):
            if frame.kind == fmt.GROUPS:
                yield fmt.decode_groups(frame)


def _verify(
    store: Store, identity: Identity, path: Path, checked: _Checked, progress: ProgressCallback
) -> tuple[list[bytes], int]:
    """Pass 2: authorship and permissions of every group, and the manifest's counts.

    Returns the ids of all groups carried and how many this store lacks.
    """
    spaces: dict[str, dict[str, int]] = {}
    group_ids: list[bytes] = []
    new_groups = 0
    total = checked.manifest["groups"]
    reader = _open(path)
    for groups in _group_frames(reader, checked):
        try:
            verify_groups(store, identity, groups, checked.certs)
        except IngestError as exc:
            raise BundleError(_("the bundle was refused: {reason}").format(reason=exc)) from None
        held = held_ids(store, [g.group_id for g in groups])
        for group in groups:
            group_id = group.group_id
            group_ids.append(group_id)
            new_groups += group_id not in held
            # Groups and payload bytes: what any carrier can count (changes of another
            # authority's groups are sealed).
            entry = spaces.setdefault(group.space, {"groups": 0, "bytes": 0})
            entry["groups"] += 1
            entry["bytes"] += len(group.payload)
        progress(Progress("verify", len(group_ids), total, reader.position))
    announced = {
        space: {"groups": c.get("groups"), "bytes": c.get("bytes")}
        for space, c in checked.manifest["spaces"].items()
        if isinstance(c, dict)
    }
    if announced != spaces or len(group_ids) != total:
        raise BundleError(_("the bundle's content does not match the counts in its manifest"))
    return group_ids, new_groups


def _import_ack(store: Store, path: Path, checked: _Checked) -> ImportReport:
    """Record which groups the peer holds; it is signed by the peer, so it is its own word."""
    reader = _open(path)
    ids: list[bytes] = []
    with reader.source:
        for frame in reader.frames(keep=(fmt.ACKS,)):
            if frame.kind == fmt.ACKS:
                ids.extend(fmt.split_ids(frame))
    if len(ids) != checked.manifest["acknowledged"]:
        raise BundleError(
            _("the acknowledgement file's content does not match the count in its manifest")
        )
    if reader.sha.digest() != checked.digest:
        raise BundleError(
            _("the acknowledgement file changed while it was being read; nothing was recorded")
        )
    exporter = checked.exporter
    mine = exporter.device_id == load_identity(store).device_id
    restored = _restored(checked.manifest)
    if not mine and needs_update(store, exporter.device_id, ids, restored):
        record_peer_groups(store, exporter.device_id, exporter.authority, ids, restored)
    return ImportReport(
        changes=0,
        new=0,
        applied=0,
        kept_for_forwarding=0,
        exporter=exporter.device_id,
        exporter_authority=exporter.authority,
        kind="ack",
        acknowledged=len(ids),
    )
