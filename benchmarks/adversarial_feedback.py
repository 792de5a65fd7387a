"""Adversarial feedback shapes: the worst analyze time per shape at 4000 characters.

    .venv/bin/python benchmarks/adversarial_feedback.py [--repeat 3] [--chars 4000]

Every analyzer step must be linear in the text's length; a quadratic step shows here first
(budget: 200 ms per text). Each shape is analyzed in Danish and English, `--repeat` times,
after one warm-up call per language (model and lexicon loads are not what this measures).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.feedback import FeedbackAnalyzer  # noqa: E402

BUDGET_MS = 200.0
# Each shape repeats its unit up to the length; the ones people paste or attackers send.
SHAPES = {
    "'?' x N": "?",
    "'altid\\n' repeated": "altid\n",
    "'always\\n' repeated": "always\n",
    "'\"\"' repeated": '""',
    "'a’' repeated": "a’",
    "\"a'\" repeated": "a'",
    "'a-' repeated": "a-",
    "'1,' repeated": "1,",
    "emoji + ZWJ sequences": "👩‍👩‍👧‍👦🏳️‍🌈 ",
    "combining marks": "e\u0301\u0302\u0303",
    "one long word": "a",
    "'du er doven. ' repeated": "Du er doven. ",
    "'you never listen, ' repeated": "You never listen, ",
    "'«' and '»' repeated": "«a» ",
    "'‘' repeated": "‘a ",
}


def main() -> None:
    """Print a Markdown table: the worst time per shape, against the budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chars", type=int, default=4000)
    args = parser.parse_args()
    analyzer = FeedbackAnalyzer()
    analyzer.analyze("Du er doven.", "da")
    analyzer.analyze("You're lazy.", "en")
    print(f"| shape ({args.chars} characters) | worst ms | budget ms |")
    print("|---|---|---|")
    worst_all = 0.0
    for label, unit in SHAPES.items():
        text = (unit * (args.chars // len(unit) + 1))[:args.chars]
        worst = 0.0
        for n in range(args.repeat):
            for lang in ("da", "en"):
                # A fresh text each time, so no cache answers (the e5 cache keys on text).
                sample = text if n == 0 else f"{n} {text}"[:args.chars]
                t0 = time.perf_counter()
                analyzer.analyze(sample, lang)
                worst = max(worst, (time.perf_counter() - t0) * 1000)
        worst_all = max(worst_all, worst)
        flag = "" if worst <= BUDGET_MS else " **over**"
        print(f"| {label} | {worst:.1f}{flag} | {BUDGET_MS:.0f} |")
    print(f"\nworst of all shapes: {worst_all:.1f} ms")


if __name__ == "__main__":
    main()
