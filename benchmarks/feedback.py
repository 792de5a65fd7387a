"""Feedback analyzer benchmark: analyze latency p50/p99 on 1,000 statements (and rephrase).

    .venv/bin/python benchmarks/feedback.py [--n 1000] [--rephrase] [--cost 150]

Statements are the eval set's (`evals/datasets/feedback.jsonl`), cycled and, after the first
pass, joined in pairs so most inputs are new texts rather than repeats of a cached one. The
first calls (lexicon compile, simplemma's da/en data) are timed separately as the cold start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "datasets" / "feedback.jsonl"
sys.path.insert(0, str(ROOT))

from coach.feedback import FeedbackAnalyzer, load_lexicon  # noqa: E402


def statements(n: int) -> list[tuple[str, str]]:
    """`n` (text, language) pairs: the eval set first, then pairs of same-language rows."""
    rows = [json.loads(line) for line in DATASET.read_text("utf-8").splitlines() if line]
    out = [(r["text"], r["language"]) for r in rows]
    i = 0
    while len(out) < n:
        a, b = rows[i % len(rows)], rows[(i * 7 + 3) % len(rows)]
        if a["language"] == b["language"]:
            out.append((f"{a['text']} {b['text']}", a["language"]))
        i += 1
    return out[:n]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank (numpy's inverted-CDF method)."""
    return float(np.percentile(values, q, method="inverted_cdf"))


def side_by_side(analyzer: FeedbackAnalyzer, items: list[tuple[str, str]]) -> None:
    """Print p50/p90 of analyze (learned + rules, rules alone), one e5 query, one search."""
    import tempfile

    from coach.feedback.learned import e5_embed
    from coach.knowledge.embeddings import clear_cache
    from coach.knowledge.search import Retriever
    from coach.settings import get_settings

    rules = FeedbackAnalyzer(analyzer.lexicon, detector=None)
    embed = e5_embed()
    with tempfile.TemporaryDirectory() as tmp:
        retriever = Retriever(get_settings(data_dir=Path(tmp), index_name="bench-feedback"))
        retriever.search("warm-up", 5)
        runs = {
            "analyze (rules + learned)": lambda text, lang: analyzer.analyze(text, lang),
            "analyze (rules only)": lambda text, lang: rules.analyze(text, lang),
            "one e5 query embedding": lambda text, lang: embed([text]),
            "one guidance search": lambda text, lang: retriever.search(text, 5),
        }
        times: dict[str, list[float]] = {label: [] for label in runs}
        for text, lang in items:
            for label, run in runs.items():
                clear_cache()
                t0 = time.perf_counter()
                run(text, lang)
                times[label].append((time.perf_counter() - t0) * 1000)
    chars = statistics.mean(len(t) for t, _ in items)
    print(f"\n| cost, {len(items)} statements <= 300 chars (mean {chars:.0f}) | p50 ms | p90 ms |")
    print("|---|---|---|")
    for label, values in times.items():
        print(f"| {label} | {percentile(values, 50):.1f} | {percentile(values, 90):.1f} |")


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="Statements to analyze.")
    parser.add_argument("--rephrase", action="store_true", help="Also time the rules rephraser.")
    parser.add_argument("--cost", type=int, default=0, metavar="N",
                        help="Also compare with one guidance search on N short statements.")
    args = parser.parse_args()

    start = time.perf_counter()
    analyzer = FeedbackAnalyzer(load_lexicon())
    analyzer.analyze("Du er doven.", "da")
    analyzer.analyze("You're lazy.", "en")  # simplemma loads each language's data on first use
    cold = (time.perf_counter() - start) * 1000

    items = statements(args.n)
    times: list[float] = []
    flagged = 0
    for text, lang in items:
        t0 = time.perf_counter()
        flagged += analyzer.analyze(text, lang).person_directed
        times.append((time.perf_counter() - t0) * 1000)
    chars = statistics.mean(len(t) for t, _ in items)
    print(f"| analyze ({len(items)} statements, mean {chars:.0f} chars) | ms |")
    print("|---|---|")
    print(f"| cold start (load + first call) | {cold:.1f} |")
    print(f"| p50 | {percentile(times, 50):.2f} |")
    print(f"| p99 | {percentile(times, 99):.2f} |")
    print(f"| max | {max(times):.2f} |")
    print(f"| throughput | {len(times) / (sum(times) / 1000):.0f} statements/s |")
    print(f"\n{flagged} of {len(items)} statements person-directed.")

    if args.cost:
        side_by_side(analyzer, [(t, lang) for t, lang in items if len(t) <= 300][:args.cost])

    if args.rephrase:
        from coach.feedback import rephrase

        rtimes: list[float] = []
        for text, lang in items[:200]:
            t0 = time.perf_counter()
            asyncio.run(rephrase(text, language=lang, analyzer=analyzer))
            rtimes.append((time.perf_counter() - t0) * 1000)
        print(f"\nrephrase (rules, {len(rtimes)} statements): p50 {percentile(rtimes, 50):.2f} "
              f"ms, p99 {percentile(rtimes, 99):.2f} ms")


if __name__ == "__main__":
    main()
