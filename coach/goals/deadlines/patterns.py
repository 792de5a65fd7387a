"""Regular expressions and calendar periods behind coach/goals/deadlines/scan.py.

Built once from the word lists in coach/data/goals/lexicon.yaml; the conventions they implement
are documented in docs/deadlines.md. Each pattern is built as a `gates.Rule`, together with the
cheap tests that let the scanner skip it (what a match needs, a guard, its case-folded twin).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

from coach.goals import lexicon as lx
from coach.goals.deadlines.gates import Need, Rule, phrase_need, rule, within_need, word_need

CueKind = Literal["start", "before", "deadline", "within", "weak", "end", "numeric"]
YEAR = r"(?:19|20)\d{2}"
# Literals of the period patterns below, shared by each regex and the `Need` of its rule, so
# one edit changes both.
QUARTER_LETTERS, QUARTERS = "QK", "1234"  # "Q3", "K3" (kvartal)
HALF_LETTER, HALVES = "H", "12"  # "H1"
KVARTAL, QUARTER, HALVAAR, HALF = "kvartal", "quarter", "halvår", "half"
AAR, YEAR_WORD = "år", "year"  # "et halvt år", "half a year"
WEEK_WORDS = ("uge", "week", "wk.", "wk")
FISCAL_WORDS = ("FY", "regnskabsåret", "regnskabsår", "the fiscal year", "fiscal year")


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
    """Every deadline pattern, compiled once (`patterns`), each with its gates."""

    cue: re.Pattern[str]  # searched just before an expression, never gated
    cue_kinds: dict[str, CueKind]
    numeric_cues: frozenset[str]  # cue words that make "1/9" a date
    iso: Rule
    numeric_year: Rule
    day_month: Rule
    month_day: Rule
    numeric: Rule
    sla: Rule
    duration: Rule
    half_year_duration: Rule
    frequency: Rule
    vague: Rule
    relative: list[tuple[Rule, str]]
    quarter: list[Rule]
    half: list[Rule]
    week: Rule
    holiday: list[tuple[Rule, str]]
    season: list[tuple[Rule, str]]
    fiscal: Rule
    anchored: Rule
    anchored_tail: re.Pattern[str]  # after a duration: "of joining" (not "from today")
    from_now: re.Pattern[str]  # after a duration: "from now", "fra i dag"
    year_position: Rule
    month: Rule
    year: Rule
    weekday: Rule
    # "Q2 next year", "i juni i år", "week 10 next year": the year a period is in
    year_qualifier: re.Pattern[str]
    end_tail: re.Pattern[str]  # "er omme", "is over" after a period: its end
    month_range: Rule  # "between March and May", "marts-maj": the range ends with its last
    day_of_month: Rule  # "by the 20th", "inden den 20.": the next such day


def alt(words: Iterable[Any]) -> str:
    """Regex alternation of lexicon words."""
    return lx.alternatives(str(w) for w in words)


@cache
def patterns() -> Patterns:
    """All deadline patterns, compiled once from the lexicon."""
    smart = lx.smart_lexicon()
    lex = smart.data
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
    num = smart.number_regex[None]
    units = alt(lex["duration_units"])
    nxt = alt(lex["next_words"])
    art = alt(lex["duration_articles"])
    ords = alt(lex["ordinals"])
    freq = lex["frequencies"]
    avoid = smart.words("stopwords")  # a phrase's need prefers words that are no stopword

    def phrases(words: list[str]) -> Rule:
        return rule(smart.phrases(words).pattern, phrase_need(words, avoid))

    # The frequency phrases that start with "N", grouped after one number: at each word the
    # pattern tries every number word for each of them, and so would its twin (the costliest
    # search of a scan). The grouped alternation matches at exactly the positions the pattern
    # matches at, so its twin serves as the rule's.
    counted = {p[2:] for p in freq["phrases"] if p.startswith("N ")}
    others = {p for p in freq["phrases"] if not p.startswith("N ")}
    counted_alt, others_alt = ("|".join(lx.phrase_regex(p, num)
                                        for p in sorted(group, key=len, reverse=True))
                               for group in (counted, others))
    every = rf"(?<!\w)(?:(?:{alt(freq['quantifiers'])})\s+(?:{alt(freq['units'])})(?!\w)"
    frequency_hint = rf"{every}|(?<![\w])(?:{num}\s+(?:{counted_alt})|{others_alt})(?![\w]))"
    end_prefix = rf"(?:(?P<end>{end})\s+)?"
    pos = lex["position_markers"]
    mids = [*lex["mid_markers"], *pos["mid"]]
    month_prefix = (rf"(?:(?P<end>{end})\s+|(?P<mid>{alt(mids)})\s*|(?P<early>{alt(pos['early'])})"
                    rf"\s+|(?P<late>{alt(pos['late'])})\s+)?")
    years = lex["position_years"]
    anchor = lex["anchored"]
    markers = [*mids, *pos["early"], *pos["late"]]
    digit = Need(digit=True)
    period_words = alt([*months, *(w for h in lex["holidays"].values() for w in h["words"]),
                        *(w for v in lex["seasons"].values() for w in v["words"]),
                        KVARTAL, QUARTER, HALVAAR, HALF, "kvartalet", "halvåret"])
    return Patterns(
        cue=re.compile(rf"(?:^|(?<=\W))(?P<cue>{alt(cues)})\s+$", flags),
        cue_kinds=cues,
        numeric_cues=frozenset(str(w).lower() for w in lex["cues"]["numeric_date"]),
        iso=rule(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", digit, flags=0),
        numeric_year=rule(r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})[./-](\d{4}|\d{2})(?![\d])",
                          digit, flags=0),
        day_month=rule(rf"(?<![\w.,])(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?"
                       rf"(?:{month_alt})(?!\w)\.?(?:,?\s+{YEAR}(?!\d))?", digit),
        # "(?!\.\d)": "March 15." ends a sentence; "March 15.5" is no date.
        month_day=rule(rf"(?<!\w)(?:{month_alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"(?!\d|\.\d)(?:,?\s+{YEAR}(?!\d))?", digit),
        numeric=rule(r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})(?![\d]|[./,]\d)", digit, flags=0),
        sla=rule(rf"(?<!\w)(?:inden for|indenfor|within|in under|på under|på mindre end|"
                 rf"in less than|under|in|på)\s+{num}\s+(?:{alt(lex['sla_units'])})(?!\w)",
                 phrase_need(lex["sla_units"], avoid)),
        duration=rule(
            rf"(?<!\w)(?:(?P<cue>inden\s+for|indenfor|inden|i\s+løbet\s+af|over|om|i|within|in|"
            rf"during|for)\s+)?(?:(?P<article>de|det|den|the)\s+)?(?:(?P<next>{nxt})\s+)?"
            rf"(?:(?P<num>{num}|{art})\s+)?(?P<unit>{units})(?![\w-])",
            phrase_need(lex["duration_units"], avoid)),
        half_year_duration=rule(
            rf"(?<!\w)(?:(?:inden\s+for|indenfor|i\s+løbet\s+af|over|om|i|within|in|during|for)"
            rf"\s+)?(?:(?:et|ét|det\s+(?:{nxt})|the\s+(?:{nxt})|a)\s+(?:halve|halvt|half)[\s-]+"
            rf"(?:{AAR}|{YEAR_WORD})|half\s+a\s+{YEAR_WORD}|a\s+{YEAR_WORD}\s+and\s+a\s+half)"
            rf"(?![\w-])", word_need(AAR, YEAR_WORD)),
        frequency=rule(rf"{every}|{smart.phrases(freq['phrases']).pattern})",
                       phrase_need([*freq["units"], *freq["phrases"]], avoid),
                       hint=frequency_hint),
        vague=phrases(lex["vague_timing"]),
        # "next MUS" first: its words ("næste MUS") would otherwise be read as another period.
        relative=sorted(((phrases(words), key) for key, words in lex["relative_periods"].items()),
                        key=lambda pk: pk[1] != "next_mus"),
        quarter=[
            rule(rf"{end_prefix}(?:the\s+)?(?<!\w)(?-i:[{QUARTER_LETTERS}])(?P<q>[{QUARTERS}])"
                 rf"(?:\s*[-/']\s*(?P<y2>\d{{2}})(?!\d)|\s+(?P<y>{YEAR}))?(?![\w])"
                 rf"(?!-[^\W\d_])",  # "Q3-kampagnen" is a name
                 word_need(*(c + n for c in QUARTER_LETTERS for n in QUARTERS), digit=True)),
            rule(rf"{end_prefix}(?<![\w.,])(?P<q>[1-4])\.\s*{KVARTAL}(?:\s+(?P<y>{YEAR}))?(?!\w)",
                 word_need(KVARTAL, digit=True)),
            rule(rf"{end_prefix}(?:the\s+|det\s+)?(?P<o>{ords})\s+(?:{KVARTAL}|{QUARTER})"
                 rf"(?:\s+(?:of\s+|i\s+)?(?P<y>{YEAR}))?(?!\w)", word_need(KVARTAL, QUARTER)),
            # no word start before "quarter": "headquarter 3" matches
            rule(rf"{end_prefix}{QUARTER}\s+(?P<q>[1-4])(?:\s+(?:of\s+)?(?P<y>{YEAR}))?(?!\w)",
                 within_need(QUARTER, digit=True)),
        ],
        half=[
            rule(rf"{end_prefix}(?<![\w.,])(?P<h>[12])\.\s*{HALVAAR}(?:\s+(?P<y>{YEAR}))?(?!\w)",
                 word_need(HALVAAR, digit=True)),
            rule(rf"{end_prefix}(?P<o>første|andet|anden)\s+{HALVAAR}(?:\s+(?P<y>{YEAR}))?(?!\w)",
                 word_need(HALVAAR)),
            rule(rf"{end_prefix}(?<!\w)(?-i:{HALF_LETTER})(?P<h>[{HALVES}])"
                 rf"(?:\s+(?P<y>{YEAR}))?(?!\w)",
                 word_need(*(HALF_LETTER + n for n in HALVES))),
            rule(rf"{end_prefix}(?:the\s+)?(?P<o>first|second|1st|2nd)\s+{HALF}(?:\s+of\s+"
                 rf"(?:the\s+year|(?P<y>{YEAR}))|[-\s]year(?:\s+(?P<y3>{YEAR}))?)(?!\w)",
                 word_need(HALF)),
        ],
        week=rule(rf"{end_prefix}(?<!\w)(?:{alt(WEEK_WORDS)})\s*(?P<w>\d{{1,2}})(?!\d)"
                  rf"(?:\s+(?:of\s+|i\s+)?(?P<y>{YEAR}))?",
                  within_need(*WEEK_WORDS, digit=True)),  # "uge12": one word
        # a year after a holiday or season is its year ("inden påske 2027", "by summer 2027")
        holiday=[(rule(rf"(?:{smart.phrases(v['words']).pattern})"
                       rf"(?:\s+(?P<y>{YEAR})(?!\d))?", phrase_need(v["words"], avoid)), k)
                 for k, v in lex["holidays"].items()],
        season=[(rule(rf"{end_prefix}(?:(?P<next>næste|next)\s+)?"
                      rf"(?:{smart.phrases(v['words']).pattern})(?:\s+(?P<y>{YEAR})(?!\d))?",
                      phrase_need(v["words"], avoid)), k)
                for k, v in lex["seasons"].items()],
        fiscal=rule(rf"{end_prefix}(?<!\w)(?:{alt(FISCAL_WORDS)})\s*-?\s*"
                    rf"(?P<y>(?:19|20)?\d{{2}})(?!\d)",
                    within_need(*FISCAL_WORDS, digit=True)),  # "FY26"
        # A period counted from an event ("their first two weeks", "de første tre måneder"):
        # an owner before "first", or an article and a number; not "the first quarter of 2027".
        anchored=rule(
            rf"(?<!\w)(?:(?:{alt(anchor['owners'])})\s+(?:{alt(anchor['first'])})\s+"
            rf"(?:{num}\s+)?|(?:{alt(anchor['articles'])})\s+(?:{alt(anchor['first'])})\s+"
            rf"{num}\s+)(?:{units})(?![\w-])(?!\s+(?:of|af|i|in)\s+(?:{YEAR}|the\s+year|året))",
            phrase_need(anchor["first"], avoid)),
        from_now=re.compile(rf"\s+(?:{alt(anchor['from_now'])})(?!\w)", flags),
        anchored_tail=re.compile(
            rf"\s+(?:{alt(anchor['links'])})\s+(?!(?:{alt(anchor['not_events'])})(?!\w))"
            rf"(?:the\s+|de\s+|den\s+|det\s+)?[^\W\d_]", flags),
        # "mid-2027", "først i 2027", "late next year", "midt på året".
        year_position=rule(
            rf"(?<!\w)(?:(?P<early>{alt(pos['early'])})|(?P<mid>{alt(mids)})|"
            rf"(?P<late>{alt(pos['late'])}))\s*-?\s*(?:(?P<y>{YEAR})(?!\d)|"
            rf"(?P<next>{alt(years['next'])})(?!\w)|(?P<this>{alt(years['this'])})(?!\w))",
            # A substring need, not a word one: the marker may run into the year ("midyear").
            within_need(*markers)),
        # A month right before "-word" is a label ("marts-rapporten"), not a time.
        month=rule(rf"{month_prefix}(?<!\w)(?P<m>{alt(lex['months'])})(?!\w)(?!-[^\W\d_])"
                   rf"(?:\s+(?P<y>{YEAR})(?!\d))?", word_need(*lex["months"])),
        year=rule(rf"{end_prefix}(?<![\w.,])(?P<y>{YEAR})(?![\w/-]|[.,]\d|\s*-\s*\d)", digit),
        weekday=rule(rf"(?<!\w)(?:(?:næste|next|on)\s+)?(?P<d>{alt(lex['weekdays'])})"
                     rf"(?!\w)", word_need(*lex["weekdays"])),
        year_qualifier=re.compile(
            rf"(?:(?<!\w)(?:{period_words})\.?"
            rf"|(?-i:[{QUARTER_LETTERS}])[{QUARTERS}]|(?-i:{HALF_LETTER})[{HALVES}]"
            rf"|(?:{alt(WEEK_WORDS)})\s*\d{{1,2}}|(?:{month_alt})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)"
            rf"(?P<gap>\s+(?:(?:of|i|in)\s+)?)"
            rf"(?:(?P<next>{alt(lex['position_years']['next'])})|"
            rf"(?P<this>{alt(['i år', 'dette år', 'this year', 'the current year'])}))(?!\w)",
            flags),
        end_tail=re.compile(rf"\s+(?:{alt(lex['end_tails'])})(?!\w)", flags),
        month_range=rule(
            rf"(?<!\w)(?:(?P<between>{alt(lex['range_words']['between'])})\s+)?"
            rf"(?P<m1>{alt(lex['months'])})(?:\s+(?P<y1>{YEAR}))?"
            rf"(?:\s+(?P<and>{alt(lex['range_words']['joiners'])})\s+|\s*[-–—]\s*)"
            rf"(?P<m>{alt(lex['months'])})(?!\w)(?:\s+(?P<y>{YEAR})(?!\d))?",
            word_need(*lex["months"])),
        day_of_month=rule(
            rf"(?<!\w)(?:(?:den|d\.)\s*(?P<da>\d{{1,2}})\.|(?P<en>\d{{1,2}})(?:st|nd|rd|th))"
            rf"(?!\w|\s*(?:of\s+)?(?:{month_alt})(?!\w))", digit),
    )
