"""Relevant by meaning with the shipped e5 model (issue 16: "no key terms in common" for a goal
that plainly fits the context)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from coach.goals import check_goal, check_rules
from coach.goals.relevance import by_meaning
from coach.knowledge import Hit

TODAY = date(2026, 12, 1)


class DenseStub:
    """A retriever that, like the real one in fused mode, has the e5 model loaded."""

    mode = "fused"

    def search(self, *args: Any, **kwargs: Any) -> list[Hit]:
        return []

    async def asearch(self, *args: Any, **kwargs: Any) -> list[Hit]:
        return []


@pytest.mark.parametrize(("goal", "context", "language", "met"), [
    ("Run two dementia awareness sessions for colleagues by 1 June.",
     "I'd like to become the dementia champion at the care home. Management has asked for more "
     "dementia knowledge among staff.", "en", True),
    ("Holde fem kundemøder om den nye app inden jul.",
     "Jeg er key account manager. Vores mål er at få alle større kunder over på appen i 2027.",
     "da", True),
    # A low cosine alone never says "not relevant": the fitting and the unrelated overlap there.
    ("Learn to play the guitar before summer.",
     "I'm a payroll clerk. Our team goals are error-free payroll runs and shorter response "
     "times.", "en", None),
    ("Complete a course in motivational interviewing by June.",
     "I'm a home-care nurse. Our team wants to help more citizens manage on their own.", "en",
     None),
])
def test_clear_cases_are_decided_by_meaning(goal: str, context: str, language: str,
                                            met: bool | None) -> None:
    finding = by_meaning(goal, context, language)
    assert finding is not None and finding.met is met
    assert finding.extra and finding.extra[0] in context  # quotes the context, never invents


@pytest.mark.parametrize(("goal", "context"), [
    ("Lære Rust inden sommer.", "Jeg er udvikler i et team på seks."),
    ("Blive bedre til kodegennemgang inden 1. juni.",
     "Jeg er udvikler i et team på seks. Vi laver mange fejl i produktion."),
    ("Get certified in AWS by May.", "I'm a backend developer in a team of six."),
])
def test_a_role_line_is_never_quoted_as_a_goal(goal: str, context: str) -> None:
    res = asyncio.run(check_goal(goal, context=context, today=TODAY, retriever=DenseStub()))
    question = res.questions[-1]
    assert res.criteria.relevant.met is not False
    assert "bidrager til" not in question and "contributes to" not in question
    assert "gør en forskel for" not in question and "difference to" not in question


def test_check_goal_uses_meaning_where_keywords_abstain_and_asks_otherwise() -> None:
    goal = "Reducere antallet af genindlæggelser på afsnittet med 10 % inden udgangen af 2027."
    context = "Jeg er afdelingssygeplejerske. Regionens mål er færre ældre patienter tilbage."
    rules = check_rules(goal, context=context, today=TODAY)
    res = asyncio.run(check_goal(goal, context=context, today=TODAY, retriever=DenseStub()))
    assert rules.criteria.relevant.met is None
    assert res.criteria.relevant.met is not False
    for result in (rules, res):
        assert "nøgleord" not in result.criteria.relevant.advice
        assert result.questions[-1].endswith("?")
    if res.criteria.relevant.met:
        assert res.questions[-1] != rules.questions[-1]  # the question names what it ties to
