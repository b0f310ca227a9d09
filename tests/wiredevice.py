"""A device that speaks the sync protocol without a client store: a signing key, a
token and cursors. It sends what a real device sends in its authority's space (an
encrypted payload the server cannot open), cheaply enough to run hundreds of them
(load benchmark, several-worker tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import httpx
from nacl.signing import SigningKey
from serverproc import ServerProcess

from shared.access import authority_space
from shared.enrollment import enroll_proof_payload
from shared.envelope import sign_group
from shared.wire import pack, unpack

CONTENT_TYPE = "application/x-entraide"
KEY_ID = "0123456789abcdef"


@dataclass
class WireDevice:
    device_id: str
    authority: str
    seed: bytes  # of the signing key (picklable, for load generator processes)
    token: str = ""
    cursors: dict[str, int] = field(default_factory=dict)
    edits: int = 0

    @property
    def key(self) -> SigningKey:
        return SigningKey(self.seed)

    @property
    def space(self) -> str:
        return authority_space(self.authority)

    def group(self, size: int = 300) -> list[Any]:
        """A new signed group in its authority's space (random bytes as the sealed payload)."""
        self.edits += 1
        signed = sign_group(self.space, self.device_id, KEY_ID, os.urandom(size), self.key)
        return signed.to_wire()

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": CONTENT_TYPE}

    # -- blocking calls, for tests --------------------------------------------------------
    def push(self, http: httpx.Client, groups: list[Any]) -> dict[str, Any]:
        answer = http.post("/v1/push", content=pack({"groups": groups}), headers=self.headers)
        answer.raise_for_status()
        return unpack(answer.content, max_size=64 * 1024 * 1024)

    def pull(self, http: httpx.Client, max_bytes: int = 256 * 1024) -> dict[str, Any]:
        """One pull after its cursors; the cursors move on."""
        message = {"cursors": self.cursors, "max_bytes": max_bytes}
        answer = http.post("/v1/pull", content=pack(message), headers=self.headers)
        answer.raise_for_status()
        data = unpack(answer.content, max_size=64 * 1024 * 1024)
        self.cursors.update(data["cursors"])
        return data


def enroll_wire_device(
    server: ServerProcess, http: httpx.Client, authority: str, device_id: str
) -> WireDevice:
    """Enroll through the real endpoint (with a one-time code and the key's proof)."""
    device = WireDevice(device_id, authority, bytes(SigningKey.generate()))
    code = server.code(authority)
    proof = device.key.sign(enroll_proof_payload(code, device_id)).signature
    answer = http.post(
        "/v1/enroll",
        json={
            "code": code,
            "device_id": device_id,
            "public_key": bytes(device.key.verify_key).hex(),
            "name": device_id,
            "proof": proof.hex(),
        },
    )
    answer.raise_for_status()
    device.token = answer.json()["token"]
    return device
