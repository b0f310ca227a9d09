"""Real devices for key tests: stores enrolled with certificates signed by a test server key."""

from __future__ import annotations

import base64
import codecs
import zlib
from pathlib import Path

from nacl.signing import SigningKey

from client.cases import create_case
from client.identity import Identity, load_identity, save_enrollment
from client.keys import default_keyring
from client.replication import seal_local_changes
from client.replication.groups import groups_after
from client.store import Store
from shared.envelope import DeviceCert

# Strings that must never leave a device in clear.
SECRETS = {
    "suspect": "Zéphirin Okonkwo-Balogun",
    "victim": "Adjoa Mensah-Kpodo",
    "witness": "Télesphore Ndiaye-Quarshie",
    "note": "Witness hides at Hotel Akwaba room 412",
    "account": "SN08 K0100 1520 0000 2671 3847",
}


def enrolled_store(
    path: Path, authority: str, server_key: SigningKey, role: str = "officer"
) -> Store:
    store = Store(path)
    identity = load_identity(store)
    cert = DeviceCert(
        identity.device_id, authority, role, identity.public_key, "2026-01-01T00:00:00+00:00"
    ).signed_by(server_key)
    save_enrollment(store, cert, bytes(server_key.verify_key), "http://127.0.0.1:1", "no-token")
    return store


def secret_case(store: Store, tag: str = "") -> str:
    return create_case(
        store,
        {
            "direction": "outgoing",
            "kind": "mla",
            "title": f"Trafficking ring {tag}",
            "notes": SECRETS["note"] + tag,
            "particulars": {"account": SECRETS["account"]},
            "persons": [
                {"role": "suspect", "name": SECRETS["suspect"]},
                {"role": "victim", "name": SECRETS["victim"]},
                {"role": "witness", "name": SECRETS["witness"]},
            ],
        },
    )


def seal_all(store: Store) -> list:
    """Seal local changes with the default keyring; return every group the store holds."""
    seal_local_changes(store, load_identity(store), default_keyring(store))
    return [group for _, group in groups_after(store, 0, 1 << 40)]


def identity(store: Store) -> Identity:
    return load_identity(store)


def encodings(text: str) -> list[bytes]:
    """The forms a leaked string could take in a file."""
    raw = text.encode("utf-8")
    forms = [
        raw,
        text.encode("utf-16-le"),
        text.encode("utf-16-be"),
        base64.b64encode(raw),
        base64.urlsafe_b64encode(raw),
        raw.hex().encode(),
        raw.hex().upper().encode(),
        codecs.encode(raw, "quopri"),
    ]
    # A distinctive fragment too (a field may be split or escaped around spaces).
    word = max(text.split(), key=len).encode("utf-8")
    forms.append(word)
    return [f for f in forms if len(f) >= 6]


def inflate_all(data: bytes) -> list[bytes]:
    """Every zlib/deflate/gzip stream found at any offset, decompressed (recursively once)."""
    found: list[bytes] = []
    for start in range(len(data) - 1):
        if data[start] not in (0x78, 0x1F):
            continue
        for wbits in (15, 31):
            try:
                inflater = zlib.decompressobj(wbits)
                out = inflater.decompress(data[start:], 64 << 20)
            except zlib.error:
                continue
            if out and inflater.eof:
                found.append(out)
    return found


def leaks(data: bytes, secrets: list[str] | None = None) -> list[str]:
    """Which secret strings appear in `data` or in any compressed stream inside it."""
    blobs = [data, *inflate_all(data)]
    nested = [inner for blob in blobs[1:] for inner in inflate_all(blob)]
    blobs.extend(nested)
    out = []
    for text in secrets or list(SECRETS.values()):
        for form in encodings(text):
            if any(form in blob for blob in blobs):
                out.append(f"{text!r} as {form[:20]!r}")
                break
    return out
