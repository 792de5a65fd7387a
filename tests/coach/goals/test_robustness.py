"""Every number and date a goal or `today` can hold gets an answer or an InputError naming the
field and the fix, never an exception from the date code (issue 16: overflow 500s)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.errors import InputError
from coach.goals import check_rules
from coach.goals.errors import GoalInputError
from evals.goalgen import TIMES, UNITS

_SLOTS = ("n", "d", "m", "q", "y")


@st.composite
def time_goal(draw: st.DrawFn) -> tuple[str, str]:
    """A goal built from a time template, its slots drawn as integers of any size."""
    language = draw(st.sampled_from(["da", "en"]))
    template = draw(st.sampled_from(TIMES[language]))
    values = {k: str(draw(st.integers(min_value=-10, max_value=10 ** 18))) for k in _SLOTS}
    text = template.format(**values, unit=draw(st.sampled_from(UNITS[language])),
                           month=draw(st.sampled_from(["marts", "March", "dec.", "Sept"])))
    return f"Holde en workshop {text}", language


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(time_goal(), st.dates())
def test_any_number_or_date_is_an_answer_or_a_clear_input_error(
        goal: tuple[str, str], today: date) -> None:
    text, language = goal
    try:
        result = check_rules(text, language=language, today=today)
    except InputError as exc:
        assert exc.field in ("goal", "today")
        assert isinstance(exc, GoalInputError)  # says what is wrong, in both languages
        assert exc.localized("da") and exc.localized("en")
        return
    if result.deadline is not None:
        assert result.criteria.time_bound.evidence


@pytest.mark.parametrize(("goal", "today", "field", "words"), [
    ("Holde et kursus inden for 99999999 uger.", date(2026, 3, 10), "goal", "100 years"),
    ("Holde et kursus inden for 9999 år.", date(2026, 3, 10), "goal", "100 years"),
    ("Run a course within 5000 years.", date(2026, 3, 10), "goal", "100 years"),
    ("Holde et kursus inden jul.", date(9999, 12, 31), "today", "2999-12-31"),
    ("Run a course by Q3.", date(1, 1, 1), "today", "1900-01-01"),
])
def test_out_of_range_says_what_is_wrong(goal: str, today: date, field: str,
                                         words: str) -> None:
    with pytest.raises(GoalInputError) as caught:
        check_rules(goal, today=today)
    assert caught.value.field == field
    assert words in caught.value.message
    assert "99999999" not in caught.value.message  # never quotes the goal


def test_a_long_but_possible_span_still_resolves() -> None:
    result = check_rules("Holde et kursus inden for 100 år.", today=date(2026, 3, 10))
    assert result.deadline == date(2126, 3, 10)
    assert check_rules("Run a course by Q3.", today=date(2999, 12, 31)).deadline is not None
