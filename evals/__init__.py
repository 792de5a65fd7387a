"""Evaluation suite: tasks (dataset + solver + scorers), runner, cassettes, judge, reports, gate.

Run it with `mus-coach eval`; see docs/evals.md.
"""

from pathlib import Path

EVALS_DIR = Path(__file__).resolve().parent  # datasets, baseline, thresholds and cassettes
