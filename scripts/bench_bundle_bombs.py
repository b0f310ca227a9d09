"""Bundles built to exhaust memory: the importing process's peak memory, per bomb.

Each bomb is a small file whose frame inflates to just under 64 MiB of empty
msgpack maps (several GiB of Python objects if it were unpacked). Each is
imported by `entraide bundle import` in its own process; the figure is that
process's peak resident memory (ru_maxrss), next to a genuine bundle's.

    .venv/bin/python scripts/bench_bundle_bombs.py
"""

from __future__ import annotations

import os
import resource
import secrets
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nacl.signing import SigningKey  # noqa: E402

from client.bundles import export_bundle  # noqa: E402
from client.bundles import format as fmt  # noqa: E402
from client.cases import create_case  # noqa: E402
from client.identity import load_identity, save_enrollment  # noqa: E402
from client.paths import DATA_DIR_ENV, store_path  # noqa: E402
from client.store import Store  # noqa: E402
from shared.envelope import DeviceCert  # noqa: E402

ITEMS = 64 * 1024 * 1024 - 1024
PROBE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "print(done.stderr.strip())\n"
)


def enrolled(path: Path, key: SigningKey) -> Store:
    store = Store(path)
    identity = load_identity(store)
    cert = DeviceCert(store.device_id, "SN-CA", "officer", identity.public_key, "2026-01-01")
    save_enrollment(store, cert.signed_by(key), bytes(key.verify_key), "http://127.0.0.1:1", "t")
    return store


def deflated_maps(items: int) -> bytes:
    deflater = zlib.compressobj(9)
    parts = [deflater.compress(b"\xdd" + items.to_bytes(4, "big"))]
    block = b"\x80" * (1024 * 1024)
    parts += [deflater.compress(block) for _ in range(items // len(block))]
    parts += [deflater.compress(b"\x80" * (items % len(block))), deflater.flush()]
    return b"".join(parts)


def write(path: Path, frames: list[tuple[bytes, bytes]], signer: Store | None) -> Path:
    with open(path, "wb") as out:
        writer = fmt.FrameWriter(out)
        for kind, payload in frames:
            writer.frame(kind, payload)
        if signer is None:
            out.write(fmt.FRAME.pack(fmt.SIGNATURE, 64) + secrets.token_bytes(64))
        else:
            writer.finish(load_identity(signer).signing_key)
    return path


def peak(bundle: Path, data_dir: Path) -> tuple[float, str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, sys.executable, "-m", "client.cli.main"]
        + ["bundle", "import", "--no-ack", str(bundle)],
        capture_output=True,
        text=True,
        env={**os.environ, DATA_DIR_ENV: str(data_dir)},
    )
    kib, _, message = out.stdout.partition("\n")
    return int(kib) / 1024, message.strip()


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="entraide-bombs-"))
    key = SigningKey.generate()
    exporter = enrolled(root / "exporter.sqlite", key)
    data_dir = root / "importer"
    data_dir.mkdir()
    enrolled(store_path(data_dir), key).close()
    create_case(exporter, {"direction": "incoming", "kind": "mla", "title": "Entraide"})
    genuine = export_bundle(exporter, root / "genuine.bundle").path
    reader = fmt.FrameReader(open(genuine, "rb"))  # noqa: SIM115 - a short script
    manifest, certs, *_ = list(reader.frames())
    bomb = deflated_maps(ITEMS)
    cases = {
        "genuine bundle": genuine,
        "unsigned, manifest bomb": write(
            root / "m.bundle", [(fmt.MANIFEST, bomb), (fmt.CERTS, certs.payload)], None
        ),
        "certificate list bomb": write(
            root / "c.bundle", [(fmt.MANIFEST, manifest.payload), (fmt.CERTS, bomb)], None
        ),
        "signed by a device, manifest bomb": write(
            root / "s.bundle", [(fmt.MANIFEST, bomb), (fmt.CERTS, certs.payload)], exporter
        ),
        "signed by a device, groups bomb": write(
            root / "g.bundle",
            [(fmt.MANIFEST, manifest.payload), (fmt.CERTS, certs.payload), (fmt.GROUPS, bomb)],
            exporter,
        ),
    }
    print(f"bomb frame: {len(bomb):,} bytes deflated, {ITEMS + 5:,} inflated")
    print(f"{'bundle':<36} {'file':>10} {'peak':>9}  message")
    for name, path in cases.items():
        mib, message = peak(path, data_dir)
        print(f"{name:<36} {path.stat().st_size:>10,} {mib:>6.0f} MiB  {message[:90]}")
    this = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this script: {this:.0f} MiB)")


if __name__ == "__main__":
    main()
