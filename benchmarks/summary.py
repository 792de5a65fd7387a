"""MUS summary benchmark: 20,000 characters of notes (the contract's maximum) answered by the
rules engine, through `Coach.summarize_mus` (reading, goal checks, plan, referat), p50/p99.

    .venv/bin/python benchmarks/summary.py [--runs 20] [--budget 1.0]

The notes are the dev set's (`evals/datasets/summary.jsonl`) in one language, each set shifted
by a few days so dates differ, joined until 20,000 characters: a long referat with many goals,
to-dos and meetings. The first call (lexicons, dateparser and simplemma data) is timed apart as
the cold start. The calendar (.ics) of the same answer is timed too. Wall time and CPU time
are both reported: on a machine shared with other work the wall time also counts the waiting,
the CPU time only the work. Exit 1 when the CPU p50 exceeds the budget.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "datasets" / "summary.jsonl"
sys.path.insert(0, str(ROOT))

from coach.limits import MAX_NOTES  # noqa: E402
from coach.service import Coach  # noqa: E402
from coach.settings import get_settings  # noqa: E402
from coach.summary import to_ics  # noqa: E402


def notes(language: str, size: int = MAX_NOTES) -> str:
    """Dev notes of `language` joined (blank line between sets) until `size` characters."""
    rows = [json.loads(line) for line in DATASET.read_text("utf-8").splitlines() if line]
    parts = [r["notes"] for r in rows if r["language"] == language]
    out, i = "", 0
    while len(out) < size:
        out += parts[i % len(parts)] + "\n\n"
        i += 1
    return out[:size]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    return float(np.percentile(values, q, method="inverted_cdf"))


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Timed runs per language.")
    parser.add_argument("--budget", type=float, default=1.0, help="Seconds allowed at p50.")
    args = parser.parse_args()
    coach = Coach(settings=get_settings())  # rules engine, no index: the summary alone

    def once(text: str, day: date) -> tuple[float, float, float, object]:
        start, cpu = time.perf_counter(), time.process_time()
        result = asyncio.run(coach.summarize_mus(text, meeting_date=day))
        middle, cpu_used = time.perf_counter(), time.process_time() - cpu
        to_ics(result)
        return middle - start, cpu_used, time.perf_counter() - middle, result

    rows = []
    slow = False
    for language in ("da", "en"):
        text = notes(language)
        cold, _, _, _ = once(text, date(2026, 3, 10))
        timings, cpus, calendars = [], [], []
        result = None
        for n in range(args.runs):
            took, cpu, ics, result = once(text, date(2026, 3, 10 + n % 18))
            timings.append(took)
            cpus.append(cpu)
            calendars.append(ics)
        p50, p99, cpu50 = percentile(timings, 50), percentile(timings, 99), percentile(cpus, 50)
        slow = slow or cpu50 > args.budget
        counts = (len(result.goals), len(result.actions), len(result.follow_up))  # type: ignore
        rows.append(f"| {language} | {len(text):,} | {counts[0]} / {counts[1]} / {counts[2]} | "
                    f"{cold:.2f} | {p50 * 1000:.0f} | {p99 * 1000:.0f} | {cpu50 * 1000:.0f} | "
                    f"{percentile(calendars, 50) * 1000:.0f} |")
    print(f"MUS summary, rules engine, {args.runs} runs per language (budget: CPU p50 "
          f"{args.budget:.1f} s)\n")
    print("| notes | characters | goals / to-dos / follow-ups | cold start s | p50 ms | "
          "p99 ms | CPU p50 ms | .ics p50 ms |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
