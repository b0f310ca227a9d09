"""Writing sealed envelopes into an exchange space, and reading them back whole.

An envelope is cut into parts (shared.exchange.split_parts), each one document
of `exchange/<A>~<B>`: sync and bundles then carry them like any documents,
in bounded groups, so a large package resumes where a dropped connection left it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.access import exchange_peer, exchange_space
from shared.exchange import (
    Envelope,
    EnvelopeRefused,
    Part,
    join_parts,
    part_fields,
    read_part,
    seal_envelope,
    split_parts,
)

from ..identity import load_identity
from ..keys.local import own_authority
from ..store import Store
from .keys import published_key, signing_exchange_key


def send_envelope(
    store: Store,
    kind: str,
    recipient: str,
    content: Mapping[str, Any],
    space_peer: str | None = None,
) -> Envelope:
    """Seal `content` to `recipient`'s approved key, sign it, write its parts; returns it.

    The parts go in the exchange space with `space_peer` (default: the recipient); a copy
    for this authority's other devices is sealed to this authority, in the space of the
    thread's other authority."""
    authority = own_authority(store)
    peer = published_key(store, recipient)
    identity = load_identity(store)
    envelope = seal_envelope(
        kind,
        content,
        sender=authority,
        recipient=recipient,
        recipient_key=peer.key_id,
        recipient_public=peer.box_public,
        sender_key=signing_exchange_key(store),
        device=identity.device_id,
        device_key=identity.signing_key,
    )
    write_envelope(store, envelope, exchange_space(authority, space_peer or recipient))
    return envelope


def _part_id(part: Part) -> str:
    return f"x{part.envelope}-{part.index}"


def _envelope_of(doc_id: str) -> str:
    """The envelope id a part's document id names (as `_part_id` makes it), else ""."""
    head, _, _index = doc_id.partition("-")
    return head[1:] if head.startswith("x") else ""


def write_envelope(store: Store, envelope: Envelope, space: str) -> list[str]:
    """The parts as documents of `space` (idempotent: a part already held is kept)."""
    made = []
    with store.write():
        for part in split_parts(envelope.to_bytes()):
            doc_id = _part_id(part)
            if not store.exists(doc_id):
                store.create(space, envelope.kind, part_fields(part), doc_id=doc_id)
            made.append(doc_id)
    return made


@dataclass
class Arrived:
    """An envelope met in an exchange space: whole (`data`), still missing parts, or refused."""

    envelope_id: str
    kind: str
    space: str
    peer: str
    data: bytes | None = None
    refusal: str = ""


def arrived_envelopes(store: Store, skip: set[str]) -> list[Arrived]:
    """Envelopes of this authority's exchange spaces not in `skip`, grouped from their parts."""
    authority = own_authority(store)
    found: dict[str, Arrived] = {}
    parts: dict[str, list[Part]] = {}
    for kind in ("package", "message"):
        for doc_id in store.doc_ids(kind):
            if _envelope_of(doc_id) in skip:
                continue  # decided already: not read again at every sync
            record = store.read(doc_id)
            space = str(record.get("space") or "")
            peer = exchange_peer(authority, space)
            eid = str(record.get("envelope") or "")
            if peer is None or not eid or eid in skip:
                continue
            item = found.setdefault(eid, Arrived(eid, kind, space, peer))
            try:
                parts.setdefault(eid, []).append(read_part(record))
            except EnvelopeRefused as exc:
                item.refusal = str(exc)
    for eid, item in found.items():
        if item.refusal:
            continue
        try:
            item.data = join_parts(parts.get(eid, []))
        except EnvelopeRefused as exc:
            item.refusal = str(exc)
    return list(found.values())
