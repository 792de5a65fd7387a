"""Evaluation suite: tasks (dataset + solver + scorers), runner, cassettes, judge, reports, gate.

Run it with `mus-coach eval`; see docs/evals.md.
"""
