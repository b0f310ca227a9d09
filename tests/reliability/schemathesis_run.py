"""Schemathesis against a running server's OpenAPI document, in a process of its own.

    python tests/reliability/schemathesis_run.py URL TOKEN [--examples N]

Run by test_openapi_schemathesis.py. Its own process because schemathesis
imports the `requests` library, whose name the test package `tests/requests`
takes inside the pytest process (which therefore runs with `-p no:schemathesis`).

Every documented operation gets generated requests, valid (positive) and
invalid (negative), with the device's credential; then a stateful run follows
the document's links (pull cursors into the next pull, key state into a
publish). Each answer must be documented (status, media type, body schema)
and none may be a server error. Packed bodies are msgpack + zlib: a
serializer packs the generated map, a deserializer unpacks answers (byte
strings shown as hex for JSON Schema). Exit status 1 and the failures on
stderr if anything fails.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for shared/

import httpx  # noqa: E402
import schemathesis  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from shared.wire import WireError, pack, unpack  # noqa: E402

CT = "application/x-entraide"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]
# A link writes a response's values into the next request's body, which can make a
# body generated as invalid valid again: "invalid data accepted" means nothing there.
STATEFUL_CHECKS = [c for c in CHECKS if c is not negative_data_rejection]


def _msgpack_range(value: Any) -> Any:
    """Integers msgpack can carry: beyond them, the nearest end (what a client could send)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return max(-(2**63), min(value, 2**64 - 1))
    if isinstance(value, list):
        return [_msgpack_range(v) for v in value]
    if isinstance(value, dict):
        return {k: _msgpack_range(v) for k, v in value.items()}
    return value


def _hex_bytes(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list):
        return [_hex_bytes(v) for v in value]
    if isinstance(value, dict):
        return {k: _hex_bytes(v) for k, v in value.items()}
    return value


@schemathesis.serializer(CT)
def _pack(ctx, value: Any) -> bytes:
    return pack(_msgpack_range(value))


@schemathesis.deserializer(CT)
def _unpack(ctx, response) -> Any:
    try:
        return _hex_bytes(unpack(response.content))
    except WireError as exc:
        raise ValueError(f"answer is not a packed message: {exc}") from None


def _settings(examples: int, **more: Any) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        **more,
    )


def run_operations(schema, headers: dict[str, str], examples: int) -> None:
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for result in schema.get_all_operations():
            operation = result.ok()
            takes_input = "requestBody" in operation.definition.raw or operation.query
            if mode is GenerationMode.NEGATIVE and not takes_input:
                continue  # nothing to get wrong in a request without body or parameters

            @given(case=operation.as_strategy(generation_mode=mode))
            @_settings(examples, phases=[Phase.explicit, Phase.generate])
            def call(case) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)

            print(f"{mode.value:8} {operation.label}", flush=True)
            call()


def run_stateful(schema, headers: dict[str, str], examples: int) -> None:
    class Machine(schema.as_state_machine()):
        def before_call(self, case) -> None:
            kept = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
            case.headers = {**kept, **headers}  # a real device, every step

        def get_call_kwargs(self, case) -> dict[str, Any]:
            return {"headers": headers, "timeout": 30}

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            case.validate_response(response, checks=STATEFUL_CHECKS, transport_kwargs=kwargs)

    print("stateful", flush=True)
    schemathesis.stateful.run_state_machine_as_test(
        Machine, settings=_settings(examples, stateful_step_count=6)
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("--examples", type=int, default=40)
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.token}"}
    served = httpx.get(args.url + "/openapi.json", headers=headers, timeout=30)
    served.raise_for_status()
    config = schemathesis.Config.from_dict(
        {
            # The credential is this device's, sent with every request (checked apart:
            # the `ignored_auth` check sends requests without it).
            "generation": {"with-security-parameters": False},
            # Refusals this server documents: 408 (slow body) and 413 (too large) too.
            "checks": {
                "negative_data_rejection": {
                    "expected-statuses": [400, 401, 403, 404, 405, 408, 409, 413, 415]
                }
            },
        }
    )
    schema = schemathesis.openapi.from_dict(served.json(), config=config)
    schema.config.update(base_url=args.url)
    try:
        run_operations(schema, headers, args.examples)
        run_stateful(schema, headers, args.examples)
    except Exception:
        traceback.print_exc()
        return 1
    print("schemathesis: no failure", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
