"""Aggregate metrics: precision/recall/F1, ranking metrics, means, all computed per slice.

Hand-computed on purpose: the formulas are a few lines each, and scikit-learn (the usual home of
`precision_recall_fscore_support`) would pull scipy and ~100 MB into a service that never needs
it. tests/evals/test_metrics.py pins every function to hand-computed tables, including the
zero-division conventions (those of scikit-learn's `zero_division=0`, except that a slice with
nothing expected and nothing predicted is "not applicable", None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from evals.model import SLICES, CaseResult, Metrics


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 from counts (None where undefined)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp); 0 when nothing was predicted but something was expected."""
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return None if not self.fn else 0.0

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn); 0 when something was predicted but nothing expected."""
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return None if not self.fp else 0.0

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def prf_from_sets(pairs: Iterable[tuple[set[str], set[str]]], label: str | None = None) -> PRF:
    """Count tp/fp/fn over (expected, predicted) label sets; only `label` when given (micro)."""
    tp = fp = fn = 0
    for expected, predicted in pairs:
        if label is not None:
            expected = expected & {label}
            predicted = predicted & {label}
        tp += len(expected & predicted)
        fp += len(predicted - expected)
        fn += len(expected - predicted)
    return PRF(tp, fp, fn)


def prf_binary(pairs: Iterable[tuple[bool, bool]]) -> PRF:
    """tp/fp/fn of a yes/no decision over (expected, predicted) pairs."""
    tp = fp = fn = 0
    for expected, predicted in pairs:
        tp += expected and predicted
        fp += predicted and not expected
        fn += expected and not predicted
    return PRF(tp, fp, fn)


def reciprocal_rank(relevant: Sequence[bool]) -> float:
    """1/rank of the first relevant result (flags in rank order), 0 when none is."""
    for rank, flag in enumerate(relevant, 1):
        if flag:
            return 1.0 / rank
    return 0.0


def hit_at(relevant: Sequence[bool], k: int) -> bool:
    """True when one of the first `k` results is relevant."""
    return any(relevant[:k])


def mean(values: Iterable[float | bool | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    kept = [float(v) for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def slice_cases(cases: Sequence[CaseResult]) -> dict[str, list[CaseResult]]:
    """The cases of each slice: all of them, then each language."""
    return {name: [c for c in cases if name == "overall" or c.language == name]
            for name in SLICES}


Aggregate = Callable[[Sequence[CaseResult]], dict[str, float | None]]


def per_slice(cases: Sequence[CaseResult], aggregate: Aggregate) -> Metrics:
    """Run `aggregate` on every slice and pivot to metric -> slice -> value."""
    out: Metrics = {}
    for name, members in slice_cases(cases).items():
        for metric, value in aggregate(members).items():
            out.setdefault(metric, {})[name] = None if value is None else round(value, 4)
    return out


def score_means(cases: Sequence[CaseResult], names: Iterable[str]) -> dict[str, float | None]:
    """Mean of each named score over the cases where it applies (the usual accuracy metric)."""
    return {name: mean(c.scores[name].number for c in cases if name in c.scores)
            for name in names}
