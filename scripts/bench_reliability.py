"""Server limits under attack, measured on a real server process on loopback.

    python scripts/bench_reliability.py [--slow 1000] [--open-files 1024]

1. Body bombs: each against a fresh server, its peak resident memory (VmHWM from
   /proc) after the bomb, and the status it answered.
2. Slow clients: `--slow` connections that send half a request head and stop,
   against a server whose open-files limit is `--open-files`; then /health
   latency (20 requests), how many slow connections the server still holds,
   and the size of its log.

Linux only (reads /proc). Prints figures; docs/reliability.md quotes them.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_http import (  # noqa: E402
    MIB,
    close_all,
    msgpack_deep_bomb,
    msgpack_map_bomb,
    msgpack_nested_bomb,
    nested_json,
    open_slow_connections,
    still_open,
    stream_until_answered,
)
from serverproc import ServerProcess, enrolled_store  # noqa: E402

CT = "application/x-entraide"


def _fresh(directory: Path, name: str, **options) -> tuple[ServerProcess, dict[str, str]]:
    server = ServerProcess(directory / f"{name}.sqlite", **options).start()
    store = enrolled_store(directory / f"{name}-device.sqlite", server, "BENCH")
    headers = {"Authorization": f"Bearer {store.get_meta('device_token')}", "Content-Type": CT}
    store.close()
    return server, headers


def bombs(directory: Path) -> None:
    print("== body bombs (a fresh server each; peak RSS = VmHWM after the bomb) ==")
    cases = [
        ("msgpack: 32 M empty maps in one array", "/v1/push", msgpack_map_bomb()),
        ("msgpack: 500 arrays of 60,000 empty maps", "/v1/push", msgpack_nested_bomb()),
        ("msgpack: 1 M nested arrays", "/v1/pull", msgpack_deep_bomb()),
        ("msgpack map bomb to /keys/publish", "/keys/publish", msgpack_map_bomb()),
    ]
    for label, path, body in cases:
        server, headers = _fresh(directory, f"bomb{len(label)}")
        idle = server.peak_rss_kib()
        answer = httpx.post(server.url + path, content=body, headers=headers, timeout=120)
        print(
            f"{label:45} {len(body) / 1024:7.1f} KiB sent  -> {answer.status_code}  "
            f"peak {server.peak_rss_kib() / 1024:6.1f} MiB (idle {idle / 1024:.1f} MiB)"
        )
        server.close()
    server, headers = _fresh(directory, "json")
    answer = httpx.post(
        server.url + "/v1/enroll",
        content=nested_json(),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    print(
        f"{'JSON: 8,000 nested lists to /v1/enroll':45} {len(nested_json()) / 1024:7.1f} KiB sent"
        f"  -> {answer.status_code}  peak {server.peak_rss_kib() / 1024:6.1f} MiB"
    )
    server.close()
    server, headers = _fresh(directory, "stream")
    status, sent = stream_until_answered(server.port, "/keys/publish", headers, 1024 * MIB)
    print(
        f"{'endless body to /keys/publish (1 GiB max)':45} {sent / MIB:7.1f} MiB sent  -> "
        f"{status}  peak {server.peak_rss_kib() / 1024:6.1f} MiB"
    )
    server.close()


def slow_clients(directory: Path, count: int, open_files: int) -> None:
    print(f"== {count} slow connections, server open-files limit {open_files} ==")
    server = ServerProcess(directory / "slow.sqlite", max_open_files=open_files).start()
    started = time.monotonic()
    slow = open_slow_connections(server.port, count)
    opened = time.monotonic() - started
    latencies = []
    failures = 0
    for _ in range(20):
        began = time.monotonic()
        try:
            ok = httpx.get(server.url + "/health", timeout=10).status_code == 200
        except httpx.HTTPError:
            ok = False
        latencies.append(time.monotonic() - began)
        failures += not ok
        time.sleep(0.05)
    held = still_open(slow)
    print(f"opened {len(slow)} slow connections in {opened:.1f} s; server still holds {held}")
    print(
        f"/health: {20 - failures}/20 answered 200; latency median "
        f"{statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )
    time.sleep(11)  # past the 10 s head timeout
    print(f"after 11 s the server still holds {still_open(slow)} of them")
    close_all(slow)
    log = server.log.read_text(errors="replace")
    print(
        f"server log: {len(log.splitlines())} lines, {len(log)} bytes; "
        f"'Too many open files' {log.count('Too many open files')} times"
    )
    server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=1000)
    parser.add_argument("--open-files", type=int, default=1024)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.slow + 200:  # this process holds the slow sockets itself
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.slow + 500), hard))
    with tempfile.TemporaryDirectory() as tmp:
        bombs(Path(tmp))
        slow_clients(Path(tmp), args.slow, args.open_files)


if __name__ == "__main__":
    main()
