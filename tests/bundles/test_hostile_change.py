"""A validly signed bundle carrying a change that makes Automerge panic: no Rust text, no traceback."""

from __future__ import annotations

from pathlib import Path

from hostile import PANIC_CHANGE

from client.bundles import format as fmt
from client.identity import load_identity
from client.paths import store_path
from shared.changes import pack_changes
from shared.envelope import sign_group

from .conftest import Network


def test_panicking_change_imported_by_the_cli_leaves_stderr_clean(
    network: Network, tmp_path: Path, run_cli
) -> None:
    data_dir = tmp_path / "b-data"
    data_dir.mkdir()
    a = network.enroll("a", "SN-CA")
    b = network.enroll("b", "SN-CA", path=store_path(data_dir))
    b.close()
    network.stores.remove(b)
    identity = load_identity(a)
    assert identity.cert is not None
    # A's own directory entry: a document it may write, in a space sent in clear.
    payload = pack_changes([("SN-CA", PANIC_CHANGE)])
    group = sign_group("directory", identity.device_id, "", payload, identity.signing_key)
    manifest = {
        "format": fmt.VERSION,
        "kind": "bundle",
        "device": identity.device_id,
        "authority": "SN-CA",
        "role": "officer",
        "created": "2026-03-02T10:00:00+00:00",
        "since": None,
        "spaces": {"directory": {"groups": 1, "changes": 1, "bytes": len(payload)}},
        "groups": 1,
        "changes": 1,
    }
    path = tmp_path / "hostile.bundle"
    with open(path, "wb") as out:
        writer = fmt.FrameWriter(out)
        writer.packed(fmt.MANIFEST, manifest)
        writer.packed(fmt.CERTS, [identity.cert.to_wire()])
        writer.packed(fmt.GROUPS, fmt.encode_groups([group]))
        writer.finish(identity.signing_key)

    out = run_cli("bundle", "import", path, "--no-ack", data_dir=data_dir)
    assert "panicked" not in out.stderr and "backtrace" not in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) <= 1, out.stderr
