"""Deadlines in goal text: Danish and English time expressions resolved to a date.

The conventions (and why) are in docs/deadlines.md. dateparser parses absolute day-month(-year)
dates. What it cannot do for a goal is added here: quarters, half-years, "udgangen af",
holidays and seasons, weeks, Danish written-number durations and the difference between a
deadline ("inden juni"), a start ("fra juni") and a frequency ("hver juni"). Durations use
dateutil's relativedelta (the library dateparser itself builds on) because dateparser cannot
parse "inden for tre måneder" and a parsed "3 måneder" would be the same arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache, partial
from typing import Any, Literal

import dateparser
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from coach.goals import lexicon as lx
from coach.goals import matching as sm
from coach.goals.deadlines import gates as dg
from coach.goals.deadlines import patterns as dp
from coach.goals.deadlines.patterns import CueKind
from coach.goals.deadlines.validity import Impossible, check_dates
from coach.goals.errors import GoalInputError

Role = Literal["deadline", "start"]
_LOOKBACK = 48  # characters searched for a cue word before a time expression
# The longest time span a goal may state ("inden for 9999 år" is refused with a 422).
MAX_SPAN_YEARS = 100
# Where "early", "mid" and "late" fall in a year and in a month (docs/deadlines.md).
_POSITION_IN_YEAR = {"early": (3, 31), "mid": (6, 30), "late": (12, 31)}
EARLY_DAY = 10


@dataclass(frozen=True)
class TimeRef:
    """One time expression and what it resolves to.

    Attributes:
        text: The expression as written, with its cue ("inden udgangen af 2. kvartal").
        start: Offset of `text` in the goal.
        end: End offset.
        day: The resolved date.
        role: "deadline", or "start" after a start cue ("fra 1. april").
        note: Convention key (goal_messages.yaml `conventions`) when a convention decided the date.
        core_start: Offset where the expression proper begins (after its cue).
        cue: The kind of cue word before it, if any.
        weak: A month, quarter, half-year, week or year with no cue or a weak one ("the March
            report", "Q3 campaign"): it may be a label, so an expression with a real cue
            ("no later than 20 February") decides the deadline instead.
    """

    text: str
    start: int
    end: int
    day: date
    role: Role
    note: str | None = None
    core_start: int = 0
    cue: CueKind | None = None
    weak: bool = False


@dataclass(frozen=True)
class Span:
    """A piece of text with its offsets (frequencies, vague timing, response-time limits)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TimeScan:
    """Everything time-related found in a goal, in text order."""

    refs: tuple[TimeRef, ...] = ()
    frequencies: tuple[Span, ...] = ()
    vague: tuple[Span, ...] = ()
    sla: tuple[Span, ...] = ()
    anchored: tuple[Span, ...] = ()  # periods counted from an event the goal names
    undated: tuple[Span, ...] = ()  # periods whose day the workplace decides ("sommerferien")
    impossible: tuple[Impossible, ...] = ()  # "by March 32": not resolved, asked about

    @cached_property  # a goal check reads the deadline about a dozen times
    def deadlines(self) -> tuple[TimeRef, ...]:
        """Expressions that end the goal, in text order."""
        return tuple(r for r in self.refs if r.role == "deadline")

    @property
    def starts(self) -> tuple[TimeRef, ...]:
        """Expressions that only say when the goal starts."""
        return tuple(r for r in self.refs if r.role == "start")

    @cached_property
    def deadline(self) -> TimeRef | None:
        """The latest deadline: the goal as a whole is done then (docs/deadlines.md); an
        expression that may be a label ("the March report") counts only when nothing else
        does."""
        pool = [r for r in self.deadlines if not r.weak] or self.deadlines
        return max(pool, key=lambda r: r.day, default=None)


_STRONG: frozenset[str] = frozenset({"start", "before", "deadline", "within", "end", "numeric"})


@lru_cache(maxsize=8192)
def _dateparse(span: str, today: date) -> date | None:
    """dateparser on one date span, relative to today and preferring the future."""
    settings: Any = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "future",
                     "RELATIVE_BASE": datetime(today.year, today.month, today.day),
                     "REQUIRE_PARTS": ["day", "month"]}
    parsed = dateparser.parse(span, languages=["da", "en"], settings=settings)
    return parsed.date() if parsed else None


@lru_cache(maxsize=1)
def _plain_dates() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str],
                            dict[str, int]]:
    """The written forms `_plain_date` reads, with the lexicon's month names."""
    lex = lx.smart_lexicon().data
    months = {str(k).lower(): int(v) for k, v in
              {**lex["months"], **lex["month_abbreviations"]}.items()}
    names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    numeric = re.compile(r"\s*(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
                         r"|(?P<d>\d{1,2})[./](?P<m>\d{1,2})(?:[./-](?P<y>\d{4}|\d{2})|\.?))\s*")
    day_month = re.compile(rf"\s*(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?"
                           rf"(?P<name>{names})\.?(?:,?\s+(?P<y>\d{{4}}))?\s*", re.IGNORECASE)
    month_day = re.compile(rf"\s*(?P<name>{names})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
                           rf"(?:,?\s+(?P<y>\d{{4}}))?\s*", re.IGNORECASE)
    return numeric, day_month, month_day, months


def _plain_date(span: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a span written in one of the plain forms ("30. juni",
    "Sept 22", "12/5", "1/10/2026", "3.11.25", "2026-06-30"), else None.

    Why not always dateparser: these forms are nearly every date in notes, and dateparser spends
    milliseconds on each (its strptime formats keep evicting each other from the regex cache),
    so a 20,000-character set of notes took over a second in it alone. Read here they give
    what dateparser gives (tests/coach/goals/test_deadlines.py compares every form); anything
    else, and any day that does not exist, still goes to dateparser.
    """
    numeric, day_month, month_day, months = _plain_dates()
    parts: tuple[int | None, int, int]
    m = numeric.fullmatch(span)
    if m and m.group("iy"):
        parts = (int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    elif m:
        year = m.group("y")
        # "3.11.25": a two-digit year is this century's (dateparser reads 2125)
        parts = ((int(year) + 2000 if len(year) == 2 else int(year)) if year else None,
                 int(m.group("m")), int(m.group("d")))
    elif (m := day_month.fullmatch(span) or month_day.fullmatch(span)) is not None:
        parts = (int(m.group("y")) if m.group("y") else None, months[m.group("name").lower()],
                 int(m.group("d")))
    else:
        return None
    year, month, day = parts
    try:
        date(year or 2024, month, day)  # 2024: a leap year, so 29 February exists
    except ValueError:
        return None
    return parts


class _Scanner:
    """One pass over a goal: each matched expression is blanked so later patterns skip it."""

    def __init__(self, text: str, today: date) -> None:
        # lookups of matched words must find their lexicon entry
        self.source = sm.re_fold(text)
        self.today = today
        self.p = dp.patterns()
        # "Q2 next year", "i juni i år": the qualifier is written as the year (padded in front,
        # so every offset holds) and the period pattern reads it as its own; quotes come from
        # `source`, as the person wrote them.
        self.text = self._years_written(self.source)
        self.free = bytearray(b"\x01" * len(text))
        self.refs: list[TimeRef] = []
        self.frequencies: list[Span] = []
        self.vague: list[Span] = []
        self.sla: list[Span] = []
        self.anchored: list[Span] = []
        self.undated: list[Span] = []
        self.search = dg.GoalSearch(self.text)

    def _years_written(self, text: str) -> str:
        def year(m: re.Match[str]) -> str:
            q = m.group("next") or m.group("this")
            value = str(self.today.year + (1 if m.group("next") else 0))
            return m.group()[: m.end("gap") - m.start()] + value.rjust(len(q))
        if not any(w in text.lower() for w in ("year", "år")):
            return text
        return self.p.year_qualifier.sub(year, text)

    # -- bookkeeping ---------------------------------------------------------------------------
    def _available(self, start: int, end: int) -> bool:
        return all(self.free[start:end])

    def _take(self, start: int, end: int) -> None:
        self.free[start:end] = bytes(end - start)

    def _matches(self, rule: dg.Rule) -> list[re.Match[str]]:
        return [m for m in self.search.matches(rule)
                if m.end() > m.start() and self._available(m.start(), m.end())]

    def cue(self, start: int) -> tuple[CueKind | None, int]:
        """The cue word just before `start` (only whitespace between) and where it begins."""
        m = self.p.cue.search(self.text, max(0, start - _LOOKBACK), start)
        if m is None:
            return None, start
        return self.p.cue_kinds[" ".join(m.group("cue").lower().split())], m.start("cue")

    def spans(self, rule: dg.Rule, into: list[Span]) -> None:
        for m in self._matches(rule):
            into.append(Span(m.group(), m.start(), m.end()))
            self._take(m.start(), m.end())

    def add(self, m: re.Match[str], day: date | None, cue: CueKind | None, cue_start: int,
            note: str | None = None, *, weak: bool = False) -> None:
        if day is None:
            return
        role: Role = "start" if cue == "start" else "deadline"
        self.refs.append(TimeRef(self.source[cue_start:m.end()], cue_start, m.end(), day, role,
                                 note, m.start(), cue, weak))
        self._take(cue_start, m.end())

    def undated_period(self, m: re.Match[str], at: int) -> None:
        """A period whose day the workplace decides: kept as bounded, never given a day."""
        self.undated.append(Span(self.source[at:m.end()], at, m.end()))
        self._take(at, m.end())

    def shifted(self, months: int = 0, days: int = 0) -> date:
        """`today` moved by a duration the goal states.

        Raises:
            InputError: the span is longer than the coach can resolve (a goal's deadline
                within `MAX_SPAN_YEARS`), instead of an overflow deep in the date code.
        """
        if months > 12 * MAX_SPAN_YEARS or days > 366 * MAX_SPAN_YEARS:
            raise GoalInputError("goal", "span_too_long", years=MAX_SPAN_YEARS)
        return self.today + relativedelta(months=months) + timedelta(days=days)

    # -- passes --------------------------------------------------------------------------------
    def anchored_periods(self) -> None:
        """Periods counted from an event ("their first two weeks"): bounded, with no date."""
        self.spans(self.p.anchored, self.anchored)

    def durations(self) -> None:
        for m in self._matches(self.p.half_year_duration):
            months = 18 if re.search(r"halvandet|and a half", m.group(), re.I) else 6
            cue, at = self.cue(m.start())
            self.add(m, self.shifted(months=months), cue, at, "duration")
        lex = lx.smart_lexicon()
        words, articles = lex.number_words[None], lex.words("duration_articles")
        units: dict[str, list[Any]] = lex.data["duration_units"]
        for m in self._matches(self.p.duration):
            num, nxt = m.group("num"), m.group("next")
            # "i år"/"næste måned" are calendar periods (handled later); "two days a week" has
            # no cue, so it is a rate, not a duration.
            cued = bool(m.group("cue")) or (
                num is not None and self.p.from_now.match(self.text, m.end()) is not None)
            if not ((cued and (num or (nxt and m.group("article")))) or (nxt and num)):
                continue
            if num is None or num.lower() in articles:
                amount = 1.0
            elif num.lower() in words:
                amount = words[num.lower()]
            else:
                amount = float(num.replace(",", "."))
            unit, size = units[" ".join(m.group("unit").lower().split())]
            cue, at = self.cue(m.start())
            if cued and self.p.anchored_tail.match(self.text, m.end()):
                # "within three months of joining": counted from an event, not from today
                self.anchored.append(Span(self.source[at:m.end()], at, m.end()))
                self._take(at, m.end())
                continue
            span = round(min(amount * size, 1e9))  # "99999999 uger" is refused, not overflowed
            day = self.shifted(days=span) if unit == "days" else self.shifted(months=span)
            self.add(m, day, "start" if cue == "start" else "within", at, "duration")

    def _after_ratio(self, m: re.Match[str]) -> bool:
        """The match's number follows "<digit>:": the second half of "1:1" (a one-to-one) or
        of a time or score, never a day ("1:1 April 15" is 15 April)."""
        at = m.start() + len(m.group()) - len(m.group().lstrip())
        return re.search(r"\d:$", self.text[max(0, at - 2):at]) is not None

    def dates(self) -> None:
        for rule in (self.p.iso, self.p.numeric_year, self.p.day_month, self.p.month_day):
            for m in self._matches(rule):
                if self._after_ratio(m):
                    continue
                day = self._absolute(m.group())
                cue, at = self.cue(m.start())
                self.add(m, day, cue, at, None if re.search(dp.YEAR, m.group()) or
                         rule is self.p.numeric_year else "next_occurrence")
        numeric_cues = self.p.numeric_cues
        for m in self._matches(self.p.numeric):
            if self._after_ratio(m):
                continue
            cue, at = self.cue(m.start())
            word = " ".join(self.text[at:m.start()].lower().split())
            # "inden 1/9" is a date; "fra 3.5 til 4.2" is a score.
            if word in numeric_cues or cue == "end":
                self.add(m, self._absolute(m.group()), cue, at, "next_occurrence")

    def _absolute(self, span: str) -> date | None:
        plain = _plain_date(span)
        if plain is not None:
            year, month, day = plain
            if year is not None:
                return date(year, month, day)
            return dp.upcoming(self.today, lambda y: date(y, month, day))
        parsed = _dateparse(span, self.today)
        if parsed is None:
            return None
        if re.search(rf"{dp.YEAR}|[./-]\d{{2}}$", span.strip()):
            return parsed
        return dp.upcoming(self.today, lambda y: date(y, parsed.month, parsed.day))

    def fiscal_years(self) -> None:
        """Fiscal years ("FY2026", "regnskabsåret 2027"), before `relative` takes the bare
        "regnskabsåret"."""
        for m in self._matches(self.p.fiscal):
            year = int(m.group("y"))
            year = year + 2000 if year < 100 else year
            cue, at = self.cue(m.start())
            has_end = bool(m.group("end")) or cue == "end"
            self.add(m, dp.period_day(dp.year_period(year), cue, has_end), cue, at, "fiscal_year")

    def relative(self) -> None:
        undated = lx.smart_lexicon().data["undated"]["relative_periods"]
        for rule, key in self.p.relative:
            for m in self._matches(rule):
                cue, at = self.cue(m.start())
                if key in undated and cue != "start":
                    self.undated_period(m, at)
                    continue
                has_end = cue == "end" or bool(re.match(r"(udgangen|slutningen|end|the end)",
                                                        m.group(), re.I))
                day, note = self._relative_day(key, m.group(), cue, has_end)
                self.add(m, day, cue, at, note)

    def _relative_day(self, key: str, phrase: str, cue: CueKind | None,
                      has_end: bool) -> tuple[date, str | None]:
        t = self.today
        q = (t.month - 1) // 3 + 1
        friday = t + timedelta(days=(4 - t.weekday()) % 7)
        periods: dict[str, dp.Period] = {
            "year_end": dp.year_period(t.year),
            "next_year_end": dp.year_period(t.year + 1),
            "quarter_end": dp.quarter_period(t.year, q),
            "next_quarter_end": dp.quarter_period(t.year + q // 4, q % 4 + 1),
            "half_end": dp.half_period(t.year, 1 if t.month <= 6 else 2),
            "month_end": dp.month_period(t.year, t.month),
            "next_month_end": dp.month_period((t + relativedelta(months=1)).year,
                                     (t + relativedelta(months=1)).month),
            "week_end": dp.Period(friday - timedelta(days=4), friday),
            "next_week_end": dp.Period(friday + timedelta(days=3), friday + timedelta(days=7)),
        }
        if key == "next_mus":
            return t + relativedelta(months=12), "next_mus"
        note = "fiscal_year" if re.search(r"regnskab|fiscal|financial", phrase, re.I) else None
        if key.startswith("week"):
            note = "week_friday"
        day = dp.period_day(periods[key], cue if key.startswith("next") else None, has_end)
        return day, note

    def quarters_halves_weeks(self) -> None:
        ordinals: dict[str, int] = lx.smart_lexicon().data["ordinals"]
        for rule in self.p.quarter:
            for m in self._matches(rule):
                q = int(m.group("q")) if "q" in m.groupdict() and m.group("q") \
                    else ordinals[m.group("o").lower()]
                self._period(m, partial(dp.quarter_period, q=q), "quarter")
        for rule in self.p.half:
            for m in self._matches(rule):
                h = int(m.group("h")) if "h" in m.groupdict() and m.group("h") \
                    else ordinals[m.group("o").lower()]
                self._period(m, partial(dp.half_period, h=h), "half")
        for m in self._matches(self.p.week):
            w = int(m.group("w"))
            self._period(m, partial(dp.week_period, week=w), "week")

    def _explicit_year(self, m: re.Match[str]) -> int | None:
        groups = m.groupdict()
        for name in ("y", "y3"):
            if groups.get(name):
                return int(groups[name])
        if groups.get("y2"):
            return 2000 + int(groups["y2"])
        return None

    def _period(self, m: re.Match[str], build: Callable[[int], dp.Period | None], kind: str,
                cue: CueKind | None = None, at: int | None = None) -> None:
        if at is None:
            cue, at = self.cue(m.start())
        has_end = bool(m.groupdict().get("end")) or cue == "end" \
            or self.p.end_tail.match(self.text, m.end()) is not None
        before = cue == "before" and not has_end
        note = f"{kind}_before" if before else f"{kind}_end"
        if kind == "week" and not before:
            note = "week_friday"
        year = self._explicit_year(m)
        if year is not None:
            period = build(year)
            day = None if period is None else dp.period_day(period, cue, has_end)
        else:
            day = dp.upcoming_period(self.today, build, cue, has_end)
        label = not has_end and self._names_thing(m)  # "hand over the Q4 forecast model"
        if label:  # the word before is the verb's ("hand over"), not a cue of the period
            cue, at = None, m.start()
        self.add(m, day, cue, at, note, weak=(cue in (None, "weak") or label) and not has_end)

    def year_positions(self) -> None:
        """Early, mid or late in a year ("først i 2027", "mid-2027", "midt på året")."""
        for m in self._matches(self.p.year_position):
            where = next(k for k in ("early", "mid", "late") if m.group(k))
            month, day = _POSITION_IN_YEAR[where]
            cue, at = self.cue(m.start())
            if where in lx.smart_lexicon().data["undated"]["year_positions"] and cue != "start":
                self.undated_period(m, at)  # "early next year": which month is the team's
                continue
            if m.group("y"):
                found: date | None = date(int(m.group("y")), month, day)
            elif m.group("next"):
                found = date(self.today.year + 1, month, day)
            else:
                found = dp.upcoming(self.today, partial(date, month=month, day=day))
            self.add(m, found, cue, at, f"year_{where}")

    def holidays_seasons(self) -> None:
        lex = lx.smart_lexicon().data
        undated = lex["undated"]
        for rule, key in self.p.holiday:
            for m in self._matches(rule):
                cue, at = self.cue(m.start())
                if cue in _STRONG and cue != "start" and key in undated["holidays"]:
                    self.undated_period(m, at)  # the school's summer holiday, not 1 July
                elif cue in _STRONG:
                    year = int(m.group("y")) if m.group("y") else None
                    self.add(m, self._holiday(key, year), cue, at, key)
        for rule, key in self.p.season:
            season = lex["seasons"][key]
            for m in self._matches(rule):
                cue, at = self.cue(m.start())
                has_end = bool(m.group("end")) or cue == "end"
                if not (has_end or cue in _STRONG or m.group("next")):
                    continue
                if key in undated["seasons"] and cue in ("before", "deadline") \
                        and not has_end and not m.group("next"):
                    # "til sommer", "before the summer": when it begins is the workplace's
                    # (its holiday, its term); "during the spring" keeps the season's end
                    self.undated_period(m, at)
                    continue
                if cue == "before" and not has_end and season.get("before"):
                    year = int(m.group("y")) if m.group("y") else None
                    self.add(m, self._holiday(season["before"], year), cue, at,
                             season["before"])
                    continue

                def build(y: int, season: dict[str, Any] = season) -> dp.Period:
                    first = dp.month_day(y, season["start"])
                    last_year = y + 1 if season["end"] < season["start"] else y
                    return dp.Period(first, dp.month_day(last_year, season["end"]))
                if m.group("next"):  # "next summer": the next one that has not started yet
                    nxt = next(p for y in range(self.today.year - 1, self.today.year + 2)
                               if (p := build(y)).first > self.today)
                    self.add(m, dp.period_day(nxt, cue, has_end), cue, at, "season_end")
                    continue
                self._period(m, build, "season", cue, at)

    def _holiday(self, key: str, year: int | None = None) -> date | None:
        """The holiday's convention day: in `year` when written ("inden påske 2027"), else
        the next one on or after today."""
        holiday = lx.smart_lexicon().data["holidays"][key]
        build: Callable[[int], date]
        if "date" in holiday:
            def build(y: int) -> date:
                return dp.month_day(y, holiday["date"])
        elif "easter_offset" in holiday:
            def build(y: int) -> date:
                return easter(y) + timedelta(days=int(holiday["easter_offset"]))
        else:
            def build(y: int) -> date:
                return date.fromisocalendar(y, int(holiday["iso_week"]), 1)
        return build(year) if year is not None else dp.upcoming(self.today, build)

    def months_years_weekdays(self) -> None:
        lex = lx.smart_lexicon().data
        months: dict[str, int] = lex["months"]
        for m in self._matches(self.p.month):
            name = m.group("m")
            cue, at = self.cue(m.start())
            if name.lower() == "may" and not name[0].isupper():
                continue  # the verb
            if self._label(m):
                continue  # "the March report", "vores juni-møde": a name, not a time
            if not (cue or m.group("end") or m.group("mid") or m.group("y") or m.group("early")
                    or m.group("late")):
                continue
            number = months[name.lower()]
            if m.group("early") or m.group("late"):
                year = int(m.group("y")) if m.group("y") else None

                def point(y: int, number: int = number, late: bool = bool(m.group("late"))
                          ) -> date:
                    return dp.last_day(y, number) if late else date(y, number, EARLY_DAY)
                found = point(year) if year else dp.upcoming(self.today, point)
                self.add(m, found, cue, at, "late_month" if m.group("late") else "early_month")
                continue
            if m.group("mid"):
                year = int(m.group("y")) if m.group("y") else None
                mid = partial(date, month=number, day=15)
                day = mid(year) if year else dp.upcoming(self.today, mid)
                self.add(m, day, cue, at, "mid_month")
                continue
            self._period(m, partial(dp.month_period, month=number), "month", cue, at)
        for m in self._matches(self.p.year):
            cue, at = self.cue(m.start())
            word = self.text[at:m.start()].strip().lower()
            if m.group("end") or cue in _STRONG or word == "for":
                self._period(m, dp.year_period, "year", cue, at)
        weekdays: dict[str, int] = lex["weekdays"]
        for m in self._matches(self.p.weekday):
            cue, at = self.cue(m.start())
            # "on Tuesday" names the day itself ("hver tirsdag" is a frequency, read earlier)
            said_on = m.group().lower().startswith("on ")
            if cue not in ("before", "deadline", "end", "numeric") and not said_on:
                continue
            # "by Friday" written on a Friday means next week's: the first one after today
            ahead = (weekdays[m.group("d").lower()] - self.today.weekday()) % 7 or 7
            self.add(m, self.today + timedelta(days=ahead), cue, at)

    def month_ranges(self) -> None:
        """"between March and May", "marts-maj": the range ends with its last month."""
        months: dict[str, int] = lx.smart_lexicon().data["months"]
        for m in self._matches(self.p.month_range):
            cue, at = self.cue(m.start())
            if m.group("and") and not m.group("between") and cue in (None, "weak", "start"):
                continue  # "the March and May reports": names; "fra marts og maj": a start
            if any(g.lower() == "may" and not g[0].isupper() for g in (m.group("m1"),
                                                                     m.group("m"))):
                continue  # the verb
            first, last = months[m.group("m1").lower()], months[m.group("m").lower()]
            year = int(m.group("y")) if m.group("y") else None
            if year is None and m.group("y1"):
                year = int(m.group("y1")) + (last < first)
            build = partial(dp.month_period, month=last)
            if cue == "start" and not m.group("between"):
                continue  # "fra marts-maj": when something starts
            day = build(year).last if year is not None else \
                dp.upcoming_period(self.today, build, None, True)
            # "in March and May": the later month ends the goal too. Without "between" or a
            # real cue a range may only say how long something lasts ("a temp for
            # October–December"), so it yields to a real deadline, as a bare month does.
            weak = not m.group("between") and cue in (None, "weak")
            self.add(m, day, "within" if cue in (None, "start") else cue, at, "range_end",
                     weak=weak)

    def days_of_month(self) -> None:
        """"by the 20th", "senest den 20.": the next such day on or after today."""
        for m in self._matches(self.p.day_of_month):
            cue, at = self.cue(m.start())
            if cue not in ("before", "deadline", "end", "numeric"):
                continue
            number = int(m.group("da") or m.group("en"))
            if not 1 <= number <= 31:
                continue

            def build(y: int, month: int, number: int = number) -> date | None:
                return date(y, month, number) if number <= dp.last_day(y, month).day else None
            start = self.today.replace(day=1)
            days = (build(d.year, d.month) for d in
                    (start + relativedelta(months=k) for k in range(13)))
            day = next((d for d in days if d is not None and d >= self.today), None)
            self.add(m, day, cue, at, "next_occurrence")

    def _names_thing(self, m: re.Match[str]) -> bool:
        """A period between a determiner and a noun ("the Q4 forecast") names a thing; it
        counts only when nothing else gives the deadline."""
        lex = lx.smart_lexicon()
        first = m.group().split()[:1] or [""]
        before = self.text[max(0, m.start() - 8):m.start()].lower().split()[-1:] or [""]
        after = re.match(r"\s+([^\W\d_]+)", self.text[m.end():])
        determiners = lex.words("noun_determiners")
        return bool((first[0].lower() in determiners or before[0] in determiners) and after
                    and after.group(1).lower() not in lex.words("stopwords")
                    and after.group(1).lower() not in lex.words("time_nouns"))

    def _label(self, m: re.Match[str]) -> bool:
        """A bare month between a determiner and a noun ("the March report") names a thing."""
        if m.group("y") or m.group("end") or m.group("mid") or m.group("early") \
                or m.group("late"):
            return False
        lex = lx.smart_lexicon()
        before = self.text[max(0, m.start() - 8):m.start()].lower().split()
        after = re.match(r"\s+([^\W\d_]+)", self.text[m.end():])
        return bool(before and before[-1] in lex.words("noun_determiners") and after
                    and after.group(1).lower() not in lex.words("stopwords")
                    and after.group(1).lower() not in lex.words("time_nouns"))

    def run(self) -> TimeScan:
        self.spans(self.p.sla, self.sla)
        self.anchored_periods()
        self.durations()
        self.spans(self.p.frequency, self.frequencies)
        self.spans(self.p.vague, self.vague)
        self.dates()
        self.fiscal_years()
        self.year_positions()
        self.relative()
        self.quarters_halves_weeks()
        self.holidays_seasons()
        self.month_ranges()
        self.months_years_weekdays()
        self.days_of_month()
        return TimeScan(tuple(sorted(self.refs, key=lambda r: r.start)), tuple(self.frequencies),
                        tuple(self.vague), tuple(self.sla),
                        tuple(sorted(self.anchored, key=lambda a: a.start)),
                        tuple(sorted(self.undated, key=lambda a: a.start)))


def scan(text: str, today: date) -> TimeScan:
    """Find every deadline, start, frequency, vague timing and response-time limit in `text`.

    Args:
        text: The goal, Danish or English.
        today: The date relative expressions are resolved against.

    Returns:
        The scan; `scan(...).deadline` is the goal's deadline (the latest one), or None.

    Raises:
        GoalInputError: a year or week number out of range (`validity`); a day or month
            that cannot exist is not resolved but listed in `impossible`.
    """
    impossible = check_dates(text)
    scanner = _Scanner(text, today)
    for bad in impossible:  # no pattern may read "March 32" as "March" or "March 3"
        scanner._take(bad.start, bad.end)
    found = scanner.run()
    return replace(found, impossible=tuple(impossible)) if impossible else found


def resolve_deadline(text: str, today: date) -> date | None:
    """The goal's deadline as a date, or None when it has none."""
    ref = scan(text, today).deadline
    return ref.day if ref else None
