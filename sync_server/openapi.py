"""The published OpenAPI description of the sync API (hand-written: the bodies are
msgpack+zlib messages, which no schema generator can describe from the code)."""

from __future__ import annotations

from typing import Any

PACKED = "application/x-entraide"
_ERROR = {
    "description": "refused; nothing of the request was stored",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _packed(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PACKED: {"schema": {"type": "string", "format": "binary"}}},
    }


def openapi_spec() -> dict[str, Any]:
    errors = {str(code): _ERROR for code in (400, 401, 403, 413, 415)}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Entraide sync server",
            "version": "1",
            "description": (
                "Enrollment and replication of signed groups of Automerge changes. Packed bodies "
                f"({PACKED}) are msgpack maps compressed with zlib; see docs/sync.md."
            ),
        },
        "components": {
            "securitySchemes": {"device": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string"},
                        "group": {"type": "string", "description": "hex id of the refused group"},
                    },
                    "required": ["error"],
                },
                "Enroll": {
                    "type": "object",
                    "required": ["code", "public_key", "device_id"],
                    "properties": {
                        "code": {"type": "string"},
                        "public_key": {"type": "string", "description": "Ed25519, 64 hex digits"},
                        "device_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
                        "name": {"type": "string", "maxLength": 200},
                    },
                },
                "Enrolled": {
                    "type": "object",
                    "properties": {
                        "device_id": {"type": "string"},
                        "token": {"type": "string", "description": "bearer credential, shown once"},
                        "cert": {"type": "string", "description": "hex of the msgpack DeviceCert"},
                        "server_public_key": {"type": "string"},
                        "authority": {"type": "string"},
                        "role": {"type": "string", "enum": ["officer", "admin", "secretariat"]},
                    },
                },
            },
        },
        "security": [{"device": []}],
        "paths": {
            "/health": {
                "get": {
                    "summary": "liveness (no credential)",
                    "security": [],
                    "responses": {"200": {"description": "ok"}},
                },
            },
            "/openapi.json": {
                "get": {
                    "summary": "this document",
                    "responses": {"200": {"description": "OpenAPI"}},
                },
            },
            "/v1/enroll": {
                "post": {
                    "summary": "spend a one-time enrollment code, register a device key",
                    "security": [],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Enroll"}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "enrolled",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Enrolled"}
                                }
                            },
                        },
                        **errors,
                    },
                },
            },
            "/v1/push": {
                "post": {
                    "summary": "store signed groups in their spaces' logs (idempotent by group id)",
                    "description": "body: {groups: [[space, author, key_id, signature, payload]...]};"
                    " answer: {acked: [group_id...], stored: int}. All or nothing.",
                    "requestBody": {"required": True, "content": {PACKED: {}}},
                    "responses": {"200": _packed("acknowledged group ids"), **errors},
                },
            },
            "/v1/pull": {
                "post": {
                    "summary": "groups after the given per-space cursors, in spaces the device may read",
                    "description": "body: {cursors: {space: seq}, max_bytes: int}; answer: {groups:"
                    " [[space, seq, group]...], cursors: {space: seq}, certs: [...], more: bool}",
                    "requestBody": {"required": True, "content": {PACKED: {}}},
                    "responses": {"200": _packed("a bounded batch"), **errors},
                },
            },
            "/v1/certs": {
                "get": {
                    "summary": "device certificates (all, or ?ids=a,b)",
                    "parameters": [{"name": "ids", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": _packed("{certs: [...]}"), **errors},
                },
            },
            "/v1/monitor": {
                "get": {
                    "summary": "sync monitor (secretariat devices only): per authority its"
                    " devices, last sync, last data received by any route, groups pending",
                    "responses": {
                        "200": {
                            "description": "{authorities: [...]}",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        **errors,
                    },
                },
            },
        },
    }
