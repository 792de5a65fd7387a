"""Retrieval benchmark: ranking quality per mode and language, build time, latency and memory.

    .venv/bin/python benchmarks/retrieval.py [--chroma-url URL] [--repeat 3]

Builds the index from the built-in knowledge into a fresh temporary data directory (a cold
start), opens it again (a warm start), runs every query of `evals/datasets/retrieval.jsonl` and
prints Markdown tables for docs/retrieval.md. `evaluate()` is also used by
tests/coach/knowledge/test_search.py.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "datasets" / "retrieval.jsonl"
sys.path.insert(0, str(ROOT))

from coach.knowledge.embeddings import clear_cache  # noqa: E402
from coach.knowledge.search import Retriever  # noqa: E402
from coach.settings import get_settings  # noqa: E402


def load_dataset(path: Path = DATASET) -> list[dict[str, Any]]:
    """The retrieval queries: `{"id", "query", "language", "expected_topics"}` per line."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def evaluate(retriever: Retriever, rows: list[dict[str, Any]],
             depth: int = 10) -> dict[str, dict[str, float]]:
    """hit@1, hit@3 and MRR (over the top `depth`) per query language and overall.

    A hit is a result whose topic is among the row's `expected_topics`. Queries are sent as a
    user would: no language or filters, so the language policy is part of what is measured.
    """
    ranks: dict[str, list[int | None]] = {}
    for row in rows:
        hits = retriever.search(row["query"], depth)
        rank = next((n for n, h in enumerate(hits, 1) if h.topic in row["expected_topics"]), None)
        for group in (row["language"], "all"):
            ranks.setdefault(group, []).append(rank)
    return {group: {
        "n": len(values),
        "hit@1": sum(r == 1 for r in values) / len(values),
        "hit@3": sum(r is not None and r <= 3 for r in values) / len(values),
        "mrr": sum(1 / r for r in values if r) / len(values),
    } for group, values in ranks.items()}


def misses(retriever: Retriever, rows: list[dict[str, Any]], k: int = 3) -> list[str]:
    """Queries whose top `k` holds no expected topic, with what came back instead."""
    out = []
    for row in rows:
        hits = retriever.search(row["query"], k)
        if not any(h.topic in row["expected_topics"] for h in hits):
            out.append(f"{row['id']} {row['query']!r}: want {row['expected_topics']}, "
                       f"got {[h.topic for h in hits]}")
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    """Run the benchmark and print Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chroma-url", default=None, help="Benchmark against a Chroma server.")
    parser.add_argument("--repeat", type=int, default=3, help="Passes over the queries.")
    args = parser.parse_args()
    rows = load_dataset()

    with tempfile.TemporaryDirectory() as tmp:
        overrides = {"data_dir": Path(tmp), "chroma_url": args.chroma_url,
                     "index_name": f"bench-{int(time.time())}"}
        started, cpu = time.perf_counter(), time.process_time()
        retriever = Retriever(get_settings(**overrides))
        cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu
        started = time.perf_counter()
        retriever = Retriever(get_settings(**overrides))
        warm = time.perf_counter() - started

        print(f"passages: {len(retriever.passages)}; queries: {len(rows)}\n")
        print("| mode | language | hit@1 | hit@3 | MRR |\n|---|---|---|---|---|")
        for mode in ("dense", "bm25", "fused"):
            for group, m in evaluate(retriever.with_mode(mode), rows).items():
                print(f"| {mode} | {group} (n={m['n']:.0f}) | {m['hit@1']:.3f} | "
                      f"{m['hit@3']:.3f} | {m['mrr']:.3f} |")

        def latencies(r: Retriever) -> list[float]:
            out = []
            for _ in range(args.repeat):
                clear_cache()  # every query pays for its embedding, as a new user query does
                for row in rows:
                    started = time.perf_counter()
                    r.search(row["query"], 5)
                    out.append(time.perf_counter() - started)
            return statistics.quantiles(out, n=100)

        cuts, lexical = latencies(retriever), latencies(retriever.with_mode("bm25"))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print("\n| measure | value |\n|---|---|")
        print(f"| index build, cold: wall / CPU (embeds {len(retriever.passages)} passages and "
              f"their paragraphs) | {cold:.1f} s / {cold_cpu:.1f} s |")
        print(f"| index open, warm (reuses the stored index) | {warm:.2f} s |")
        print(f"| query p50 / p95, fused, k=5 ({args.repeat} x {len(rows)} queries) | "
              f"{_ms(cuts[49])} / {_ms(cuts[94])} |")
        print(f"| query p50 / p95, BM25 only | {_ms(lexical[49])} / {_ms(lexical[94])} |")
        print(f"| peak RSS of the process | {peak_mb:.0f} MB |")
        missed = misses(retriever, rows)
        if missed:
            print("\nmisses at k=3 (fused):\n" + "\n".join(f"- {m}" for m in missed))


if __name__ == "__main__":
    main()
