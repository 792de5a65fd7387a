"""Dates in notes, read with the goal checker's deadline scanner (`coach.goals.deadlines`).

The scanner resolves every time expression against the reference date (`meeting_date`, else
`today`). Notes add two things a goal rarely has: a bare day and month ("Opfølgning: 26/11",
"klar 2/6"), which the scanner reads only after a cue word because in a goal "3.5" is more
often a score, and a clock time ("kl. 14.30", "10:00"). Both are read here, for the spans
the summary already knows are agreements or meetings.

Some of the scanner's conventions name a period rather than a day ("i juni" is 30 June,
"inden sommerferien" 1 July, "medio juni" the 15th): a summary must not put such a guess in
a calendar, so those dates come back `ambiguous` and the summary asks for the day instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, partial

from coach.goals.deadlines import patterns as dp
from coach.goals.deadlines.scan import TimeScan, scan
from coach.goals.lexicon import smart_lexicon
from coach.summary.lexicon import NotesLexicon

# "26/11", "2.6." (a dot needs a closing dot, or it is a decimal: "release 4.2", "3.5 af 5")
_BARE = re.compile(r"(?<![\w./:,-])(?P<d>\d{1,2})(?:/(?P<m1>\d{1,2})(?![\d/])|\.(?P<m2>\d{1,2})"
                   r"\.(?![\d]))(?!\s*(?:af|of|ud af|out of)\b)")
_CLOCK = re.compile(r"(?:(?<!\w)kl\.?\s*(?P<h1>\d{1,2})(?:[.:](?P<m1>\d{2}))?(?!\d)"
                    r"|(?<![\d.:/])(?P<h2>\d{1,2}):(?P<m2>\d{2})(?![\d:])"
                    r"|(?<![\d.:/])(?P<h3>\d{1,2})(?:[.:](?P<m3>\d{2}))?\s*(?P<ap>am|pm)(?!\w))",
                    re.IGNORECASE)
_END_WORDS = re.compile(r"udgang|slutning|ultimo|ult\.|end\b|close of", re.IGNORECASE)
_DAY_DIGITS = re.compile(r"\d")
# A measure a duration is the window of: a rule for each case or a run ("any overrun within 2
# days", "3 mdr i træk", "within 8 weeks, measured quarterly"); "10 % inden for 6 måneder"
# stays a deadline
_MEASURE = re.compile(r"(?<!\w)(?:each|every|any|per|pr\.|hver|hvert|enhver|ethvert|i træk|"
                      r"in a row|measured|målt)(?!\w)", re.IGNORECASE)
# "kalenderen for 2026", "i 2026": a year named as what something is about
_YEAR_ONLY = re.compile(r"(?:for|i|in)\s+\d{4}", re.IGNORECASE)
# "trial until end of June", "ingen vagter frem til 1. maj": the end of a period
_PERIOD_END = re.compile(r"(?<!\w)(?:until|till|through|throughout|indtil|frem til|til og med)"
                         r"\s+(?:the\s+)?(?:(?:end|udgangen|slutningen)\s+(?:of|af)\s+)?$",
                         re.IGNORECASE)
_NOT_A_DATE = re.compile(r"24/7")
# A day and month without a year is the next one on or after the reference; one that lands
# further ahead than this is more likely a day already past ("by March 6" written on 20 March),
# so the summary asks instead of putting next year's date in the plan.
FAR_AHEAD = timedelta(days=335)
TITLE_RANGE = timedelta(days=400)  # a title's date this close to today is the meeting's day


@dataclass(frozen=True)
class NoteDate:
    """A date the notes give for something.

    Attributes:
        day: The resolved date.
        start: Offset of the expression in the notes.
        end: End offset.
        text: The expression as written.
        start_only: True after a start cue ("fra 1. maj"): when it starts, not when it is due.
        exact: True for a written day ("12/5", "15. maj", "2026-06-30"); False for a period,
            a week or a duration resolved by convention.
        ambiguous: True when the expression names no single day ("i juni", "inden
            sommerferien"); `day` is then the goal checker's convention, not a fact.
        cued: True after a deadline word ("inden", "senest", "by", "frist"): a due date, where
            "en plan for 2027" names what the plan is about.
        period: True after "until", "frem til", "indtil": when an arrangement ends ("trial
            until end of June"), which no one has to do anything by; and for a bare year
            ("kalenderen for 2026").
    """

    day: date
    start: int
    end: int
    text: str
    start_only: bool
    exact: bool
    ambiguous: bool
    cued: bool = False
    period: bool = False
    loose: bool = False  # a convention for a period ("i starten af december"): no meeting day
    window: bool = False  # a duration a measure is taken over ("0,5 % i 3 mdr i træk")


@dataclass(frozen=True)
class DateScan:
    """The dates and clock times in one span of the notes."""

    dates: tuple[NoteDate, ...]
    times: tuple[tuple[int, str], ...]  # (offset, "HH:MM")
    frequency: bool  # "hver uge", "every other Friday": a rhythm, not a date

    def due(self, *, periods: bool = True) -> NoteDate | None:
        """When something is due: the latest date that is not a start and names a day, of
        those after a deadline word when there are any; without `periods`, not the end of a
        period either (a to-do's due day)."""
        days = [d for d in self.dates if not d.start_only and not d.ambiguous and not d.window
                and (periods or not d.period)]
        cued = [d for d in days if d.cued]
        return max(cued or days, key=lambda d: d.day, default=None)

    def vague(self) -> NoteDate | None:
        """A due date given only as a period ("i juni"), when no exact one is."""
        if self.due() is not None:
            return None
        return next((d for d in self.dates if not d.start_only and d.ambiguous
                     and not d.window), None)

    def meetings(self) -> list[NoteDate]:
        """The days of a meeting line: written days first; a week or period only when the
        line gives no written day ("Torsdag 1/10 (uge 40)" is 1 October)."""
        usable = [d for d in self.dates if not d.ambiguous and not d.loose]
        exact = [d for d in usable if d.exact]
        return exact or usable[:1]


@lru_cache(maxsize=1)
def _start_cues() -> re.Pattern[str]:
    words = sorted((str(w) for w in smart_lexicon().data["cues"]["start"]), key=len,
                   reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?:^|\W)(?:{alternation})\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _weekday_after_on() -> re.Pattern[str]:
    # The deadline scanner reads a weekday only after a deadline cue ("by Friday", "inden
    # fredag"); in notes "on Friday" / "på fredag" names the day a to-do happens.
    days = sorted((str(w) for w in smart_lexicon().data["weekdays"] if len(str(w)) > 3),
                  key=len, reverse=True)
    # "next Friday", "næste mandag" and an event with its day ("på teammødet mandag", "at the
    # team meeting Monday") name the next such day too
    return re.compile(rf"(?<!\w)(?:on|this|på|nu på|til|next|næste|coming|kommende|"
                      rf"[^\W\d_]*møde(?:t)?|[^\W\d_]*meeting)\s+(?P<day>{'|'.join(days)})"
                      r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _day_of_month() -> re.Pattern[str]:
    # A day of the month without its month: "by the 13th", "Wednesday the 18th", "senest d.
    # 13." (Danish needs "d."/"den" and a closing dot, or it is a number)
    days = sorted((str(w) for w in smart_lexicon().data["weekdays"] if len(str(w)) > 3),
                  key=len, reverse=True)
    return re.compile(
        rf"(?<!\w)(?:(?P<cue>by|before|until|no later than|senest|inden|før)\s+)?"
        rf"(?:(?P<on>on|på)\s+)?(?:(?P<wd>{'|'.join(days)})\s+)?"
        r"(?:the\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)|(?:d\.|den)\s+(?P<d2>\d{1,2})\.(?!\s*\w)"
        r"|(?<=[a-z] )(?P<d3>\d{1,2})(?:st|nd|rd|th))(?!\w)", re.IGNORECASE)


def _next_day_of_month(ref: date, wanted: int) -> date | None:
    """The next day numbered `wanted`, on or after `ref` (this month or a later one)."""
    year, month = ref.year, ref.month
    for _ in range(3):
        if wanted >= (ref.day if (year, month) == (ref.year, ref.month) else 1):
            try:
                return date(year, month, wanted)
            except ValueError:
                pass
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _day(year: int, *, month: int, day: int) -> date:
    return date(year, month, day)


def _ambiguous(note: str | None, text: str, lex: NotesLexicon) -> bool:
    if note in lex.ambiguous_notes:
        return True
    return note in lex.month_notes and not _END_WORDS.search(text)


def _is_cued(cue: str) -> bool:
    words = " ".join(cue.lower().split())
    return bool(words) and words in _deadline_cues()


@lru_cache(maxsize=1)
def _deadline_cues() -> frozenset[str]:
    cues = smart_lexicon().data["cues"]
    return frozenset(" ".join(str(w).lower().split()) for kind in ("before", "deadline")
                     for w in cues[kind]) | frozenset(str(w).lower() for w in
                                                      smart_lexicon().data["end_markers"])


def _adjust(note: str | None, day: date) -> date:
    """"inden uge 41" is the working week before: its Friday, not the Sunday."""
    if note == "week_before" and day.weekday() == 6:
        return day - timedelta(days=2)
    return day


def read_dates(notes: str, start: int, end: int, ref: date, lex: NotesLexicon) -> DateScan:
    """Every date and clock time in `notes[start:end]`, resolved against `ref`."""
    text = notes[start:end]
    found: TimeScan = scan(text, ref)
    dates: list[NoteDate] = []
    taken = bytearray(len(text))
    # "on Wednesday the 18th": the written day decides, so the scanner's weekday gives way
    named = [(m.start("wd"), m.end()) for m in _day_of_month().finditer(text) if m.group("wd")]
    for r in found.refs:
        if any(a < r.end and r.start < b for a, b in named):
            continue
        core = text[r.core_start:r.end]
        far = r.note == "next_occurrence" and r.day - ref > FAR_AHEAD
        dates.append(NoteDate(
            _adjust(r.note, r.day), start + r.start, start + r.end, r.text, r.role == "start",
            bool(_DAY_DIGITS.search(core)) and r.note in (None, "next_occurrence"),
            far or _ambiguous(r.note, r.text, lex), _is_cued(r.text[:r.core_start - r.start]),
            _PERIOD_END.search(text, 0, r.core_start) is not None
            or _YEAR_ONLY.fullmatch(r.text.strip()) is not None,
            r.note in lex.meeting_notes,
            r.note == "duration" and _MEASURE.search(text) is not None))
        taken[r.start:r.end] = b"\x01" * (r.end - r.start)
    for m in _day_of_month().finditer(text):  # "by the 13th", "senest d. 13."
        number = m.group("d1") or m.group("d2") or m.group("d3")
        if any(taken[m.start():m.end()]) or not (
                m.group("d2") or m.group("cue") or m.group("on") or m.group("wd")):
            continue  # "the 7th grade", "5th account": an ordinal, no day
        wanted = int(number)
        day = _next_day_of_month(ref, wanted)
        if day is None:
            continue
        # "on Wednesday the 18th": the written day decides, the weekday only names it
        begin = m.start("wd") if m.group("wd") else m.start() + m.group().find(number)
        dates.append(NoteDate(day, start + begin, start + m.end(), text[begin:m.end()], False,
                              True, day - ref > FAR_AHEAD, bool(m.group("cue"))))
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in lex.relative_day.finditer(text):  # "i dag", "tomorrow"
        if any(taken[m.start():m.end()]):
            continue
        day = ref + timedelta(days=lex.relative_days[" ".join(m.group().lower().split())])
        dates.append(NoteDate(day, start + m.start(), start + m.end(), m.group(), False, True,
                              False))
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in _weekday_after_on().finditer(text):  # "walk block C together on Friday"
        if any(taken[m.start("day"):m.end()]):
            continue
        wanted = smart_lexicon().data["weekdays"][m.group("day").lower()]
        day = ref + timedelta(days=(wanted - ref.weekday() - 1) % 7 + 1)  # the next one
        dates.append(NoteDate(day, start + m.start("day"), start + m.end(), m.group("day"),
                              False, False, False))
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    times: list[tuple[int, str]] = []
    for m in _CLOCK.finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        hour = int(m.group("h1") or m.group("h2") or m.group("h3"))
        minute = int(m.group("m1") or m.group("m2") or m.group("m3") or 0)
        if (m.group("ap") or "").lower() == "pm" and hour < 12:
            hour += 12
        if hour <= 23 and minute <= 59:
            times.append((start + m.start(), f"{hour:02d}:{minute:02d}"))
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in _BARE.finditer(text):
        if any(taken[m.start():m.end()]) or _NOT_A_DATE.match(text, m.start()):
            continue
        dd, mm = int(m.group("d")), int(m.group("m1") or m.group("m2"))
        if m.group("m1") and 12 < mm <= 31 and 1 <= dd <= 12:
            dd, mm = mm, dd  # "10/27", "by 3/15": only month first can be read (US order)
        if not (1 <= mm <= 12 and 1 <= dd <= 31):
            continue
        resolved = dp.upcoming(ref, partial(_day, month=mm, day=dd))
        if resolved is None:
            continue
        is_start = bool(_start_cues().search(text[:m.start()]))
        dates.append(NoteDate(resolved, start + m.start(), start + m.end(), m.group(), is_start,
                              True, resolved - ref > FAR_AHEAD))
    dates = [_week_of(d, text, start) for d in dates]
    dates.sort(key=lambda d: d.start)
    return DateScan(tuple(_one_day(text, start, dates)), tuple(times), bool(found.frequencies))


# "w/c 12 May", "week commencing 12 May", "ugen fra 12. maj": the week that day starts
_WEEK_OF = re.compile(r"(?<!\w)(?:w/c|w/b|wc|week commencing|week beginning|week of|the week of|"
                      r"ugen fra|ugen der starter|ugen startende|ugen med)\s*$", re.IGNORECASE)


def _week_of(d: NoteDate, text: str, start: int) -> NoteDate:
    """A day after "w/c" names its week: its Friday, the same convention as "uge 20"."""
    m = _WEEK_OF.search(text, 0, d.start - start)
    if m is None or d.start_only:
        return d
    friday = d.day + timedelta(days=4 - d.day.weekday()) if d.day.weekday() <= 4 else d.day
    return NoteDate(friday, start + m.start(), d.end, text[m.start():d.end - start], False,
                    False, d.ambiguous, d.cued)


def title_day(text: str, today: date) -> date | None:
    """The meeting's day named in the notes' title line ("MUS 12/3", "Review, 2026-02-18").

    A day and month without a year is the latest one on or before `today`: notes are written at
    or after the meeting, not a year ahead of it.
    """
    refs = [r for r in scan(text, today).refs
            if r.note in (None, "next_occurrence") and _DAY_DIGITS.search(r.text)]
    if refs:
        day, yearless = refs[0].day, refs[0].note == "next_occurrence"
    else:
        m = _BARE.search(text)
        if m is None:
            return None
        try:
            day = date(today.year, int(m.group("m1") or m.group("m2")), int(m.group("d")))
        except ValueError:
            return None
        yearless = True
    if yearless and day > today:
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return None
    # "10/3-26" reads as 2126 to the scanner: a title date far from today is no meeting day
    return day if abs(day - today) <= TITLE_RANGE else None


def _one_day(text: str, start: int, dates: list[NoteDate]) -> list[NoteDate]:
    """"senest tirsdag d. 7. april" is one day: a weekday right before a written date names
    that date, and its deadline word counts for it."""
    out: list[NoteDate] = []
    for d in dates:
        prev = out[-1] if out else None
        if prev is not None and not prev.exact and d.exact and not _DAY_DIGITS.search(prev.text) \
                and re.fullmatch(r"[\s,]*(?:d\.|den|the)?\s*",
                                 text[prev.end - start:d.start - start], re.IGNORECASE):
            out[-1] = NoteDate(d.day, prev.start, d.end, text[prev.start - start:d.end - start],
                               prev.start_only, True, d.ambiguous, prev.cued or d.cued)
            continue
        out.append(d)
    return out
