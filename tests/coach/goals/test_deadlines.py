"""Deadline parsing: every convention in docs/deadlines.md, in Danish and English."""

from __future__ import annotations

from datetime import date

import pytest

from coach.goals.deadlines.scan import resolve_deadline, scan

TODAY = date(2026, 3, 10)  # a Tuesday in Q1


@pytest.mark.parametrize(("text", "expected"), [
    # the examples
    ("inden 30. juni 2027", "2027-06-30"),
    ("senest 1. marts", "2027-03-01"),  # without a year: next occurrence on/after today
    ("inden udgangen af 2. kvartal", "2026-06-30"),
    ("i løbet af de næste seks måneder", "2026-09-10"),
    ("frem til 31. december", "2026-12-31"),
    ("by the end of Q3", "2026-09-30"),
    ("within two months", "2026-05-10"),
    ("this year", "2026-12-31"),
    ("before 1 September", "2026-09-01"),
    # dates
    ("inden 10. marts", "2026-03-10"),  # today itself is on/after today
    ("the 1st of March", "2027-03-01"),
    ("March 1st, 2027", "2027-03-01"),
    ("by Sept 30", "2026-09-30"),
    ("before 1 Feb", "2027-02-01"),
    ("no later than 15 May", "2026-05-15"),
    ("inden 30/6", "2026-06-30"),
    ("deadline 1/12", "2026-12-01"),
    ("den 15/10", "2026-10-15"),
    ("senest 1/9-2026", "2026-09-01"),
    ("1.9.2026", "2026-09-01"),
    ("2026-09-01", "2026-09-01"),
    # months
    ("i juni", "2026-06-30"),
    ("in May", "2026-05-31"),
    ("inden juni", "2026-05-31"),
    ("before June", "2026-05-31"),
    ("inden udgangen af marts", "2026-03-31"),
    ("ultimo april", "2026-04-30"),
    ("medio juni", "2026-06-15"),
    ("senest i december 2026", "2026-12-31"),
    # quarters and half-years
    ("Q1", "2026-03-31"),
    ("inden 3. kvartal", "2026-06-30"),
    ("tredje kvartal", "2026-09-30"),
    ("third quarter", "2026-09-30"),
    ("Q3 2027", "2027-09-30"),
    ("Q3/27", "2027-09-30"),
    ("ved udgangen af 1. kvartal 2027", "2027-03-31"),
    ("until the end of Q4", "2026-12-31"),
    ("dette kvartal", "2026-03-31"),
    ("next quarter", "2026-06-30"),
    ("resten af kvartalet", "2026-03-31"),
    ("første halvår", "2026-06-30"),
    ("i 2. halvår", "2026-12-31"),
    ("H1", "2026-06-30"),
    ("in the first half of 2027", "2027-06-30"),
    ("first half of the year", "2026-06-30"),
    # years
    ("i år", "2026-12-31"),
    ("udgangen af året", "2026-12-31"),
    ("resten af året", "2026-12-31"),
    ("næste år", "2027-12-31"),
    ("next year", "2027-12-31"),
    ("i 2027", "2027-12-31"),
    ("by 2027", "2027-12-31"),
    ("inden 2027", "2026-12-31"),
    ("before 2027", "2026-12-31"),
    ("By the end of 2027.", "2027-12-31"),
    ("i løbet af 2026", "2026-12-31"),
    ("mål for 2027", "2027-12-31"),
    # months and weeks relative to today
    ("denne måned", "2026-03-31"),
    ("end of the month", "2026-03-31"),
    ("by the end of next month", "2026-04-30"),
    ("uge 42", "2026-10-16"),  # Friday of ISO week 42
    ("by week 40", "2026-10-02"),
    ("næste uge", "2026-03-20"),
    ("inden fredag", "2026-03-13"),
    ("by Friday", "2026-03-13"),
    # holidays and seasons
    ("inden jul", "2026-12-24"),
    ("until Christmas", "2026-12-24"),
    ("inden nytår", "2026-12-31"),
    ("before Easter", "2026-04-02"),  # Maundy Thursday 2026
    ("inden påske", "2026-04-02"),
    ("i foråret", "2026-05-31"),
    ("this summer", "2026-08-31"),
    ("i efteråret", "2026-11-30"),
    ("by the end of the autumn", "2026-11-30"),
    ("this winter", "2027-02-28"),
    ("by next summer", "2026-08-31"),  # the next summer that has not started
    ("i løbet af næste efterår", "2026-11-30"),
    ("by end of FY2026", "2026-12-31"),
    ("inden udgangen af regnskabsåret 2027", "2027-12-31"),
    # durations, written numbers included
    ("om 14 dage", "2026-03-24"),
    ("de kommende 90 dage", "2026-06-08"),
    ("in the next 6 weeks", "2026-04-21"),
    ("over the next year", "2027-03-10"),
    ("inden for det næste år", "2027-03-10"),
    ("within a year", "2027-03-10"),
    ("inden for en måned", "2026-04-10"),
    ("i 3 måneder", "2026-06-10"),
    ("for three months", "2026-06-10"),
    ("inden for tre måneder", "2026-06-10"),
    ("inden for et halvt år", "2026-09-10"),
    ("i løbet af det næste halve år", "2026-09-10"),
    ("inden for halvandet år", "2027-09-10"),
    ("within a year and a half", "2027-09-10"),
    ("within a fortnight", "2026-03-24"),
    ("over the next two quarters", "2026-09-10"),
    ("inden for to år", "2028-03-10"),
    ("within ten weeks", "2026-05-19"),
    # ranges of months end with their last; the first end of a date range is its start
    ("between March and May", "2026-05-31"),
    ("mellem marts og maj", "2026-05-31"),
    ("i perioden marts-maj", "2026-05-31"),
    ("March–May", "2026-05-31"),
    ("between November and February", "2027-02-28"),
    ("between March and May 2027", "2027-05-31"),
    ("in March and May", "2026-05-31"),
    ("between 1 March and 15 May", "2026-05-15"),
    # a year after a holiday or season is its year
    ("inden påske 2027", "2027-03-25"),
    ("by Christmas 2026", "2026-12-24"),
    # a day of the month alone: the next such day
    ("by the 20th", "2026-03-20"),
    ("inden den 20.", "2026-03-20"),
    ("senest d. 5.", "2026-04-05"),
    # weekdays: the first one after today (TODAY is a Tuesday)
    ("by Tuesday", "2026-03-17"),
    ("inden fredag", "2026-03-13"),
    ("by mid-2027", "2027-06-30"),
    ("i 2. halvår", "2026-12-31"),
    ("in H2", "2026-12-31"),
    ("by the end of next month", "2026-04-30"),
    # "next year"/"i år" after a period is that period's year, not a deadline of its own
    ("by Q2 next year", "2027-06-30"),
    ("i marts næste år", "2027-03-31"),
    ("inden udgangen af 1. kvartal næste år", "2027-03-31"),
    ("in the first half of next year", "2027-06-30"),
    ("by week 10 next year", "2027-03-12"),
    ("by June 30 next year", "2027-06-30"),
    ("i juni i år", "2026-06-30"),
    ("sell 300 next year", "2027-12-31"),  # a count before it is no period
    # "er omme"/"is over" after a period is its end; "end" alone is an end marker
    ("inden 2. kvartal er omme", "2026-06-30"),
    ("by end March", "2026-03-31"),
    ("6 months from now", "2026-09-10"),
    ("tre måneder fra i dag", "2026-06-10"),
    ("inden 3 måneder", "2026-06-10"),
    ("by the end of the calendar year", "2026-12-31"),
])
def test_resolves(text: str, expected: str) -> None:
    assert resolve_deadline(text, TODAY) == date.fromisoformat(expected)


@pytest.mark.parametrize("text", [
    "inden sommerferien", "inden udgangen af regnskabsåret", "before the summer holidays",
    "before summer", "inden efterårsferien", "before the autumn break", "inden vinterferien",
    "inden efteråret", "inden næste MUS", "before my next appraisal", "by summer 2027",
    "inden sommerferien 2027", "inden sommerferien næste år", "til foråret",
    "by the end of the academic year", "i løbet af skoleåret", "i starten af næste år",
    "early next year", "in late 2027", "sidst på året", "by the end of the financial year",
])
def test_a_period_the_workplace_dates_is_bounded_but_given_no_day(text: str) -> None:
    """The school's summer holiday, the fiscal year, the next MUS: no day is invented."""
    found = scan(text, TODAY)
    assert found.deadline is None, text
    assert [u.text for u in found.undated] == [text]


@pytest.mark.parametrize(("text", "expected"), [
    ("inden jul", "2026-12-24"), ("i løbet af foråret", "2026-05-31"),
    ("by the end of the autumn", "2026-11-30"), ("inden påske", "2026-04-02"),
])
def test_fixed_holidays_and_whole_seasons_keep_their_day(text: str, expected: str) -> None:
    assert resolve_deadline(text, TODAY) == date.fromisoformat(expected)


@pytest.mark.parametrize("text", [
    "hver uge", "every week", "hver fredag", "every Friday", "every quarter", "hvert kvartal",
    "ugentlige møder", "weekly meetings", "to gange om måneden", "three times a week",
    "hver anden uge", "every other week", "kvartalsvis", "quarterly", "hver 14. dag",
    "every 2 weeks",
])
def test_frequency_alone_has_no_deadline(text: str) -> None:
    result = scan(text, TODAY)
    assert result.deadline is None
    assert result.frequencies


@pytest.mark.parametrize("text", [
    "fra 1. april holder jeg ugentlige møder", "Starting in September, run a dojo",
    "efter sommerferien", "after the summer holidays", "starting next month",
    "Fra efteråret vil jeg arbejde hjemme", "From the autumn I'd like to work from home",
])
def test_start_is_not_a_deadline(text: str) -> None:
    result = scan(text, TODAY)
    assert result.deadline is None
    assert result.starts


@pytest.mark.parametrize("text", ["hurtigst muligt", "asap", "løbende", "as soon as possible",
                                  "deliver on time", "aflevere til tiden"])
def test_vague_timing_is_not_a_deadline(text: str) -> None:
    result = scan(text, TODAY)
    assert result.deadline is None
    assert result.vague


@pytest.mark.parametrize("text", [
    "en 3-dages workshop", "a two-day course", "a 30-minute talk",  # sizes, not durations
    "besvare henvendelser inden for 24 timer",  # a response time is a measure
    "within two business days",
    "score fra 3.5 til 4.2",  # decimals, not dates
    "30/6 af kunderne",  # a bare ratio without a cue
    "strategi 2030",  # a year without a cue
    "sidste år", "last year", "I may attend", "prices to fall",
    "inden for persondata", "om vores nye API", "julefrokosten", "Python 3",
])
def test_not_deadlines(text: str) -> None:
    assert resolve_deadline(text, TODAY) is None


def test_latest_of_several_is_the_deadline() -> None:
    result = scan("kursus i april, certificering inden juni og oplæg i uge 20", TODAY)
    assert [r.day.isoformat() for r in result.deadlines] == [
        "2026-04-30", "2026-05-31", "2026-05-15"]
    assert result.deadline is not None and result.deadline.text == "inden juni"


def test_a_qualified_period_is_quoted_as_written() -> None:
    ref = scan("Write the guide by Q2 next year.", TODAY).deadline
    assert ref is not None and ref.text == "by Q2 next year"


def test_range_start_and_end() -> None:
    result = scan("fra januar til juni", TODAY)
    assert [r.role for r in result.refs] == ["start", "deadline"]
    assert result.deadline is not None and result.deadline.day == date(2026, 6, 30)


def test_explicit_past_date_is_kept() -> None:
    ref = scan("inden 1. marts 2024", TODAY).deadline
    assert ref is not None and ref.day == date(2024, 3, 1)


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("Q1", date(2026, 4, 2), "2027-03-31"),  # Q1 has ended: the next one
    ("senest 1. marts", date(2026, 2, 10), "2026-03-01"),
    ("inden jul", date(2026, 12, 27), "2027-12-24"),
    ("i vinter", date(2027, 1, 15), "2027-02-28"),  # the current winter
    ("inden påske", date(2027, 2, 1), "2027-03-25"),
    ("frem til 29. februar", date(2026, 3, 10), "2028-02-29"),  # next leap day
    ("by Friday", date(2026, 3, 13), "2026-03-20"),  # written on a Friday: next week's
    ("inden fredag", date(2026, 3, 12), "2026-03-13"),
    ("between March and May", date(2026, 6, 2), "2027-05-31"),
    ("by the 5th", date(2026, 3, 10), "2026-04-05"),
    ("by the 31st", date(2026, 4, 2), "2026-05-31"),  # April has no 31st
])
def test_year_of_a_yearless_expression(text: str, today: date, expected: str) -> None:
    assert resolve_deadline(text, today) == date.fromisoformat(expected)


def test_conventions_are_named() -> None:
    notes = {r.text: r.note for r in scan(
        "inden påske, inden jul, i 3. kvartal, om 14 dage", TODAY).refs}
    assert notes == {"inden påske": "easter", "inden jul": "christmas",
                     "i 3. kvartal": "quarter_end", "om 14 dage": "duration"}


def test_spans_point_into_the_text() -> None:
    text = "Jeg vil bestå certificeringen inden 30. juni 2027."
    ref = scan(text, TODAY).deadline
    assert ref is not None
    assert text[ref.start:ref.end] == ref.text == "inden 30. juni 2027"


# --- plain dates read without dateparser (scan._plain_date) -------------------------------------

def _plain_forms() -> list[str]:
    months = ["januar", "februar", "marts", "maj", "juni", "oktober", "december", "jan", "sept",
              "okt", "dec", "January", "March", "May", "June", "October", "Dec.", "Sept."]
    forms = []
    for d in (1, 9, 12, 28, 29, 30, 31):
        for m in months:
            forms += [f"{d}. {m}", f"{d} {m}", f"{m} {d}", f"{m} {d}th", f"{d}. {m} 2027",
                      f"{m} {d}, 2027"]
    for d in (1, 5, 12, 29, 30, 31):
        for m in (1, 2, 4, 6, 9, 12):
            forms += [f"{d}/{m}", f"{d}/{m}/2027", f"{d}.{m}.2027", f"2027-{m:02d}-{d:02d}"]
    return forms


@pytest.mark.parametrize("today", [date(2026, 3, 10), date(2026, 12, 30), date(2028, 2, 28)])
def test_plain_dates_are_read_as_dateparser_reads_them(today: date) -> None:
    """Where dateparser reads a plain form, the fast path gives the same deadline; where it
    reads none ("31. juni"), neither does the fast path (it hands such days to dateparser)."""
    from coach.goals.deadlines.scan import _dateparse, _plain_date

    for span in _plain_forms():
        parsed = _dateparse(span, today)
        plain = _plain_date(span)
        if parsed is None:
            assert plain is None or span.count("/") == 1, span  # dateparser misses "5/12"-ish
            continue
        assert plain is not None, span
        year, month, day = plain
        assert (month, day) == (parsed.month, parsed.day), span
        assert year in (None, parsed.year), span


@pytest.mark.parametrize(("text", "day"), [
    ("follow-up 1:1 April 15 at 10:30", date(2026, 4, 15)),  # not 1 April
    ("næste 1:1 den 15. april", date(2026, 4, 15)),
    ("2:1 review on 12/5", date(2026, 5, 12)),
    ("by 1 April", date(2026, 4, 1)),  # a day on its own still counts
])
def test_a_number_after_a_colon_is_not_a_day(text: str, day: date) -> None:
    # "1:1" (a one-to-one), "2:1" and times end in a number that reads as a day before a month.
    assert [r.day for r in scan(text, date(2026, 3, 20)).refs] == [day]
