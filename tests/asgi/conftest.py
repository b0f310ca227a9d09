"""The in-process tier: the real ASGI app (`sync_server.app`) over a real SQLite file,
driven by httpx's ASGITransport in this process: no server process and no socket.

For protocol tests that need the server's answers but not a process (its limits on
slow bodies, its workers and TLS stay with tests/server and tests/reliability). They
run in the `unit` tier (`scripts/run.py test -m unit`)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from nacl.signing import SigningKey
from starlette.applications import Starlette

from shared import contracts
from shared.contracts.enroll import Enroll, Enrolled
from shared.enrollment import enroll_proof_payload
from shared.envelope import SignedGroup, sign_group
from sync_server import admin
from sync_server.app import create_app
from sync_server.storage import Storage

PACKED = {"Content-Type": "application/x-entraide"}
KEY_ID = "0123456789abcdef"


@dataclass
class Device:
    """An enrolled device, as the protocol knows it: a key and a bearer token."""

    enrolled: Enrolled
    key: SigningKey

    @property
    def headers(self) -> dict[str, str]:
        return {**PACKED, "Authorization": f"Bearer {self.enrolled.token}"}

    def group(self) -> SignedGroup:
        """A signed group in its authority's space (the sealed payload: random bytes)."""
        space = f"authority/{self.enrolled.authority}"
        return sign_group(space, self.enrolled.device_id, KEY_ID, os.urandom(200), self.key)


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[Starlette]:
    served = create_app(tmp_path / "server.sqlite")
    async with served.router.lifespan_context(served):  # opens and closes the storage
        yield served


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://in-process") as http:
        yield http


@pytest.fixture
def storage(app: Starlette) -> Storage:
    return app.state.storage


@pytest.fixture
def enroll(client: httpx.AsyncClient, storage: Storage):
    """Enroll a new device of an authority through POST /v1/enroll."""
    made = 0

    async def make(authority: str = "SN-CA", role: str = "officer") -> Device:
        nonlocal made
        made += 1
        if storage.authority(authority) is None:
            admin.add_authority(storage, authority, authority[:2], f"Authority {authority}")
        code = admin.issue_code(storage, authority, role, 1)["code"]
        key, device_id = SigningKey.generate(), f"dev-{made}"
        request = Enroll(
            code=code,
            device_id=device_id,
            public_key=bytes(key.verify_key).hex(),
            proof=key.sign(enroll_proof_payload(code, device_id)).signature.hex(),
        )
        answer = await client.post("/v1/enroll", json=contracts.to_wire(request))
        assert answer.status_code == 200, answer.text
        return Device(contracts.convert(answer.json(), Enrolled, "enrolled"), key)

    return make
