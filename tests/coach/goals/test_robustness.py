"""Every number and date a goal or `today` can hold gets an answer or an InputError naming the
field and the fix, never an exception from the date code (issue 16: overflow 500s)."""

from __future__ import annotations

import re
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


# --- dates that cannot exist (coach/goals/deadlines/validity.py) ----------------------------

_DA_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december"]
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]


def _days_in(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 40), st.integers(1, 12), st.integers(1900, 2099),
       st.sampled_from(["da", "en"]))
def test_a_written_date_is_that_day_or_a_question(day: int, month: int, year: int,
                                                  language: str) -> None:
    """Day, month and year as written: a date that exists is the deadline; one that does not
    is not resolved (never moved to the month's end) and the check asks which day was meant."""
    text = (f"Aflevere rapporten inden {day}. {_DA_MONTHS[month - 1]} {year}." if language == "da"
            else f"Deliver the report by {_EN_MONTHS[month - 1]} {day}, {year}.")
    if day <= _days_in(year, month):
        result = check_rules(text, language=language, today=date(2026, 3, 10))
        assert result.deadline == date(year, month, day)
        return
    result = check_rules(text, language=language, today=date(2026, 3, 10))
    assert result.deadline is None and result.criteria.time_bound.met is False
    assert str(day) in result.questions[0] and str(year) in result.questions[0]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10 ** 9), st.sampled_from(["år", "year", "1. juni", "June 1,", "uge",
                                                 "week"]))
def test_years_and_weeks_out_of_range_are_a_422(number: int, word: str) -> None:
    """A week number outside 1-53, or a year (four digits or more after "år"/"year", three or
    more after a date) outside 1900-2099, is a 422 that never quotes the number."""
    text = f"Deliver the report by {word} {number}."
    if word in ("uge", "week"):
        refused = not 1 <= number <= 53
    else:
        digits = 4 if word in ("år", "year") else 3
        refused = len(str(number)) >= digits and not 1900 <= number <= 2099
    try:
        check_rules(text, today=date(2026, 3, 10))
    except GoalInputError as exc:
        assert refused, text
        assert exc.field == "goal"
        quoted = re.search(rf"(?<!\d){number}(?!\d)", exc.message)
        assert not quoted or number in (1900, 2099, 53)  # never quotes the goal's number
        return
    assert not refused, text


@pytest.mark.parametrize("goal", [
    "Aflevere rapporten inden 1. juni 2999999.",
    "Aflevere rapporten inden uge 99.",
    "Aflevere rapporten i år 99999.",
])
def test_out_of_range_years_and_weeks_are_refused(goal: str) -> None:
    with pytest.raises(GoalInputError) as caught:
        check_rules(goal, today=date(2026, 3, 10))
    assert caught.value.field == "goal"
    assert caught.value.localized("da") != caught.value.localized("en")


def test_an_impossible_date_beside_a_real_deadline_is_still_asked_about() -> None:
    result = check_rules("Aflevere rapporten inden 31. februar 2027 og holde oplæg inden 1. juni.",
                         today=date(2026, 3, 10))
    assert result.deadline == date(2026, 6, 1)
    assert any("31. februar 2027" in q for q in result.questions)
    assert result.criteria.measurable.evidence == ['"Aflevere rapporten"', '"holde oplæg"']


@pytest.mark.parametrize(("goal", "written"), [
    ("Aflevere rapporten inden 31. februar 2027.", "31. februar 2027"),
    ("Ship it by 2027-02-31.", "2027-02-31"),
    ("Ship it by 31/04/2027.", "31/04/2027"),
    ("Write the handover notes by March 32.", "March 32"),
    ("Skrive overdragelsesnoter inden 32. marts.", "32. marts"),
    ("Deliver it by 2027-13-01.", "2027-13-01"),
])
def test_impossible_dates_are_asked_about_not_guessed(goal: str, written: str) -> None:
    result = check_rules(goal, today=date(2026, 3, 10))
    assert result.deadline is None and result.criteria.time_bound.met is False
    assert written in result.questions[0] and written in result.criteria.time_bound.advice
    assert not result.criteria.measurable.evidence or "32" not in str(
        result.criteria.measurable.evidence)


@pytest.mark.parametrize(("goal", "deadline"), [
    ("Sell 300 units by 1 June 3000 visitors.", date(2026, 6, 1)),  # a count, not a year
    ("Gå 5000 skridt hver dag i uge 12 2026.", date(2026, 3, 20)),
    ("Aflevere inden 29. februar 2028.", date(2028, 2, 29)),
])
def test_counts_and_real_dates_are_not_refused(goal: str, deadline: date) -> None:
    assert check_rules(goal, today=date(2026, 3, 10)).deadline == deadline


_NEW_FORMS = ("by the {n}th", "inden den {n}.", "between March and May {y}", "mellem {m} og maj",
              "by Q{q} next year", "i marts næste år", "inden påske {y}", "by summer {y}",
              "by Friday", "inden {n}. kvartal er omme", "March–May {y}", "by {m} {n}.")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_NEW_FORMS), st.integers(-5, 10 ** 6), st.integers(1800, 2200),
       st.sampled_from(["marts", "March", "december", "maj"]), st.integers(0, 9),
       st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_ranges_days_and_qualified_years_never_crash(form: str, n: int, y: int, m: str, q: int,
                                                     today: date) -> None:
    """The issue-16 forms with any numbers: an answer (deadline with evidence, or a question
    for a date that does not exist) or a clear input error, never an exception."""
    text = "Holde en workshop " + form.format(n=n, y=y, m=m, q=q)
    try:
        result = check_rules(text, today=today)
    except GoalInputError as exc:
        assert exc.field == "goal" and exc.localized("da") and exc.localized("en")
        return
    if result.deadline is not None:
        assert result.criteria.time_bound.evidence
