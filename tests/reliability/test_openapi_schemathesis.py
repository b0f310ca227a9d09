"""Schemathesis against the full OpenAPI document served by a real server process.

Every documented operation gets generated requests (valid and invalid) with a
real device credential; each answer must be documented (status, media type,
schema) and none may be a server error. Then a stateful run follows the
document's links (pull cursors into the next pull, key state into a publish).
Packed bodies are msgpack + zlib: a serializer packs the generated map, a
deserializer unpacks answers (byte strings shown as hex, for JSON Schema).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.routing import Route

from shared.wire import WireError, pack, unpack
from sync_server.app import create_app

from .conftest import CT, auth

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]
EXAMPLES = 40


def _msgpack_range(value: Any) -> Any:
    """Integers msgpack can carry: beyond them, the nearest end (what a client could send)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return max(-(2**63), min(value, 2**64 - 1))
    if isinstance(value, list):
        return [_msgpack_range(v) for v in value]
    if isinstance(value, dict):
        return {k: _msgpack_range(v) for k, v in value.items()}
    return value


@schemathesis.serializer(CT)
def _pack(ctx, value: Any) -> bytes:
    return pack(_msgpack_range(value))


def _hex_bytes(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list):
        return [_hex_bytes(v) for v in value]
    if isinstance(value, dict):
        return {k: _hex_bytes(v) for k, v in value.items()}
    return value


@schemathesis.deserializer(CT)
def _unpack(ctx, response) -> Any:
    try:
        return _hex_bytes(unpack(response.content))
    except WireError as exc:
        raise ValueError(f"answer is not a packed message: {exc}") from None


@pytest.fixture
def api(server, make_device):
    device = make_device("ST")
    make_device("ST")  # a second device: certificates, grants and holders to answer about
    headers = auth(device)
    served = httpx.get(server.url + "/openapi.json", headers=headers)
    assert served.status_code == 200
    schema = schemathesis.openapi.from_dict(served.json())
    schema.config.update(base_url=server.url)
    return schema, headers


def test_every_route_of_the_app_is_documented_and_nothing_else(server, api, tmp_path):
    schema, _ = api
    documented = {op.ok().label for op in schema.get_all_operations()}
    app = create_app(tmp_path / "unused.sqlite")  # routes only: the lifespan never runs
    served = {
        f"{method} {route.path}"
        for route in app.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }
    assert documented == served
    assert {"GET /keys/state", "POST /keys/publish", "POST /keys/holder"} <= documented
    # Whatever else one asks for does not exist.
    for method, path in [("GET", "/v1/devices"), ("DELETE", "/keys/state"), ("GET", "/admin")]:
        assert httpx.request(method, server.url + path).status_code in (404, 405)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_get_documented_answers_and_no_server_error(api, mode):
    schema, headers = api
    for result in schema.get_all_operations():
        operation = result.ok()
        takes_input = "requestBody" in operation.definition.raw or operation.query
        if mode is GenerationMode.NEGATIVE and not takes_input:
            continue  # nothing to get wrong in a request without body or parameters

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)

        call()


def test_stateful_runs_follow_the_links(api):
    schema, headers = api

    class Machine(schema.as_state_machine()):
        def before_call(self, case) -> None:
            kept = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
            case.headers = {**kept, **headers}  # a real device, every step

        def get_call_kwargs(self, case) -> dict[str, Any]:
            return {"headers": headers, "timeout": 30}

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    schemathesis.stateful.run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
