"""The OpenAPI document is generated from the contracts: every message is a component,
every reference resolves, and byte strings are msgpack's, not base64 text."""

from __future__ import annotations

import json

from sync_server.openapi import MESSAGES


async def test_the_document_describes_every_message_and_only_real_ones(client, enroll, storage):
    device = await enroll()
    spec = await client.get(
        "/openapi.json", headers={"Authorization": device.headers["Authorization"]}
    )
    assert spec.status_code == 200
    document = spec.json()
    schemas = document["components"]["schemas"]
    assert {kind.__name__ for kind in MESSAGES} <= set(schemas)
    text = json.dumps(document)
    refs = {part.split('"')[0] for part in text.split('"$ref": "#/components/schemas/')[1:]}
    assert refs <= set(schemas)
    assert "contentEncoding" not in text
    push = schemas["Push"]["properties"]["groups"]
    assert push["maxItems"] == 10_000 and push["items"]["minItems"] == 5
    assert schemas["Pull"]["properties"]["cursors"]["maxProperties"] == 10_000
    assert schemas["KeyPublish"]["properties"]["grants"]["maxProperties"] == 1000
