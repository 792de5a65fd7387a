"""What a goal is about (coach/goals/domains.py): weak evidence gives no field, so no wrong
field's example ('delegate a task' for 'take on more responsibility')."""

from __future__ import annotations

from datetime import date

import pytest

from coach.goals import check_rules
from coach.goals.domains import domain_of


@pytest.mark.parametrize(("goal", "language", "domain"), [
    ("Take on more responsibility in the team", "en", "career"),
    ("Få ledelsen til at godkende et nyt budget", "da", None),  # management is the actor
    ("Learn to play the guitar", "en", None),  # "learn" alone: no work field
    ("Få mindre stress i hverdagen.", "da", "wellbeing"),
    ("Blive bedre til Excel.", "da", "learning"),
    ("Blive en bedre leder", "da", "leadership"),
])
def test_domain_needs_clear_evidence(goal: str, language: str, domain: str | None) -> None:
    found = domain_of(goal, language)  # type: ignore[arg-type]
    assert (found.key if found else None) == domain


@pytest.mark.parametrize(("goal", "wrong"), [
    ("Take on more responsibility in the team.", "delegate"),
    ("Learn to play the guitar.", "tool"),
    ("Få ledelsen til at godkende et nyt budget.", "tomandshånd"),
])
def test_no_wrong_fields_example(goal: str, wrong: str) -> None:
    res = check_rules(goal, today=date(2026, 12, 1))
    assert wrong not in res.criteria.specific.advice
    assert wrong not in res.criteria.measurable.advice


def test_dependence_advice_has_no_fixed_example() -> None:
    budget = check_rules("Få ledelsen til at godkende et nyt budget inden marts.",
                         today=date(2026, 12, 1)).criteria.achievable.advice
    promotion = check_rules("Get promoted to senior by June.",
                            today=date(2026, 12, 1)).criteria.achievable.advice
    assert "rollen" not in budget and "the role" not in promotion
