"""The sync protocol in process: every answer decodes into its contract
(`shared.contracts`), and every refusal is one `Error` line that leaves nothing stored."""

from __future__ import annotations

import zlib

from shared import contracts
from shared.contracts.keys import KeyPublish, KeyPublished, KeyState
from shared.contracts.sync import Certs, Error, Pull, PullAnswer, Push, PushAnswer
from shared.envelope import SignedGroup
from shared.wire import pack


async def test_a_push_is_pulled_back_by_another_device_of_the_authority(client, enroll, storage):
    writer, reader = await enroll(), await enroll()
    groups = [writer.group() for _ in range(3)]
    pushed = await client.post(
        "/v1/push",
        content=contracts.encode(Push([g.to_wire() for g in groups])),
        headers=writer.headers,
    )
    assert pushed.status_code == 200
    answer = contracts.decode(pushed.content, PushAnswer, "push answer")
    assert set(answer.acked) == {g.group_id for g in groups} and answer.stored == 3
    # The pull answer is spliced from stored bytes: it must still be a PullAnswer.
    pulled = await client.post("/v1/pull", content=contracts.encode(Pull()), headers=reader.headers)
    batch = contracts.decode(pulled.content, PullAnswer, "pull answer")
    assert [SignedGroup.from_wire(wire) for _, _, wire in batch.groups] == groups
    assert [seq for _, seq, _ in batch.groups] == [1, 2, 3]
    assert batch.cursors["authority/SN-CA"] == 3 and not batch.more
    assert {cert[0] for cert in batch.certs} == {writer.enrolled.device_id}
    certs = await client.get("/v1/certs", headers=reader.headers)
    assert writer.enrolled.device_id in {
        c[0] for c in contracts.decode(certs.content, Certs, "certs").certs
    }


async def test_malformed_bodies_get_one_line_and_store_nothing(client, enroll, storage):
    device = await enroll()
    before = storage.counts()
    cases = {
        "/v1/push": [
            (pack([1, 2, 3]), "a push is malformed: Expected `map`, got `array`"),
            (pack({"groups": [["directory", "x"]]}), "Expected `array` of length 5"),
            (pack({"groups": [[1] * 5] * 10_001}), "of length at most 10000"),
            (zlib.compress(b"\xc1"), "not valid msgpack"),
        ],
        "/v1/pull": [
            (pack({"cursors": {"authority/SN-CA": -1}}), "at `$.cursors[...]`"),
            (pack({"cursors": {"nowhere": 1}}), "unknown space 'nowhere' in cursors"),
            (pack({"max_bytes": 2**64 - 1}), "at `$.max_bytes`"),
            (pack({"include_own": 1}), "Expected `bool`, got `int`"),
        ],
    }
    for path, bodies in cases.items():
        for body, words in bodies:
            answer = await client.post(path, content=body, headers=device.headers)
            assert answer.status_code == 400, (path, words)
            error = contracts.convert(answer.json(), Error, "error")
            assert words in error.error and "\n" not in error.error, error.error
    assert storage.counts() == before


async def test_key_routes_answer_packed_even_when_they_refuse(client, enroll, storage):
    device = await enroll("GH-CA", role="admin")
    state = await client.get("/keys/state", headers=device.headers)
    assert contracts.decode(state.content, KeyState, "state").version == 0
    publish = KeyPublish(base_version=0, current="00" * 8, key_ids=["00" * 8], escrow_generation=0)
    done = await client.post(
        "/keys/publish", content=contracts.encode(publish), headers=device.headers
    )
    assert contracts.decode(done.content, KeyPublished, "published").version == 1
    refusals = [
        ({**device.headers, "Content-Type": "text/plain"}, b"x", 415, "body must be"),
        ({"Content-Type": device.headers["Content-Type"]}, b"", 401, "credential"),
        (device.headers, pack({"base_version": 1, "current": "00" * 8}), 400, "`key_ids`"),
        (device.headers, contracts.encode(publish), 409, "changed meanwhile"),
    ]
    for headers, body, status, words in refusals:
        answer = await client.post("/keys/publish", content=body, headers=headers)
        assert answer.status_code == status, (status, answer.content)
        assert answer.headers["content-type"] == "application/x-entraide"
        assert words in contracts.decode(answer.content, Error, "error").error


async def test_a_device_id_must_match_whole(client, enroll, storage):
    await enroll()  # the authority exists
    answer = await client.post(
        "/v1/enroll",
        json={"code": "AAAA", "device_id": "laptop\n", "public_key": "00" * 32, "proof": ""},
    )
    assert answer.status_code == 400
    assert "'device_id' must be 1 to 64 letters" in answer.json()["error"]
