"""Scorers and task aggregates on small hand-made cases."""

from __future__ import annotations

from typing import Any

import pytest

from evals import scorers as sc
from evals.model import Case, CaseMeta, CaseResult
from evals.tasks import TASKS


def case(expected: dict[str, Any], inputs: dict[str, Any] | None = None, lang: str = "da",
         cid: str = "c") -> Case:
    return Case(id=cid, inputs=inputs or {}, expected=expected,
                metadata=CaseMeta(language=lang))  # type: ignore[arg-type]


def result(task: str, c: Case, out: dict[str, Any]) -> CaseResult:
    scores = {s.__name__: s(c, out) for s in TASKS[task].scorers}
    return CaseResult(id=c.id, language=c.language, scores=scores, expected=dict(c.expected),
                      output=out)


def finding(cat: str, start: int, end: int) -> dict[str, Any]:
    return {"category": cat, "start": start, "end": end, "excerpt": "x"}


def test_feedback_scorers_and_confusion() -> None:
    # "Du er doven og kommer altid for sent": label 6-11, generalization 22-27
    want = case({"person_directed": True,
                 "findings": [finding("label", 6, 11), finding("generalization", 22, 27)]})
    got = {"person_directed": True,
           "findings": [finding("label", 6, 11), finding("attribution", 20, 27)]}
    scores = {s.__name__: s(want, got) for s in TASKS["feedback"].scorers}
    assert scores["person_directed"].value is True
    assert scores["categories"].value is False
    assert scores["spans"].value == pytest.approx(0.5)

    negative = case({"person_directed": False, "findings": []}, cid="n", lang="en")
    flagged = {"person_directed": True, "findings": [finding("label", 0, 3)]}
    results = [result("feedback", want, got), result("feedback", negative, flagged)]
    metrics = sc.feedback_metrics(results)
    # person-directed: TP 1, FP 1 -> P 0.5, R 1; categories micro: tp 1 (label), fp 2, fn 1
    assert metrics["person_directed.precision"] == pytest.approx(0.5)
    assert metrics["person_directed.recall"] == 1.0
    assert metrics["categories.precision"] == pytest.approx(1 / 3)
    assert metrics["categories.recall"] == pytest.approx(0.5)
    assert metrics["label.precision"] == pytest.approx(0.5)
    assert metrics["generalization.recall"] == 0.0
    assert metrics["person_directed.accuracy"] == pytest.approx(0.5)

    matrix = sc.confusion(results)
    labels = matrix["labels"]
    cell = {(labels[i], labels[j]): n for i, row in enumerate(matrix["matrix"])
            for j, n in enumerate(row) if n}
    # label found as label; generalization overlapped by an attribution; a spurious label
    assert cell == {("label", "label"): 1, ("generalization", "attribution"): 1,
                    ("none", "label"): 1}


def test_rephrase_shares_and_judge_agreement() -> None:
    c = case({"person_directed": True, "findings": []})
    out = {"suggestions": [
        {"analyzer_ok": True, "grounded_ok": True, "language_ok": True,
         "judge": {"score": 5, "reason": "fine"}},
        {"analyzer_ok": False, "grounded_ok": True, "language_ok": True,
         "judge": {"score": 4, "reason": "still labels"}},
    ]}
    assert sc.passes_analyzer(c, out).value == pytest.approx(0.5)
    assert sc.grounded(c, out).value == 1.0
    assert sc.judged(c, out).value == pytest.approx(4.5)
    empty = case({"person_directed": True, "findings": []}, cid="e")
    metrics = sc.rephrase_metrics([result("rephrase", c, out),
                                   result("rephrase", empty, {"suggestions": []})])
    assert metrics["pass_all"] == pytest.approx(0.5)
    assert metrics["has_suggestion"] == pytest.approx(0.5)
    assert metrics["judge_score"] == pytest.approx(4.5)
    # judge >= 4 on both; deterministic checks pass on the first only
    assert metrics["judge_agreement"] == pytest.approx(0.5)
    assert sc.judged(c, {"suggestions": [{"analyzer_ok": True}]}).value is None


def test_smart_criteria_and_deadline() -> None:
    c = case({"criteria": {"specific": True, "measurable": False, "relevant": None},
              "deadline": "2027-06-30"})
    out = {"criteria": {"specific": True, "measurable": True, "achievable": None,
                        "relevant": None, "time_bound": True}, "deadline": "2027-06-30"}
    r = result("smart", c, out)
    assert r.scores["specific"].value is True
    assert r.scores["measurable"].value is False
    assert r.scores["relevant"].value is True  # null labelled, null given
    assert r.scores["time_bound"].value is None  # not labelled: not scored
    assert r.scores["deadline"].value is True
    metrics = sc.smart_metrics([r])
    assert metrics["measurable.accuracy"] == 0.0
    assert metrics["time_bound.accuracy"] is None
    assert metrics["all_criteria.accuracy"] == 0.0
    assert metrics["deadline.exact"] == 1.0


def test_prep_scorers() -> None:
    c = case({"topics": ["wellbeing", "development"], "named": ["nattevagter", "demens"],
              "forbidden": ["fra mig"]},
             inputs={"count": 3, "role": "manager"})
    out = {"sections": [{"topic": "wellbeing", "questions": 2}],
           "questions": [{"text": "Du nævner \"faste nattevagter fra mig\": hvad?", "kind": "ask",
                          "language_ok": True, "citations_ok": True, "third_person": False},
                         {"text": "Hvad har medarbejderen fået fra mig?", "kind": "ask",
                          "language_ok": False, "citations_ok": True, "third_person": True}],
           "duplicates": 1, "note": None}
    r = result("prep", c, out)
    assert r.scores["coverage"].value == pytest.approx(0.5)
    assert r.scores["no_duplicates"].value is False
    assert r.scores["questions_in_language"].value == pytest.approx(0.5)
    assert r.scores["citations"].value == 1.0
    assert r.scores["count_met"].value is False
    assert sc.prep_metrics([r])["topic_coverage"] == pytest.approx(0.5)
    assert r.scores["topics_named"].value == pytest.approx(0.5)  # "demens" is not named
    assert r.scores["opens"].value is False and r.scores["closes"].value is False
    assert r.scores["count_or_note"].value is False  # 2 of 3 and no note
    assert r.scores["kinds"].value is False  # an "ask" about the employee in third person
    assert r.scores["speaks_to_employee"].value is None  # a manager set
    assert r.scores["no_contradiction"].value is False
    opened = result("prep", c, {**out, "sections": [{"topic": "purpose", "questions": 1},
                                                    {"topic": "follow-up", "questions": 1}],
                                "note": "only two"})
    assert opened.scores["opens"].value is True and opened.scores["closes"].value is True
    assert opened.scores["count_or_note"].value is True
    # the employee's set is scored by the eval's own pronouns, outside the quoted context
    employee = case({"topics": [], "named": []}, inputs={"count": 2, "role": "employee"})
    said = result("prep", employee, {**out, "questions": [
        {**out["questions"][0], "text": 'Hvad vil du foreslå?'},
        {**out["questions"][1], "text": 'Du nævner ikke noget; "du" er citeret?'},
        {**out["questions"][1], "text": 'Hvad siger "du og dine kolleger"?'}]})
    assert said.scores["speaks_to_employee"].value == pytest.approx(2 / 3)
    assert said.scores["no_contradiction"].value is None  # nothing labelled


def test_retrieval_scorers_by_topic_or_id() -> None:
    c = case({"topics": ["smart-goals"], "ids": ["p-9"]})
    hits = [{"id": "p-1", "topic": "purpose"}, {"id": "p-9", "topic": "feedback"},
            {"id": "p-3", "topic": "smart-goals"}]
    r = result("retrieval", c, {"hits": hits})
    assert r.scores["hit_at_1"].value is False
    assert r.scores["hit_at_3"].value is True
    assert r.scores["rank"].value == pytest.approx(0.5)
    assert sc.retrieval_metrics([r]) == {"hit@1": 0.0, "hit@3": 1.0, "mrr": 0.5}
