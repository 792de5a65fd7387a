"""Achievable from the goal's workload and the context's capacity (coach/goals/achievability.py):
too little time is a question, never a verdict; items take realistic least days; quotes from
the context end where their clause does."""

from __future__ import annotations

from datetime import date

import pytest

from coach.goals import check_rules


@pytest.mark.parametrize(("goal", "today"), [
    ("Attend two conferences in April.", "2026-03-02"),
    ("Deltage i to konferencer i år.", "2026-12-01"),
    ("Give three talks at local meetups by the end of January 2027.", "2026-12-01"),
])
def test_items_take_realistic_days(goal: str, today: str) -> None:
    res = check_rules(goal, today=date.fromisoformat(today))
    assert res.criteria.achievable.met is None
    assert not any("dage til fristen" in e or "days to the deadline" in e
                   for e in res.criteria.achievable.evidence)


@pytest.mark.parametrize(("goal", "word"), [
    ("Tage otte kurser inden 1. januar 2027.", "Målet nævner \"otte kurser\""),
    ("Give 40 talks by 15 December 2026.", "The goal names \"40 talks\""),
])
def test_too_little_time_asks_instead_of_judging(goal: str, word: str) -> None:
    res = check_rules(goal, today=date(2026, 12, 1))
    assert res.criteria.achievable.met is None
    assert any(q.startswith(word) and q.endswith("?") for q in res.questions)
    assert "til fristen til" not in " ".join(res.questions)


@pytest.mark.parametrize(("context", "quotes", "not_quoted"), [
    ("We are short-staffed and I have no budget for training this year.",
     ["short-staffed"], "and I"),
    ("Vi er to rådgivere mindre, og jeg har travlt med den nye kunde.",
     ["to rådgivere mindre"], "og jeg"),
])
def test_context_quotes_end_with_their_clause(context: str, quotes: list[str],
                                              not_quoted: str) -> None:
    res = check_rules("Run three workshops for the team by June 2027.", context=context,
                      today=date(2026, 12, 1))
    evidence = " ".join(res.criteria.achievable.evidence)
    for quote in quotes:
        assert f'"{quote}"' in evidence
    assert not_quoted not in evidence
    assert not any(e.rstrip('"').split()[-1] in {"for", "til", "the", "a"}
                   for e in res.criteria.achievable.evidence)


@pytest.mark.parametrize("context", [
    "We lost two colleagues in the autumn, and the workload has gone up.",
    "Vi har mistet tre sygeplejersker i år.",
    "Arbejdsbyrden er steget, siden vi fik de nye borgere.",
    "Our caseload has doubled since the merger.",
])
def test_less_capacity_by_frame(context: str) -> None:
    res = check_rules("Run three workshops for the team by June 2027.", context=context,
                      today=date(2026, 12, 1))
    assert res.criteria.achievable.met is None
    assert res.criteria.achievable.evidence
    assert any("capacity" in e or "kapacitet" in e for e in res.criteria.achievable.evidence)


@pytest.mark.parametrize("goal", [
    "Have my manager approve my promotion by March.",
    "Get HR to sign off my new contract by March.",
    "Overtale direktionen til at godkende budgettet inden marts.",
    "Get my pay rise by the summer.",
])
def test_dependence_on_others_by_frame(goal: str) -> None:
    res = check_rules(goal, today=date(2026, 12, 1))
    assert res.criteria.achievable.met is False
    assert res.criteria.achievable.evidence
