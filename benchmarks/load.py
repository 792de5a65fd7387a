"""Load benchmark: throughput and latency of the API over loopback, against a no-op ceiling.

Starts the service with uvicorn in a subprocess (temporary data directory, an API key, rate
limit off) or drives one that is already running (`--url`, `--key`), then for each concurrency
sends requests to `GET /v1/ping` (the ceiling: the same middleware stack, no work),
`POST /v1/feedback/analyze`, `POST /v1/goals/check` and `GET /v1/guidance/search`, each for a
bounded time and count. Prints requests/s, p50/p99, the ratio to the ceiling and the server's
CPU time per request (from /proc, when its pid is known); `--soak N`
adds an N-second mixed run that samples the server's RSS every second.

    python benchmarks/load.py                         # 1, 8, 32 concurrent; 8 s per cell
    python benchmarks/load.py --soak 60 --json out.json
    python benchmarks/load.py --url http://127.0.0.1:8000 --key mcoach_…

Only loopback addresses are accepted: this is a benchmark of the service, not a load tool.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FEEDBACK = [
    "Du er altid for sent på den og virker ligeglad med teamet.",
    "You never listen in meetings and you're careless with the reports.",
    "Til mødet i tirsdags afbrød du Mette to gange, så hun ikke fik fremlagt sit forslag.",
    "I noticed the release notes were sent without review twice this month.",
]
GOALS = [
    "Jeg vil bestå Azure-certificeringen AZ-104 inden udgangen af 2. kvartal.",
    "Get better at presenting.",
    "Holde tre workshops for teamet om testautomatisering inden sommerferien.",
    "Reduce the average ticket response time to under 4 hours by Q3.",
]
QUERIES = ["Hvordan giver jeg konstruktiv feedback?", "How do we follow up after the appraisal?",
           "forberedelse til MUS som medarbejder", "stress and workload"]


@dataclass
class Endpoint:
    """One benchmarked operation and a generator of its requests."""

    name: str
    method: str
    path: str
    bodies: Callable[[], Iterator[dict[str, Any]]]


def _cycle(key: str, values: list[str], **extra: Any) -> Callable[[], Iterator[dict[str, Any]]]:
    return lambda: ({key: v, **extra} for v in itertools.cycle(values))


ENDPOINTS = [
    Endpoint("ping (ceiling)", "GET", "/v1/ping", lambda: itertools.repeat({})),
    Endpoint("feedback/analyze", "POST", "/v1/feedback/analyze", _cycle("text", FEEDBACK)),
    Endpoint("goals/check", "POST", "/v1/goals/check", _cycle("goal", GOALS, today="2026-01-15")),
    Endpoint("guidance/search", "GET", "/v1/guidance/search", _cycle("q", QUERIES, k=5)),
]


@dataclass
class Cell:
    """Result of one endpoint at one concurrency."""

    endpoint: str
    concurrency: int
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    ratio: float | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    server_cpu_ms: float | None = None  # server CPU (user + system) per request


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def run_cell(clients: list[httpx.AsyncClient], ep: Endpoint, concurrency: int,
                   seconds: float, max_requests: int) -> Cell:
    """Drive `ep` with `concurrency` workers until `seconds` pass or `max_requests` are sent.

    Each worker has a client (one keep-alive connection) of its own: one httpx pool shared by
    many connections costs the client more CPU per request as concurrency grows, and on a small
    machine the client would then be what is measured.
    """
    bodies = ep.bodies()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors, sent
        while time.perf_counter() < deadline and sent < max_requests:
            sent += 1
            body = next(bodies)
            start = time.perf_counter()
            try:
                if ep.method == "GET":
                    r = await client.get(ep.path, params=body or None)
                else:
                    r = await client.post(ep.path, json=body)
                code = str(r.status_code)
            except httpx.HTTPError as exc:
                code = type(exc).__name__
            latencies.append(time.perf_counter() - start)
            statuses[code] = statuses.get(code, 0) + 1
            if not code.startswith("2"):
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(clients[i]) for i in range(concurrency)))
    elapsed = time.perf_counter() - started
    ms = [v * 1000 for v in latencies]
    return Cell(ep.name, concurrency, len(ms), errors, round(elapsed, 2),
                round(len(ms) / elapsed, 1), round(_percentile(ms, 50), 2),
                round(_percentile(ms, 99), 2), statuses=statuses)


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) `pid` has used so far (Linux /proc), or None."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float | None:
    """Resident memory of `pid` (Linux /proc), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def soak(clients: list[httpx.AsyncClient], seconds: float, concurrency: int,
               pid: int | None) -> dict[str, Any]:
    """Mixed load for `seconds`, sampling the server's RSS every second."""
    samples: list[tuple[float, float]] = []
    start = time.perf_counter()

    async def sample() -> None:
        while time.perf_counter() - start < seconds:
            value = rss_mb(pid) if pid else None
            if value is not None:
                samples.append((round(time.perf_counter() - start, 1), round(value, 1)))
            await asyncio.sleep(1)

    work = [ep for ep in ENDPOINTS[1:]]
    per = max(1, concurrency // len(work))
    cells = await asyncio.gather(sample(), *(
        run_cell(clients[n * per:(n + 1) * per], ep, per, seconds, 10**9)
        for n, ep in enumerate(work)))
    result: dict[str, Any] = {"seconds": seconds, "cells": [asdict(c) for c in cells[1:]],
                              "rss_mb": samples}
    if len(samples) >= 4:
        tenth = max(1, len(samples) // 10)
        first = statistics.mean(v for _, v in samples[:tenth])
        last = statistics.mean(v for _, v in samples[-tenth:])
        result.update(rss_first_mb=round(first, 1), rss_last_mb=round(last, 1),
                      rss_max_mb=max(v for _, v in samples),
                      rss_growth_pct=round((last - first) / first * 100, 1))
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(embedding: str, workdir: Path, key: str) -> tuple[subprocess.Popen[bytes], str]:
    """uvicorn on a free loopback port with a fresh data directory; waits until ready."""
    from coach.apikeys import hash_key

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update(COACH_DATA_DIR=str(workdir / "data"), COACH_EMBEDDING=embedding,
               COACH_RATE_LIMIT="off", COACH_LOG_LEVEL="WARNING",
               COACH_API_KEY_HASHES=f"coach:{hash_key(key)}")
    log = (workdir / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_served_app",
                             "--factory", "--host", "127.0.0.1", "--port", str(port),
                             "--no-access-log"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}; see {workdir}/server.log")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("server did not become ready within 10 minutes")


def print_table(cells: list[Cell]) -> None:
    """Human-readable results."""
    print(f"{'endpoint':<20}{'conc':>5}{'reqs':>8}{'err':>6}{'req/s':>9}{'p50 ms':>9}"
          f"{'p99 ms':>9}{'/ceiling':>10}{'cpu ms':>8}")
    for c in cells:
        ratio = f"{c.ratio:.2f}" if c.ratio is not None else "-"
        cpu = f"{c.server_cpu_ms:.2f}" if c.server_cpu_ms is not None else "-"
        print(f"{c.endpoint:<20}{c.concurrency:>5}{c.requests:>8}{c.errors:>6}{c.rps:>9.1f}"
              f"{c.p50_ms:>9.2f}{c.p99_ms:>9.2f}{ratio:>10}{cpu:>8}")


async def bench(url: str, key: str, args: argparse.Namespace, pid: int | None) -> dict[str, Any]:
    """Every endpoint at every concurrency, then the optional soak."""
    headers = {"Authorization": f"Bearer {key}"}
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(
            httpx.AsyncClient(base_url=url, headers=headers, limits=one, timeout=60))
            for _ in range(max(args.concurrency))]
        for ep in ENDPOINTS:  # warm-up: first calls load lexicons and models
            await run_cell(clients, ep, 2, 2.0, 50)
        cells: list[Cell] = []
        for conc in args.concurrency:
            ceiling: Cell | None = None
            for ep in ENDPOINTS:
                cpu_before = cpu_seconds(pid)
                cell = await run_cell(clients, ep, conc, args.seconds, args.max_requests)
                cpu_after = cpu_seconds(pid)
                if cpu_before is not None and cpu_after is not None and cell.requests:
                    cell.server_cpu_ms = round((cpu_after - cpu_before) * 1000 / cell.requests, 3)
                ceiling = ceiling or cell
                cell.ratio = round(cell.rps / ceiling.rps, 2) if ceiling.rps else None
                cells.append(cell)
                print(f"  {ep.name} @ {conc}: {cell.rps} req/s", file=sys.stderr)
        print_table(cells)
        result: dict[str, Any] = {"url": url, "cells": [asdict(c) for c in cells],
                                  "rss_mb_after": rss_mb(pid) if pid else None}
        if args.soak:
            result["soak"] = await soak(clients, args.soak, max(args.concurrency), pid)
            s = result["soak"]
            print(f"soak {args.soak:.0f} s: RSS {s.get('rss_first_mb')} -> {s.get('rss_last_mb')}"
                  f" MB (max {s.get('rss_max_mb')}, {s.get('rss_growth_pct')} %); errors "
                  f"{sum(c['errors'] for c in s['cells'])} of "
                  f"{sum(c['requests'] for c in s['cells'])}")
    return result


def main() -> None:
    """Parse arguments, start (or reach) the server, run, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="A running service (loopback only); default: start one.")
    parser.add_argument("--key", help="API key for --url (coach scope).")
    parser.add_argument("--pid", type=int, help="Server pid for RSS sampling with --url.")
    parser.add_argument("--embedding", default="e5", choices=["e5", "bm25"])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=8.0, help="Time per cell.")
    parser.add_argument("--max-requests", type=int, default=20000, help="Cap per cell.")
    parser.add_argument("--soak", type=float, default=0.0, help="Mixed run length (s).")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()

    proc = None
    with tempfile.TemporaryDirectory(prefix="mus-coach-load-") as tmp:
        if args.url:
            host = urlparse(args.url).hostname or ""
            if not (host == "localhost" or host.startswith("127.") or host == "::1"):
                raise SystemExit("--url must be a loopback address")
            url, key, pid = args.url.rstrip("/"), args.key or "", args.pid
        else:
            from coach.apikeys import new_key

            key = new_key()
            proc, url = start_server(args.embedding, Path(tmp), key)
            pid = proc.pid
        try:
            result = asyncio.run(bench(url, key, args, pid))
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
