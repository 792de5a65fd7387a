"""Dates in a goal that cannot exist: never guessed. A day or month that no calendar has
("by March 32", "31. februar", "2027-13-01") is a slip of the pen: the date is not resolved and
the check asks which day was meant. A year or week number out of range ("1. juni 2999999",
"uge 99") is a number the coach cannot read: a 422 naming the field.

The scanner's patterns only accept parts that can be a date ("(19|20)dd" years, one- or
two-digit days and weeks), so "inden 31. februar 2027" fell through to the month rule (28
February), "1. juni 2999999" lost its year (next 1 June) and "uge 99" or "år 99999" gave no
deadline at all: a silent wrong answer. This pass runs before the scan and looks for the same
shapes with any number in them, so a part out of range is an error the person can fix.

A number that runs on into a word ("by 1 June 3000 visits", "i år 5000 kunder") is a count,
not a year, and is left alone.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from coach.goals import lexicon as lx
from coach.goals.deadlines.patterns import WEEK_WORDS, alt
from coach.goals.errors import GoalInputError

FIRST_YEAR, LAST_YEAR = 1900, 2099  # the years the scanner's patterns read (patterns.YEAR)
MAX_WEEK = 53
_NO_WORD_AFTER = r"(?![\d.,]?\d)(?!\s*[^\W\d_])"  # not "3000 visits", not "2027.5"
_TRAILING_YEAR = re.compile(r",?\s+(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class Impossible:
    """A written date that does not exist, as written ("March 32"), with its offsets."""

    text: str
    start: int
    end: int


class _NoSuchDate(Exception):
    """A day or month outside the calendar (turned into an `Impossible` by `check_dates`)."""


@dataclass(frozen=True)
class _Shapes:
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    month_year: re.Pattern[str]
    iso: re.Pattern[str]
    numeric_year: re.Pattern[str]
    week: re.Pattern[str]
    year_word: re.Pattern[str]
    months: dict[str, int]


@cache
def _shapes() -> _Shapes:
    lex = lx.smart_lexicon().data
    months = {str(k).lower(): int(v) for k, v in
              {**lex["months"], **lex["month_abbreviations"]}.items()}
    month = rf"(?P<m>{alt(months)})(?!\w)\.?"
    year = rf"(?:,?\s+(?P<y>\d{{3,}}){_NO_WORD_AFTER})?"
    year_words = alt(["år", "året", "year", "the year", "in the year", "i året"])
    flags = re.IGNORECASE
    return _Shapes(
        day_month=re.compile(rf"(?<![\w.,])(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?"
                             rf"{month}{year}", flags),
        month_day=re.compile(rf"(?<!\w){month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
                             rf"(?!\d|\.\d)(?!\s*[%:])(?!\s+[^\W\d_])(?![.,]?\d){year}", flags),
        month_year=re.compile(rf"(?<!\w){month}\s+(?P<y>\d{{4,}}){_NO_WORD_AFTER}", flags),
        iso=re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
        numeric_year=re.compile(r"(?<![\d.,/])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./-]"
                                r"(?P<y>\d{4})(?!\d)"),
        week=re.compile(rf"(?<!\w)(?:{alt(WEEK_WORDS)})\s*(?P<w>\d+)(?![\d.,]?\d)"
                        rf"(?:\s+(?:of\s+|i\s+)?(?P<y>(?:19|20)\d{{2}})(?!\d))?"
                        rf"(?!\s*[^\W\d_])", flags),  # "hver uge 5000 skridt" is a count
        year_word=re.compile(rf"(?<!\w)(?:{year_words})\s+(?P<y>\d{{4,}}){_NO_WORD_AFTER}",
                             flags),
        months=months,
    )


def _year(text: str | None) -> int | None:
    """The year, or a 422 when it is written but outside the years a deadline can have."""
    if text is None:
        return None
    value = int(text)
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise GoalInputError("goal", "year_range", first=FIRST_YEAR, last=LAST_YEAR)
    return value


def _day(day: int, month: int, year: int | None) -> None:
    if not 1 <= month <= 12:
        raise _NoSuchDate
    most = calendar.monthrange(year if year is not None else 2024, month)[1]  # 2024: 29 Feb
    if not 1 <= day <= most:
        raise _NoSuchDate


def check_dates(text: str) -> list[Impossible]:
    """The written dates in `text` whose day or month does not exist (empty for text with no
    date at all).

    Raises:
        GoalInputError: (field "goal") a year or week number out of range.
    """
    if not any(c.isdigit() for c in text):
        return []
    s = _shapes()
    found: list[Impossible] = []

    def check(m: re.Match[str], day: int, month: int) -> None:
        try:
            _day(day, month, _year(m.group("y")))
        except _NoSuchDate:
            # the year belongs to it even when a word follows ("31. februar 2027 og ...")
            year = _TRAILING_YEAR.match(text, m.end()) if not m.group("y") else None
            end = year.end() if year else m.end()
            found.append(Impossible(text[m.start():end].strip(" .,"), m.start(), end))

    for pattern in (s.iso, s.numeric_year):
        for m in pattern.finditer(text):
            check(m, int(m.group("d")), int(m.group("m")))
    months_read: set[int] = set()  # "1. juni 0": the month has its day; "0" is no day of it
    for pattern in (s.day_month, s.month_day):
        for m in pattern.finditer(text):
            if m.start("m") in months_read:
                continue
            months_read.add(m.start("m"))
            check(m, int(m.group("d")), s.months[m.group("m").lower()])
    for pattern in (s.month_year, s.year_word):
        for m in pattern.finditer(text):
            _year(m.group("y"))
    for m in s.week.finditer(text):
        week, year = int(m.group("w")), m.group("y")
        last = MAX_WEEK if year is None else _weeks_in(int(year))
        if not 1 <= week <= last:
            raise GoalInputError("goal", "week_range", weeks=last)
    return found


def _weeks_in(year: int) -> int:
    """ISO weeks in `year` (52 or 53): 28 December is always in the last one."""
    from datetime import date

    return date(year, 12, 28).isocalendar()[1]
