"""Score the feedback analyzer on labelled statement files, per language.

    .venv/bin/python scripts/score_feedback.py FILE.jsonl [...] [--split heldout|train]
        [--errors] [--rules-only]

Reads the eval format (`language`, `findings`) and the field-sample format (`lang`,
`categories`). `--split` keeps one side of the fixed corpus split (coach.feedback.corpus):
the held-out quarter is never used for training or tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.feedback.analyzer import FeedbackAnalyzer  # noqa: E402
from coach.feedback.corpus import held_out  # noqa: E402


def rows(path: Path) -> list[dict]:
    """Rows of one file in one shape: id, text, language, person_directed, categories."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        cats = r.get("categories") or [f["category"] for f in r.get("findings", [])]
        out.append({"id": r["id"], "text": r["text"], "language": r.get("language", r.get("lang")),
                    "person_directed": r["person_directed"], "categories": sorted(set(cats)),
                    "excerpts": [f["excerpt"] for f in r.get("findings", [])]})
    return out


def prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of (expected, predicted) pairs."""
    tp = sum(e and p for e, p in pairs)
    fp = sum(p and not e for e, p in pairs)
    fn = sum(e and not p for e, p in pairs)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    """Print P/R/F1 per language (and the errors with --errors)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--split", choices=("heldout", "train"))
    parser.add_argument("--errors", "--show", action="store_true",
                        help="Print the misses (MISS) and false alarms (FALSE).")
    parser.add_argument("--rules-only", action="store_true", help="Without the learned detector.")
    args = parser.parse_args()
    analyzer = FeedbackAnalyzer(detector=None) if args.rules_only else FeedbackAnalyzer()
    data = [r for f in args.files for r in rows(f)]
    if args.split:
        data = [r for r in data if held_out(r["id"]) == (args.split == "heldout")]
    by_lang: dict[str, list[tuple[bool, bool]]] = {"da": [], "en": []}
    cats: Counter[str] = Counter()
    for r in data:
        res = analyzer.analyze(r["text"], r["language"])
        by_lang[r["language"]].append((r["person_directed"], res.person_directed))
        got = sorted({f.category for f in res.findings})
        for c in ("label", "generalization", "attribution"):
            cats[(c, c in r["categories"], c in got)] += 1
        if args.errors and (r["person_directed"] != res.person_directed):
            kind = "MISS" if r["person_directed"] else "FALSE"
            print(f"{kind} {r['id']} {r['text']!r} want={r['categories']} {r['excerpts']} "
                  f"got={[(f.category, f.excerpt) for f in res.findings]}")
    for lang, pairs in by_lang.items():
        if pairs:
            p, rc, f1 = prf(pairs)
            print(f"{lang}: n={len(pairs)} P={p:.3f} R={rc:.3f} F1={f1:.3f}")
    every = by_lang["da"] + by_lang["en"]
    p, rc, f1 = prf(every)
    print(f"all: n={len(every)} P={p:.3f} R={rc:.3f} F1={f1:.3f}")


if __name__ == "__main__":
    main()
