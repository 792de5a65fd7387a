"""Adversarial benchmark: the worst request per endpoint over HTTP, at 4000 characters of odd text.

Starts `mus-coach serve` (the real server with its HTTP limits, h11, worker pool; rules engine,
default e5 + BM25 index, default rate limit 120/minute, one `coach` key) on a loopback port with a
fresh data directory. One client then sends every shape below to every endpoint at its rate
limit (one request each 0.5 s), while a probe asks `GET /healthz` every 50 ms. Prints the worst
request per endpoint (and its shape) against the budgets of issue 18, and `/healthz`'s latency
while that runs. Exits 1 when a budget is missed, so it can gate a change.

    python benchmarks/adversarial.py                 # every shape, every endpoint (~2 minutes)
    python benchmarks/adversarial.py --json out.json
    python benchmarks/adversarial.py --rate 10       # faster than the default rate limit

Loopback only: this measures the service, it is not a load tool.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = 4000


def _fill(unit: str) -> str:
    return (unit * (SIZE // max(1, len(unit)) + 1))[:SIZE]


# The shapes the red-team pass found slow (issue 18), then our own.
SHAPES: dict[str, str] = {
    "question marks": _fill("?"),
    "altid + newline": _fill("altid\n"),
    "empty quotes": _fill('""'),
    "a + apostrophe": _fill("a’"),
    "a + hyphen": _fill("a-"),
    "1 + comma": _fill("1,"),
    "emoji ZWJ family": _fill("👩‍👩‍👧‍👦"),
    "combining marks": _fill("a\u0301\u0302\u0308"),
    "one long word": _fill("x"),
    # ours
    "person words": _fill("du er altid doven og ligeglad, "),
    "judging english": _fill("you never listen and you always seem unmotivated. "),
    "realistic danish": _fill("Til mødet i tirsdags afbrød du Mette to gange, så hun ikke fik "
                              "fremlagt sit forslag, og det gik ud over teamets plan. "),
    "many short words": _fill("a "),
    "line separators": _fill("hej\u2028du\u2029"),
    "placeholders": _fill("[PERSON_1] [hvornår?] "),
    "markup": _fill("<script>alert(1)</script><b>x</b>"),
    "digits and dates": _fill("12.03.2024 kl. 14:30, 45 % og 3,5 t; "),
    "cpr and phones": _fill("CPR 010203-1234 tlf. 12 34 56 78 "),
    "urls": _fill("https://intra.example/a?b=c&d=e "),
    "mixed scripts": _fill("Привет مرحبا 你好 שלום "),
    "whitespace runs": _fill(" \t\n\u00a0\u3000x"),
    "bidi controls": _fill("\u202eabc\u202c\u200f"),
    "surrogate-range emoji": _fill("🧑🏽‍💻🏳️‍🌈"),
    "repeated goal words": _fill("inden for 3 måneder skal jeg blive bedre til "),
}


def _bodies(text: str) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        "feedback/analyze": ("POST", "/v1/feedback/analyze", {"text": text}),
        "goals/check": ("POST", "/v1/goals/check", {"goal": text, "today": "2026-01-15"}),
        "guidance/search": ("GET", "/v1/guidance/search", {"q": text, "k": 5}),
        "feedback/rephrase": ("POST", "/v1/feedback/rephrase", {"text": text}),
        "prep/questions": ("POST", "/v1/prep/questions", {"role": "manager", "context": text}),
    }


BUDGET_MS = {"feedback/analyze": 200, "goals/check": 200, "guidance/search": 1000,
             "feedback/rephrase": 1000, "prep/questions": 1000}
HEALTHZ_BUDGET_MS = 50


@dataclass
class Worst:
    """The slowest request seen for one endpoint."""

    endpoint: str
    budget_ms: float
    worst_ms: float = 0.0
    worst_shape: str = ""
    median_ms: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    times: list[float] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        """Within budget, and no 5xx."""
        return self.worst_ms <= self.budget_ms and not any(
            s.startswith("5") for s in self.statuses)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def start_server(workdir: Path, key: str, embedding: str) -> tuple[subprocess.Popen[bytes], str]:
    """`mus-coach serve` on a free loopback port; waits until ready."""
    from coach.apikeys import hash_key

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update(COACH_DATA_DIR=str(workdir / "data"), COACH_EMBEDDING=embedding,
               COACH_LOG_LEVEL="WARNING", COACH_API_KEY_HASHES=f"coach:{hash_key(key)}")
    log = (workdir / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-c", "from cli.app import main; main()", "serve",
                             "--host", "127.0.0.1", "--port", str(port)],
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


async def _probe(url: str, stop: asyncio.Event, out: list[float]) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        while not stop.is_set():
            start = time.perf_counter()
            r = await client.get("/healthz")
            out.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200
            await asyncio.sleep(0.05)


async def run(url: str, key: str, rate: float, shapes: dict[str, str],
              endpoints: list[str]) -> tuple[dict[str, Worst], list[float]]:
    """Send every shape to every endpoint at `rate` requests per second; probe /healthz."""
    worst = {name: Worst(name, BUDGET_MS[name]) for name in endpoints}
    healthz: list[float] = []
    stop = asyncio.Event()
    probe = asyncio.create_task(_probe(url, stop, healthz))
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as client:
        # Warm-up (first search loads the model pages, first rephrase the templates).
        for method, path, body in _bodies("Du kom for sent til mødet.").values():
            await _send(client, method, path, body)
        healthz.clear()
        for shape, text in shapes.items():
            for name, (method, path, body) in _bodies(text).items():
                if name not in worst:
                    continue
                started = time.perf_counter()
                status = await _send(client, method, path, body)
                ms = (time.perf_counter() - started) * 1000
                w = worst[name]
                w.times.append(ms)
                w.statuses[str(status)] = w.statuses.get(str(status), 0) + 1
                if ms > w.worst_ms:
                    w.worst_ms, w.worst_shape = ms, shape
                await asyncio.sleep(max(0.0, 1 / rate - ms / 1000))
    stop.set()
    await probe
    for w in worst.values():
        w.median_ms = statistics.median(w.times) if w.times else 0.0
    return worst, healthz


async def _send(client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any]) -> int:
    if method == "GET":
        r = await client.get(path, params=body)
    else:
        r = await client.post(path, json=body)
    return r.status_code


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main() -> int:
    """Run the benchmark; 1 when a budget is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="A running service (loopback only) instead of a new one.")
    parser.add_argument("--key", default="", help="Its API key (with --url).")
    parser.add_argument("--rate", type=float, default=2.0,
                        help="Requests per second (default 2 = the default 120/minute).")
    parser.add_argument("--embedding", default="e5", choices=["e5", "bm25"])
    parser.add_argument("--shape", action="append", help="Only these shapes (repeatable).")
    parser.add_argument("--endpoint", action="append", help="Only these endpoints (repeatable).")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()
    shapes = {k: v for k, v in SHAPES.items() if not args.shape or k in args.shape}
    endpoints = [e for e in BUDGET_MS if not args.endpoint or e in args.endpoint]
    proc = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.url:
            host = httpx.URL(args.url).host
            if host not in ("127.0.0.1", "localhost", "::1"):
                raise SystemExit("loopback addresses only")
            url, key = args.url, args.key
        else:
            key = "mcoach_adversarial_benchmark_key_0123456789"
            proc, url = start_server(Path(tmp), key, args.embedding)
        try:
            worst, healthz = asyncio.run(run(url, key, args.rate, shapes, endpoints))
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    print(f"{len(shapes)} shapes x {len(endpoints)} endpoints, {SIZE} characters each, "
          f"{args.rate:g} requests/s")
    print(f"{'endpoint':<20}{'median ms':>10}{'worst ms':>10}{'budget':>8}  {'ok':<4}"
          f"{'statuses':<18}worst shape")
    for w in worst.values():
        statuses = ",".join(f"{k}x{v}" for k, v in sorted(w.statuses.items()))
        print(f"{w.endpoint:<20}{w.median_ms:>10.0f}{w.worst_ms:>10.0f}{w.budget_ms:>8.0f}  "
              f"{'yes' if w.ok else 'NO':<4}{statuses:<18}{w.worst_shape}")
    h50, h99, hmax = _pct(healthz, 0.5), _pct(healthz, 0.99), max(healthz, default=0.0)
    h_ok = hmax <= HEALTHZ_BUDGET_MS
    print(f"{'healthz':<20}{h50:>10.1f}{hmax:>10.1f}{HEALTHZ_BUDGET_MS:>8}  "
          f"{'yes' if h_ok else 'NO':<4}p99 {h99:.1f} ms over {len(healthz)} probes")
    if args.json:
        args.json.write_text(json.dumps({
            "endpoints": [{k: v for k, v in asdict(w).items() if k != "times"}
                          for w in worst.values()],
            "healthz": {"p50_ms": h50, "p99_ms": h99, "max_ms": hmax, "probes": len(healthz)},
        }, indent=2))
    return 0 if h_ok and all(w.ok for w in worst.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
