"""The published OpenAPI description of the sync API: every route the server answers.

The schemas are generated from the wire messages (`shared.contracts`, the
Structs both the client and the server decode with), so the document cannot
drift from what the server accepts; the route table below adds paths, statuses
and words. Packed bodies (`application/x-entraide`) are msgpack maps compressed
with zlib; their schemas describe the decoded map, and fields marked
`format: binary` are msgpack byte strings. tests/reliability runs schemathesis
against this document, served by a real server, so a route or a status missing
here fails there.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec

from shared.contracts.enroll import Enroll, Enrolled
from shared.contracts.keys import KeyHolder, KeyPublish, KeyPublished, KeyState, Ok
from shared.contracts.monitor import Monitor
from shared.contracts.sync import Certs, Error, Health, Pull, PullAnswer, Push, PushAnswer

from .limits import MAX_QUERY_IDS

PACKED = "application/x-entraide"
JSON = "application/json"
# Every message of the protocol: the document's components.
MESSAGES: tuple[type[msgspec.Struct], ...] = (
    Error,
    Health,
    Enroll,
    Enrolled,
    Push,
    PushAnswer,
    Pull,
    PullAnswer,
    Certs,
    KeyState,
    KeyPublish,
    KeyPublished,
    KeyHolder,
    Ok,
    Monitor,
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(media: str, schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": _ref(schema)}}}


def _errors(media: str, *codes: int) -> dict[str, Any]:
    """Refusals: a one-line message; nothing of the request was stored."""
    words = {
        400: "malformed request",
        401: "no or unknown device credential",
        403: "not allowed for this device",
        404: "no such thing",
        408: "the request body arrived too slowly",
        409: "conflict: fetch and try again",
        413: "request body too large",
        415: "wrong Content-Type",
        429: "too many requests from this device: retry later",
        503: "the database does not answer",
    }
    return {str(code): _body(media, "Error", words[code]) for code in codes}


def _request(media: str, schema: str) -> dict[str, Any]:
    return {"required": True, "content": {media: {"schema": _ref(schema)}}}


@cache
def schemas() -> dict[str, Any]:
    """JSON Schema of every message, named as its Struct (references into components)."""
    _refs, components = msgspec.json.schema_components(
        MESSAGES, ref_template="#/components/schemas/{name}"
    )
    return _msgpack_bytes(components)


def _msgpack_bytes(schema: Any) -> Any:
    """Byte strings travel as msgpack byte strings, not base64 text as msgspec's JSON
    Schema says: `format: binary` instead of `contentEncoding`. Fixed arrays (a group, a
    certificate) keep their length and description but not `prefixItems`, which
    schemathesis 4 rewrites into a form its own check of the document refuses."""
    if isinstance(schema, list):
        return [_msgpack_bytes(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _msgpack_bytes(value) for key, value in schema.items()}
    if "prefixItems" in out:
        out.pop("prefixItems")
        out.pop("items", None)
    if out.pop("contentEncoding", None) == "base64":
        out["format"] = "binary"
        out.setdefault("description", "msgpack byte string")
    return out


@cache
def openapi_spec() -> dict[str, Any]:
    sync_errors = _errors(JSON, 400, 401, 403, 408, 413, 415, 429)
    key_errors = _errors(PACKED, 400, 401, 403, 408, 409, 413, 415, 429)
    return {
        "openapi": "3.1.0",  # JSON Schema 2020-12, as msgspec writes it
        "info": {
            "title": "Entraide sync server",
            "version": "1",
            "description": (
                "Enrollment, replication of signed groups of Automerge changes, and end-to-end "
                f"key escrow. Packed bodies ({PACKED}) are msgpack maps compressed with zlib "
                "(docs/sync.md, docs/security.md); `format: binary` fields are msgpack byte "
                "strings. Every body is capped and refused with 413 beyond its cap."
            ),
        },
        "components": {
            "securitySchemes": {"device": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas(),
        },
        "security": [{"device": []}],
        "paths": {
            "/health": {
                "get": {
                    "operationId": "health",
                    "summary": "liveness (no credential)",
                    "security": [],
                    "responses": {
                        "200": _body(JSON, "Health", "ok"),
                        **_errors(JSON, 400, 408, 413, 503),
                    },
                },
            },
            "/metrics": {
                "get": {
                    "operationId": "metrics",
                    "summary": "Prometheus metrics (no credential; expose it to the monitoring only)",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "Prometheus text format",
                            "content": {"text/plain": {"schema": {"type": "string"}}},
                        },
                        **_errors(JSON, 400, 408, 413),
                    },
                },
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "this document",
                    "responses": {
                        "200": {"description": "OpenAPI", "content": {JSON: {"schema": {}}}},
                        **_errors(JSON, 400, 401, 403, 408, 413, 429),
                    },
                },
            },
            "/v1/enroll": {
                "post": {
                    "operationId": "enroll",
                    "summary": "spend a one-time enrollment code, register a device key",
                    "security": [],
                    "requestBody": _request(JSON, "Enroll"),
                    "responses": {
                        "200": _body(JSON, "Enrolled", "enrolled"),
                        **_errors(JSON, 400, 403, 408, 409, 413),
                    },
                },
            },
            "/v1/push": {
                "post": {
                    "operationId": "push",
                    "summary": "store signed groups in their spaces' logs (idempotent by group id)",
                    "description": "A malformed or unauthorized group refuses the request; a readable group"
                    " refused for its content is listed in `refused` and the rest is stored.",
                    "requestBody": _request(PACKED, "Push"),
                    "responses": {
                        "200": _body(PACKED, "PushAnswer", "acknowledged"),
                        **sync_errors,
                    },
                },
            },
            "/v1/pull": {
                "post": {
                    "operationId": "pull",
                    "summary": "groups after the given per-space cursors, in spaces the device may read",
                    "requestBody": _request(PACKED, "Pull"),
                    "responses": {
                        "200": {
                            **_body(PACKED, "PullAnswer", "a bounded batch"),
                            "links": {
                                "NextBatch": {
                                    "operationId": "pull",
                                    "requestBody": {"cursors": "$response.body#/cursors"},
                                }
                            },
                        },
                        **sync_errors,
                    },
                },
            },
            "/v1/certs": {
                "get": {
                    "operationId": "certs",
                    "summary": "certificates this device needs (authors of groups it may read, "
                    "its own authority's devices); ?ids=a,b narrows to those",
                    "parameters": [
                        {
                            "name": "ids",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "string",
                                "pattern": "^[A-Za-z0-9_,-]*$",
                                "maxLength": 65 * MAX_QUERY_IDS,
                            },
                        }
                    ],
                    "responses": {"200": _body(PACKED, "Certs", "certificates"), **sync_errors},
                },
            },
            "/v1/monitor": {
                "get": {
                    "operationId": "monitor",
                    "summary": "the sync monitor (secretariat devices only): per authority its"
                    " devices, last sync, last data received, groups waiting",
                    "responses": {
                        "200": _body(JSON, "Monitor", "per authority: devices, last data"),
                        **sync_errors,
                    },
                },
            },
            "/keys/state": {
                "get": {
                    "operationId": "keyState",
                    "summary": "the authority's key state, this device's grant, active holders",
                    "responses": {
                        "200": {
                            **_body(PACKED, "KeyState", "key state"),
                            "links": {
                                "Publish": {
                                    "operationId": "keyPublish",
                                    "requestBody": {
                                        "base_version": "$response.body#/version",
                                        "current": "$response.body#/current",
                                        "key_ids": "$response.body#/key_ids",
                                        "escrow_generation": "$response.body#/escrow_generation",
                                    },
                                }
                            },
                        },
                        **key_errors,
                    },
                },
            },
            "/keys/publish": {
                "post": {
                    "operationId": "keyPublish",
                    "summary": "publish the keyset's ids, escrow and grants (compare-and-set on "
                    "base_version); after the first keyset only admin devices, or any device of "
                    "an authority without an active admin device",
                    "requestBody": _request(PACKED, "KeyPublish"),
                    "responses": {
                        "200": _body(PACKED, "KeyPublished", "new version"),
                        **key_errors,
                    },
                },
            },
            "/keys/holder": {
                "post": {
                    "operationId": "keyHolder",
                    "summary": "register this device as holder of a key (a MAC only holders check)",
                    "requestBody": _request(PACKED, "KeyHolder"),
                    "responses": {"200": _body(PACKED, "Ok", "registered"), **key_errors},
                },
            },
        },
    }
