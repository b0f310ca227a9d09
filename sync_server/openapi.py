"""The published OpenAPI description of the sync API: every route the server answers.

Hand-written: packed bodies (`application/x-entraide`) are msgpack maps
compressed with zlib, which no generator can read from the code. Their schemas
describe the decoded map; fields marked `format: binary` are msgpack byte
strings. tests/reliability runs schemathesis against this document, served by
a real server, so a route or a status missing here fails there.
"""

from __future__ import annotations

from typing import Any

from shared.access import ROLES

from .limits import MAX_INT64, MAX_QUERY_IDS

PACKED = "application/x-entraide"
JSON = "application/json"
_INT64 = {"type": "integer", "minimum": 0, "maximum": MAX_INT64}
_BIN = {"type": "string", "format": "binary", "description": "msgpack byte string"}
_KEY_ID = {"type": "string", "pattern": "^[0-9a-f]{16}$", "description": "16 hex digits"}
_DEVICE_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}


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


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string"},
            "group": {"type": "string", "description": "hex id of the refused group"},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string"}},
    },
    "Enroll": {
        "type": "object",
        "required": ["code", "public_key", "device_id", "proof"],
        "properties": {
            "code": {"type": "string", "maxLength": 100},
            "public_key": {"type": "string", "description": "Ed25519 public key, 64 hex digits"},
            "device_id": _DEVICE_ID,
            "name": {"type": "string", "maxLength": 200},
            "proof": {"type": "string", "description": "hex signature of the code and device id"},
        },
    },
    "Enrolled": {
        "type": "object",
        "required": ["device_id", "token", "cert", "server_public_key", "authority", "role"],
        "properties": {
            "device_id": {"type": "string"},
            "token": {"type": "string", "description": "bearer credential, shown once"},
            "cert": {"type": "string", "description": "hex of the msgpack DeviceCert"},
            "server_public_key": {"type": "string"},
            "authority": {"type": "string"},
            "role": {"type": "string", "enum": list(ROLES)},
        },
    },
    "Push": {
        "type": "object",
        "required": ["groups"],
        "description": "groups: [space, author, key_id, signature (64 B), payload] each",
        "properties": {"groups": {"type": "array", "maxItems": 10_000, "items": {"type": "array"}}},
    },
    "PushAnswer": {
        "type": "object",
        "required": ["acked", "stored"],
        "properties": {
            "acked": {"type": "array", "items": _BIN},
            "stored": _INT64,
            "refused": {
                "type": "array",
                "items": {"type": "array", "description": "[group id, reason]"},
                "description": "groups refused for their content (trust boundary)",
            },
        },
    },
    "Pull": {
        "type": "object",
        "properties": {
            "cursors": {
                "type": "object",
                "maxProperties": 10_000,
                "additionalProperties": _INT64,
                "description": "space -> last sequence number seen",
            },
            "max_bytes": {"type": "integer", "minimum": 1, "maximum": MAX_INT64},
            "revocations": {
                **_INT64,
                "description": "last revocation record seen (docs/security.md)",
            },
            "include_own": {
                "type": "boolean",
                "description": "also send this device's own groups (after a restore)",
            },
        },
    },
    "PullAnswer": {
        "type": "object",
        "required": ["groups", "cursors", "certs", "more", "remaining"],
        "properties": {
            "groups": {
                "type": "array",
                "items": {"type": "array", "description": "[space, seq, group]"},
            },
            "cursors": {"type": "object", "additionalProperties": _INT64},
            "certs": {"type": "array", "items": {"type": "array"}},
            "more": {"type": "boolean"},
            "remaining": _INT64,
            "revocations": {"type": "array", "items": _BIN, "description": "signed records"},
            "revocations_seq": _INT64,
        },
    },
    "Certs": {
        "type": "object",
        "required": ["certs"],
        "properties": {
            "certs": {
                "type": "array",
                "items": {
                    "type": "array",
                    "description": "[device_id, authority, role, public_key, issued_at, signature]",
                },
            }
        },
    },
    "KeyState": {
        "type": "object",
        "required": ["version", "current", "key_ids", "escrow_generation", "rotation_needed"],
        "properties": {
            "version": _INT64,
            "current": {"type": "string"},
            "key_ids": {"type": "array", "items": _KEY_ID},
            "escrow_generation": _INT64,
            "rotation_needed": {"type": "boolean"},
            "escrow": {**_BIN, "nullable": True},
            "grant": {**_BIN, "nullable": True},
            "holders": {
                "type": "array",
                "items": {"type": "array", "description": "[device_id, cert, key_id, proof]"},
            },
            "may_change_keys": {"type": "boolean"},
        },
    },
    "Publish": {
        "type": "object",
        "required": ["base_version", "current", "key_ids", "escrow_generation"],
        "properties": {
            "base_version": _INT64,
            "current": _KEY_ID,
            "key_ids": {"type": "array", "minItems": 1, "maxItems": 10_000, "items": _KEY_ID},
            "escrow_generation": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
            "escrow": {**_BIN, "nullable": True},
            "grants": {"type": "object", "maxProperties": 1000, "additionalProperties": _BIN},
            "proof": _BIN,
        },
    },
    "Published": {"type": "object", "required": ["version"], "properties": {"version": _INT64}},
    "Holder": {
        "type": "object",
        "required": ["key_id", "proof"],
        "properties": {"key_id": _KEY_ID, "proof": {**_BIN, "description": "16-byte MAC"}},
    },
    "Ok": {"type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}},
}


def openapi_spec() -> dict[str, Any]:
    sync_errors = _errors(JSON, 400, 401, 403, 408, 413, 415, 429)
    key_errors = _errors(PACKED, 400, 401, 403, 408, 409, 413, 415, 429)
    return {
        "openapi": "3.0.3",
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
            "schemas": SCHEMAS,
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
                        "200": {
                            "description": "{authorities: [...]}",
                            "content": {JSON: {"schema": {"type": "object"}}},
                        },
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
                    "requestBody": _request(PACKED, "Publish"),
                    "responses": {"200": _body(PACKED, "Published", "new version"), **key_errors},
                },
            },
            "/keys/holder": {
                "post": {
                    "operationId": "keyHolder",
                    "summary": "register this device as holder of a key (a MAC only holders check)",
                    "requestBody": _request(PACKED, "Holder"),
                    "responses": {"200": _body(PACKED, "Ok", "registered"), **key_errors},
                },
            },
        },
    }
