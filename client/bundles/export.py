"""Exporting a bundle (signed groups for a USB stick) and an acknowledgement file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from shared.envelope import SignedGroup
from shared.i18n import _

from ..identity import Identity, known_cert, load_identity
from ..keys import default_keyring
from ..progress import Progress, ProgressCallback, ignore_progress
from ..replication import load_group, seal_local_changes
from ..replication.groups import GroupSummary, all_group_ids, groups_to_export
from ..replication.revocations import held_record_wires
from ..store import Store
from ..store.store import now_iso
from . import format as fmt
from .atomic import atomic_file
from .peers import SERVER, peer_knowledge


@dataclass(frozen=True)
class ExportReport:
    path: Path
    changes: int  # changes in the groups written, as far as this device can count them
    groups: int
    bytes: int  # size of the file written
    peer: str | None = None  # the device it was made for; None = everything


def export_bundle(
    store: Store,
    path: Path | str,
    peer: str | None = None,
    progress: ProgressCallback = ignore_progress,
) -> ExportReport:
    """Write every group this device holds (peer=None), or what `peer` may still lack.

    `peer` is a device id whose acknowledgements this device holds, or "server"
    for what the server has not acknowledged. Groups of other authorities are
    included as they are, still encrypted and signed by their authors.
    """
    path = Path(path)
    identity = _exporting_identity(store)
    seal_local_changes(store, identity, default_keyring(store))
    selected, since = _select(store, peer)
    certs = _certificates(store, identity, {s.author for s in selected})
    manifest = _manifest(store, identity, "bundle", since)
    # Revocation records travel with the groups they rule on (signed by the server).
    manifest["revocations"] = held_record_wires(store)
    spaces: dict[str, dict[str, int]] = {}
    for s in selected:
        entry = spaces.setdefault(s.space, {"groups": 0, "changes": 0, "bytes": 0})
        entry["groups"] += 1
        entry["changes"] += s.changes
        entry["bytes"] += s.size
    changes = sum(s.changes for s in selected)
    manifest.update(spaces=spaces, groups=len(selected), changes=changes)
    total = len(selected)
    done = 0
    progress(Progress("export", 0, total, 0, _("exporting {count} groups").format(count=total)))
    with _written(path) as out:
        writer = fmt.FrameWriter(out)
        writer.packed(fmt.MANIFEST, manifest)
        writer.packed(fmt.CERTS, [c.to_wire() for c in certs])
        for chunk in _chunks(store, selected):
            writer.packed(fmt.GROUPS, fmt.encode_groups(chunk))
            done += len(chunk)
            progress(Progress("export", done, total, writer.bytes))
        writer.finish(identity.signing_key)
        size = writer.bytes
    progress(Progress("export", done, total, size, _("wrote {file}").format(file=path.name)))
    return ExportReport(path, changes, len(selected), size, peer)


def export_ack(
    store: Store, path: Path | str, progress: ProgressCallback = ignore_progress
) -> ExportReport:
    """Write a signed list of every group this device holds, for the peers that send it bundles."""
    path = Path(path)
    identity = _exporting_identity(store)
    ids = list(all_group_ids(store))
    manifest = _manifest(store, identity, "ack", None)
    manifest.update(acknowledged=len(ids))
    with _written(path) as out:
        writer = fmt.FrameWriter(out)
        writer.packed(fmt.MANIFEST, manifest)
        writer.packed(fmt.CERTS, [identity.cert.to_wire()] if identity.cert else [])
        per_frame = fmt.TARGET_FRAME // fmt.GROUP_ID_SIZE
        for start in range(0, len(ids), per_frame):
            writer.frame(fmt.ACKS, b"".join(ids[start : start + per_frame]))
            progress(Progress("export", min(start + per_frame, len(ids)), len(ids), writer.bytes))
        writer.finish(identity.signing_key)
        size = writer.bytes
    return ExportReport(path, 0, len(ids), size, None)


def _exporting_identity(store: Store) -> Identity:
    identity = load_identity(store)
    if identity.cert is None or identity.server_public_key is None:
        raise fmt.BundleError(
            _(
                "this device is not enrolled: others could not check who made the bundle "
                "(enroll it with the server once, then export)"
            )
        )
    return identity


def _manifest(store: Store, identity: Identity, kind: str, since: Any) -> dict[str, Any]:
    assert identity.cert is not None
    return {
        # A store restored from a backup says since when: peers then forget what it had
        # acknowledged before, and send it again what it lost.
        "restored": store.get_meta("restored_at") or "",
        "format": fmt.VERSION,
        "kind": kind,
        "device": identity.device_id,
        "authority": identity.cert.authority,
        "role": identity.cert.role,
        "created": now_iso(),
        "since": since,
        "app": _app_version(),
    }


def _app_version() -> str:
    try:
        return f"entraide {metadata.version('entraide')}"
    except metadata.PackageNotFoundError:
        return "entraide"


def _select(store: Store, peer: str | None) -> tuple[list[GroupSummary], Any]:
    """The groups to export, in local order, and what the export is "since"."""
    skip: frozenset[bytes] = frozenset()
    # A group the server refused (say, its author's device was revoked) is not passed on.
    only_unpushed = False
    since: dict[str, Any] | None
    if peer is None:
        since = None
    elif peer == SERVER:
        only_unpushed, since = True, {"peer": SERVER}
    else:
        known = peer_knowledge(store, peer)
        if known is None:
            raise fmt.BundleError(
                _(
                    "no acknowledgement from device {device} yet: import its acknowledgement "
                    "file first, or export everything"
                ).format(device=peer)
            )
        skip = known.groups
        since = {
            "peer": peer,
            "authority": known.authority,
            "acknowledged": len(known.groups),
            "as_of": known.updated,
        }
    selected = [g for g in groups_to_export(store, only_unpushed) if g.group_id not in skip]
    return selected, since


def _certificates(store: Store, identity: Identity, authors: set[str]) -> list:
    assert identity.cert is not None
    certs = [identity.cert]
    for author in sorted(authors - {identity.device_id}):
        cert = known_cert(store, author)
        if cert is None:
            raise fmt.BundleError(
                _(
                    "this device holds changes from device {device} but not its certificate; "
                    "sync with the server once, then export again"
                ).format(device=author)
            )
        certs.append(cert)
    return certs


@contextmanager
def _written(path: Path) -> Iterator[BinaryIO]:
    """The bundle file, whole or absent; a failed write (a full stick) is a BundleError."""
    try:
        with atomic_file(path) as out:
            yield out
    except OSError as exc:
        raise fmt.BundleError(
            _("cannot write {path}: {reason}; no file was left").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def _chunks(store: Store, selected: list[GroupSummary]) -> Iterator[list[SignedGroup]]:
    """Groups loaded a frame at a time: memory holds one frame, not the bundle."""
    chunk: list[SignedGroup] = []
    size = 0
    for s in selected:
        group = load_group(store, s.group_id)
        if group is None:
            raise fmt.BundleError(
                _("group {group} in this store is damaged; not exported").format(
                    group=s.group_id.hex()[:16]
                )
            )
        chunk.append(group)
        size += s.size
        if size >= fmt.TARGET_FRAME:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
