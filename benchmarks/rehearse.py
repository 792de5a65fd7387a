"""Rehearsal benchmark (rules engine): latency of one turn by the length of the history sent.

    .venv/bin/python benchmarks/rehearse.py [--n 200]

Each request re-reads every earlier manager line with the analyzer (nothing is kept between
requests), so the cost grows with the history: timed for a first line, for ten earlier turns of
the eval's conversations, and for the contract's worst case of 20 turns of 4,000 characters.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "datasets" / "rehearse.jsonl"
sys.path.insert(0, str(ROOT))

from coach.rehearsal import rehearse  # noqa: E402


def history(lines: list[str], replies: int) -> list[dict[str, str]]:
    """Alternating manager lines and employee replies, `replies` pairs."""
    turns: list[dict[str, str]] = []
    for n in range(replies):
        turns += [{"role": "manager", "text": lines[n % len(lines)]},
                  {"role": "employee", "text": "Okay, det kan jeg godt se."}]
    return turns


async def timed(line: str, turns: list[dict[str, str]], language: str, n: int) -> list[float]:
    out = []
    for i in range(n):
        start = time.perf_counter()
        await rehearse(f"{line} ({i})", history=turns, persona="defensive", language=language)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="Requests per row.")
    args = parser.parse_args()
    rows = [json.loads(x) for x in DATASET.read_text("utf-8").splitlines() if x]
    da = [t["say"] for r in rows if r["language"] == "da" for t in r["turns"]]
    start = time.perf_counter()
    asyncio.run(rehearse("Du er doven.", language="da"))
    cold = (time.perf_counter() - start) * 1000
    long_line = " ".join(da)[:4000]
    cases = {"first line": [], "10 earlier turns": history(da, 5),
             "20 earlier turns": history(da, 10),
             "20 turns of 4,000 chars": history([long_line], 10)}
    print(f"cold start (data files, simplemma): {cold:.0f} ms\n")
    print("| history | p50 ms | p99 ms |\n|---|---:|---:|")
    for name, turns in cases.items():
        ms = asyncio.run(timed(da[0], turns, "da", args.n))
        p50, p99 = (float(np.percentile(ms, q, method="inverted_cdf")) for q in (50, 99))
        print(f"| {name} | {p50:.2f} | {p99:.2f} |")


if __name__ == "__main__":
    main()
