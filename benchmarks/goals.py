"""SMART goal check benchmark: rules-engine check latency p50/p99 over 1,000 goals.

    .venv/bin/python benchmarks/goals.py [--n 1000] [--no-cache]

Goals are the eval set's (`evals/datasets/goals.jsonl`), cycled and, after the first pass,
joined in same-language pairs with a shifted `today`, so most inputs are new texts. The first
calls (lexicon compile, dateparser and simplemma data) are timed separately as the cold start.
`--no-cache` clears the dateparser cache before every check (the worst case for a new date).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "datasets" / "goals.jsonl"
sys.path.insert(0, str(ROOT))

from coach.goals import check_rules  # noqa: E402
from coach.goals.deadlines.scan import _dateparse  # noqa: E402


def goals(n: int) -> list[tuple[str, str, str | None, date]]:
    """`n` (goal, language, context, today) tuples: the eval set, then joined pairs."""
    rows = [json.loads(line) for line in DATASET.read_text("utf-8").splitlines() if line]
    out = [(r["goal"], r["language"], r.get("context"), date.fromisoformat(r["today"]))
           for r in rows]
    i = 0
    while len(out) < n:
        a, b = rows[i % len(rows)], rows[(i * 7 + 3) % len(rows)]
        if a["language"] == b["language"]:
            today = date.fromisoformat(a["today"]) + timedelta(days=i % 90)
            out.append((f"{a['goal']} {b['goal']}", a["language"], a.get("context"), today))
        i += 1
    return out[:n]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank (numpy's inverted-CDF method)."""
    return float(np.percentile(values, q, method="inverted_cdf"))


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="Goals to check.")
    parser.add_argument("--no-cache", action="store_true",
                        help="Clear the dateparser cache before every check.")
    args = parser.parse_args()

    start = time.perf_counter()
    check_rules("Holde tre workshops inden 30. juni.", language="da", today=date(2026, 3, 10))
    check_rules("Run two workshops by 1 September.", language="en", today=date(2026, 3, 10))
    cold = (time.perf_counter() - start) * 1000

    items = goals(args.n)
    times: list[float] = []
    smart = 0
    for goal, language, context, today in items:
        if args.no_cache:
            _dateparse.cache_clear()
        t0 = time.perf_counter()
        smart += check_rules(goal, context=context, language=language, today=today).is_smart
        times.append((time.perf_counter() - t0) * 1000)
    chars = statistics.mean(len(g) for g, *_ in items)
    label = "no dateparser cache" if args.no_cache else "warm caches"
    print(f"| goal check, rules ({len(items)} goals, mean {chars:.0f} chars, {label}) | ms |")
    print("|---|---|")
    print(f"| cold start (load + first two checks) | {cold:.1f} |")
    print(f"| p50 | {percentile(times, 50):.2f} |")
    print(f"| p99 | {percentile(times, 99):.2f} |")
    print(f"| mean | {statistics.mean(times):.2f} |")
    print(f"| max | {max(times):.2f} |")
    print(f"\n{smart} of {len(items)} goals were SMART.")


if __name__ == "__main__":
    main()
