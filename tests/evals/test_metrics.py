"""Aggregate metrics against tables computed by hand."""

from __future__ import annotations

import pytest

from evals.metrics import (
    PRF,
    hit_at,
    mean,
    per_slice,
    prf_binary,
    prf_from_sets,
    reciprocal_rank,
)
from evals.model import CaseResult, Score


def test_prf_from_counts() -> None:
    # tp=3, fp=1, fn=2: P = 3/4, R = 3/5, F1 = 2*.75*.6/1.35 = 0.6667
    prf = PRF(3, 1, 2)
    assert prf.precision == pytest.approx(0.75)
    assert prf.recall == pytest.approx(0.6)
    assert prf.f1 == pytest.approx(2 / 3)


@pytest.mark.parametrize(("counts", "expected"), [
    ((0, 0, 0), (None, None, None)),  # nothing expected, nothing predicted: not applicable
    ((0, 0, 4), (0.0, 0.0, 0.0)),  # predicted nothing, missed everything
    ((0, 3, 0), (0.0, 0.0, 0.0)),  # predicted only wrong things, nothing expected
    ((2, 0, 0), (1.0, 1.0, 1.0)),
])
def test_zero_division_conventions(counts: tuple[int, int, int],
                                   expected: tuple[float | None, ...]) -> None:
    prf = PRF(*counts)
    assert (prf.precision, prf.recall, prf.f1) == expected


def test_multilabel_table() -> None:
    # statement | expected              | predicted
    # 1         | label                 | label
    # 2         | label, attribution    | label
    # 3         | -                     | generalization
    # 4         | generalization        | attribution
    pairs = [({"label"}, {"label"}), ({"label", "attribution"}, {"label"}),
             (set(), {"generalization"}), ({"generalization"}, {"attribution"})]
    # label: tp 2 fp 0 fn 0; attribution: tp 0 fp 1 fn 1; generalization: tp 0 fp 1 fn 1
    assert prf_from_sets(pairs, "label") == PRF(2, 0, 0)
    assert prf_from_sets(pairs, "attribution") == PRF(0, 1, 1)
    assert prf_from_sets(pairs, "generalization") == PRF(0, 1, 1)
    micro = prf_from_sets(pairs)
    assert micro == PRF(2, 2, 2)
    assert micro.f1 == pytest.approx(0.5)


def test_binary_table() -> None:
    # (expected, predicted): TP, TP, FN, FP, TN
    pairs = [(True, True), (True, True), (True, False), (False, True), (False, False)]
    prf = prf_binary(pairs)
    assert prf == PRF(2, 1, 1)
    assert prf.precision == pytest.approx(2 / 3)
    assert prf.recall == pytest.approx(2 / 3)


def test_ranking_metrics() -> None:
    flags = [False, False, True, False]
    assert reciprocal_rank(flags) == pytest.approx(1 / 3)
    assert not hit_at(flags, 1)
    assert hit_at(flags, 3)
    assert reciprocal_rank([False, False]) == 0.0
    # MRR over three queries with first relevant at ranks 1, 2 and none: (1 + 0.5 + 0) / 3
    assert mean([reciprocal_rank([True]), reciprocal_rank([False, True]),
                 reciprocal_rank([False])]) == pytest.approx(0.5)


def test_mean_skips_none() -> None:
    assert mean([1.0, None, 0.0, True]) == pytest.approx(2 / 3)
    assert mean([None]) is None


def test_per_slice_splits_by_language() -> None:
    def case(i: int, lang: str, ok: bool) -> CaseResult:
        return CaseResult(id=str(i), language=lang,  # type: ignore[arg-type]
                          scores={"ok": Score(value=ok)})

    cases = [case(1, "da", True), case(2, "da", False), case(3, "en", True)]
    metrics = per_slice(cases, lambda cs: {"acc": mean(c.scores["ok"].number for c in cs)})
    assert metrics == {"acc": {"overall": 0.6667, "da": 0.5, "en": 1.0}}
