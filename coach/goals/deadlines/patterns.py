"""Regular expressions and calendar periods behind coach/goals/deadlines/scan.py.

Built once from the word lists in coach/data/smart_lexicon.yaml; the conventions they implement
are documented in docs/deadlines.md. The cheap tests that let the scanner skip most of them
(word needs, guards, case-folded twins, the frequency split) are built in `gates`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from coach.goals import lexicon as lx
from coach.goals.deadlines import gates as dg

CueKind = Literal["start", "before", "deadline", "within", "weak", "end", "numeric"]
YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class Period:
    """A calendar period; `before` resolves to the day before it starts, otherwise its end."""

    first: date
    last: date


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_period(year: int, month: int) -> Period:
    """A calendar month."""
    return Period(date(year, month, 1), last_day(year, month))


def quarter_period(year: int, q: int) -> Period:
    """Quarter `q` (1-4) of `year`."""
    return Period(date(year, 3 * q - 2, 1), last_day(year, 3 * q))


def half_period(year: int, h: int) -> Period:
    """Half-year `h` (1-2) of `year`."""
    return Period(date(year, 6 * h - 5, 1), last_day(year, 6 * h))


def year_period(year: int) -> Period:
    """A calendar year."""
    return Period(date(year, 1, 1), date(year, 12, 31))


def week_period(year: int, week: int) -> Period | None:
    """ISO week Monday to Friday (a work week), or None when the week does not exist."""
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return Period(monday, monday + timedelta(days=4))  # a work week ends on Friday


def month_day(year: int, text: str) -> date:
    """"MM-DD" (or "MM-end") in `year`."""
    month, day = text.split("-")
    if day == "end":
        return last_day(year, int(month))
    return date(year, int(month), int(day))


def upcoming(today: date, build: Callable[[int], date | None]) -> date | None:
    """The first of build(year-1), build(year), build(year+1) that is on or after today."""
    for year in (today.year - 1, today.year, today.year + 1, today.year + 2):
        try:
            day = build(year)
        except ValueError:
            continue
        if day is not None and day >= today:
            return day
    return None


def period_day(period: Period, cue: CueKind | None, has_end: bool) -> date:
    """The period's last day, or the day before it starts after "inden"/"before"."""
    if cue == "before" and not has_end:
        return period.first - timedelta(days=1)
    return period.last


def upcoming_period(today: date, build: Callable[[int], Period | None], cue: CueKind | None,
                    has_end: bool) -> date | None:
    """The first period from `build` whose deadline day is on or after today."""
    def day(year: int) -> date | None:
        period = build(year)
        return None if period is None else period_day(period, cue, has_end)
    return upcoming(today, day)


@dataclass(frozen=True)
class Patterns:
    """Every deadline pattern, compiled once (`patterns`), and the gates that skip them."""

    cue: re.Pattern[str]
    cue_kinds: dict[str, CueKind]
    numeric_cues: frozenset[str]  # cue words that make "1/9" a date (rebuilt per scan before)
    iso: re.Pattern[str]
    numeric_year: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    numeric: re.Pattern[str]
    sla: re.Pattern[str]
    duration: re.Pattern[str]
    half_year_duration: re.Pattern[str]
    frequency: re.Pattern[str]
    vague: re.Pattern[str]
    relative: list[tuple[re.Pattern[str], str]]
    quarter: list[re.Pattern[str]]
    half: list[re.Pattern[str]]
    week: re.Pattern[str]
    holiday: list[tuple[re.Pattern[str], str]]
    season: list[tuple[re.Pattern[str], str]]
    fiscal: re.Pattern[str]
    month: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    # The gates below are filled by `dg.derive` (coach/goals/deadlines/gates.py).
    # id(pattern) -> a cheaper pattern that matches wherever it does (see `dg._guards`); keyed
    # by id because hashing a Pattern hashes its whole source, which cost more than the guard
    guards: dict[int, re.Pattern[str]]
    # `frequency` cut by its first two words (see `dg.WordIndex`); None if the cut went wrong
    frequency_index: dg.WordIndex | None
    # "relative", "quarter", "half", "holiday", "season" -> one pattern that matches wherever
    # any pattern of that list does, and for lists of lexicon phrases the words their matches
    # can start with (see `dg._families`)
    families: dict[str, re.Pattern[str]]
    # id(pattern) / family name -> a `dg.Need` of the goal's words (see `dg._needs`)
    needs: dict[int, dg.Need]
    family_needs: dict[str, dg.Need]
    # id(pattern or family guard) -> its `sm.folded_twin`, searched in the lower-cased goal
    twins: dict[int, re.Pattern[str]]
    # id(pattern) -> the twin of the whole pattern (not of its guard): where matches can start
    scan_twins: dict[int, re.Pattern[str]]


def alt(words: Iterable[Any]) -> str:
    """Regex alternation of lexicon words."""
    return lx.alternatives(str(w) for w in words)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """All deadline patterns, compiled once from the lexicon."""
    lex = lx.lexicon()
    cues: dict[str, CueKind] = {}
    kinds: tuple[CueKind, ...] = ("weak", "within", "deadline", "before", "numeric", "start")
    for kind in kinds:  # a word in several lists keeps the first kind ("the" is weak)
        source = lex["cues"]["numeric_date" if kind == "numeric" else kind]
        for word in source:
            cues.setdefault(str(word).lower(), kind)
    for word in lex["end_markers"]:
        cues[str(word).lower()] = "end"
    flags = re.IGNORECASE
    end = alt(lex["end_markers"])
    months = {**lex["months"], **lex["month_abbreviations"]}
    month_alt = alt(months)
    num = lx.number_regex()
    units = alt(lex["duration_units"])
    nxt = alt(lex["next_words"])
    art = alt(lex["duration_articles"])
    ords = alt(lex["ordinals"])
    freq = lex["frequencies"]
    frequency = (rf"(?<!\w)(?:(?:{alt(freq['quantifiers'])})\s+(?:{alt(freq['units'])})(?!\w)"
                 rf"|{lx.compile_phrases(freq['phrases']).pattern})")
    end_prefix = rf"(?:(?P<end>{end})\s+)?"
    month_prefix = rf"(?:(?P<end>{end})\s+|(?P<mid>{alt(lex['mid_markers'])})\s*)?"
    built = Patterns(
        cue=re.compile(rf"(?:^|(?<=\W))(?P<cue>{alt(cues)})\s+$", flags),
        cue_kinds=cues,
        numeric_cues=frozenset(str(w).lower() for w in lex["cues"]["numeric_date"]),
        iso=re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])"),
        numeric_year=re.compile(r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})[./-](\d{4}|\d{2})(?![\d])"),
        day_month=re.compile(rf"(?<![\w.,])(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?"
                             rf"(?:{month_alt})(?!\w)\.?(?:,?\s+{YEAR}(?!\d))?", flags),
        month_day=re.compile(rf"(?<!\w)(?:{month_alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                             rf"(?![\d.])(?:,?\s+{YEAR}(?!\d))?", flags),
        numeric=re.compile(r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})(?![\d]|[./,]\d)"),
        sla=re.compile(rf"(?<!\w)(?:inden for|indenfor|within|in under|på under|på mindre end|"
                       rf"in less than|under|in|på)\s+{num}\s+(?:{alt(lex['sla_units'])})(?!\w)",
                       flags),
        duration=re.compile(
            rf"(?<!\w)(?:(?P<cue>inden\s+for|indenfor|i\s+løbet\s+af|over|om|i|within|in|"
            rf"during|for)\s+)?(?:(?P<article>de|det|den|the)\s+)?(?:(?P<next>{nxt})\s+)?"
            rf"(?:(?P<num>{num}|{art})\s+)?(?P<unit>{units})(?![\w-])", flags),
        half_year_duration=re.compile(
            rf"(?<!\w)(?:(?:inden\s+for|indenfor|i\s+løbet\s+af|over|om|i|within|in|during|for)"
            rf"\s+)?(?:(?:et|ét|det\s+(?:{nxt})|the\s+(?:{nxt})|a)\s+(?:halve|halvt|half)[\s-]+"
            rf"(?:år|year)|half\s+a\s+year|a\s+year\s+and\s+a\s+half)(?![\w-])", flags),
        frequency=re.compile(frequency, flags),
        vague=lx.compile_phrases(lex["vague_timing"]),
        # "next MUS" first: its words ("næste MUS") would otherwise be read as another period.
        relative=sorted(((lx.compile_phrases(words), key)
                         for key, words in lex["relative_periods"].items()),
                        key=lambda pk: pk[1] != "next_mus"),
        quarter=[
            re.compile(rf"{end_prefix}(?:the\s+)?(?<!\w)(?-i:[QK])(?P<q>[1-4])(?:\s*[-/']\s*"
                       rf"(?P<y2>\d{{2}})(?!\d)|\s+(?P<y>{YEAR}))?(?![\w])", flags),
            re.compile(rf"{end_prefix}(?<![\w.,])(?P<q>[1-4])\.\s*kvartal(?:\s+(?P<y>{YEAR}))?"
                       rf"(?!\w)", flags),
            re.compile(rf"{end_prefix}(?:the\s+|det\s+)?(?P<o>{ords})\s+(?:kvartal|quarter)"
                       rf"(?:\s+(?:of\s+|i\s+)?(?P<y>{YEAR}))?(?!\w)", flags),
            re.compile(rf"{end_prefix}quarter\s+(?P<q>[1-4])(?:\s+(?:of\s+)?(?P<y>{YEAR}))?"
                       rf"(?!\w)", flags),
        ],
        half=[
            re.compile(rf"{end_prefix}(?<![\w.,])(?P<h>[12])\.\s*halvår(?:\s+(?P<y>{YEAR}))?"
                       rf"(?!\w)", flags),
            re.compile(rf"{end_prefix}(?P<o>første|andet|anden)\s+halvår(?:\s+(?P<y>{YEAR}))?"
                       rf"(?!\w)", flags),
            re.compile(rf"{end_prefix}(?<!\w)(?-i:H)(?P<h>[12])(?:\s+(?P<y>{YEAR}))?(?!\w)", flags),
            re.compile(rf"{end_prefix}(?:the\s+)?(?P<o>first|second|1st|2nd)\s+half(?:\s+of\s+"
                       rf"(?:the\s+year|(?P<y>{YEAR}))|[-\s]year(?:\s+(?P<y3>{YEAR}))?)(?!\w)",
                       flags),
        ],
        week=re.compile(rf"{end_prefix}(?<!\w)(?:uge|week|wk\.?)\s*(?P<w>\d{{1,2}})(?!\d)"
                        rf"(?:\s+(?:of\s+|i\s+)?(?P<y>{YEAR}))?", flags),
        holiday=[(lx.compile_phrases(v["words"]), k) for k, v in lex["holidays"].items()],
        season=[(re.compile(rf"{end_prefix}(?:(?P<next>næste|next)\s+)?"
                            rf"(?:{lx.compile_phrases(v['words']).pattern})", flags), k)
                for k, v in lex["seasons"].items()],
        fiscal=re.compile(rf"{end_prefix}(?<!\w)(?:FY|regnskabsåret|regnskabsår|the\s+fiscal\s+"
                          rf"year|fiscal\s+year)\s*-?\s*(?P<y>(?:19|20)?\d{{2}})(?!\d)", flags),
        month=re.compile(rf"{month_prefix}"
                         rf"(?<!\w)(?P<m>{alt(lex['months'])})(?!\w)(?:\s+(?P<y>{YEAR})(?!\d))?",
                         flags),
        year=re.compile(rf"{end_prefix}(?<![\w.,])(?P<y>{YEAR})(?![\w/-]|[.,]\d|\s*-\s*\d)",
                        flags),
        weekday=re.compile(rf"(?<!\w)(?:(?:næste|next|on)\s+)?(?P<d>{alt(lex['weekdays'])})"
                           rf"(?!\w)", flags),
        guards={},
        frequency_index=None,
        families={},
        needs={},
        family_needs={},
        twins={},
        scan_twins={},
    )
    dg.derive(built, lex, {end_prefix, month_prefix})
    return built
