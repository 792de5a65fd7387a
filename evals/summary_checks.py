"""Checks on a MUS summary that need the answer itself: the referat's facts and the calendar.

`referat_facts` lists what the referat may state without the notes saying it in those words:
its own fixed wording (headings, labels, the questions' frames) and the dates the summary
resolved, written as the referat writes them. Everything else (a name, a number, a date) must
occur in the notes; `coach.llm.checks.ungrounded` finds what does not.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from icalendar import Calendar

from coach.summary.lexicon import messages
from coach.summary.plan import long_date
from coach.summary.types import SummaryResult
from coach.taxonomy import TOPICS


def referat_facts(notes: str, result: SummaryResult) -> list[str]:
    """The notes, the summary's fixed wording in its language, and its resolved dates."""
    lang = result.language
    catalogue = messages()
    wording = [catalogue.template(k, lang) for k in catalogue.keys("")]
    titles = [t[lang] for t in TOPICS.values()]
    days: list[date] = [result.reference_date]
    days += [d for d in (result.meeting_date,) if d]
    days += [g.deadline for g in result.goals if g.deadline]
    days += [a.due for a in result.actions if a.due]
    days += [f.date for f in result.follow_up]
    written = [text for d in days for text in (d.isoformat(), long_date(d, lang))]
    times = [f.time for f in result.follow_up if f.time]
    return [notes, *wording, *titles, *written, *times, *(s.title for s in result.sources)]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def calendar_complaints(result: SummaryResult) -> list[str]:
    """What is wrong with the summary's .ics: it must parse, hold one event per follow-up,
    goal deadline and due date, on exactly those days, with unique UIDs."""
    from coach.summary import to_ics

    try:
        cal = Calendar.from_ical(to_ics(result))
    except ValueError as exc:
        return [f"does not parse: {exc}"]
    got: Counter[tuple[str, date]] = Counter()
    uids = []
    for event in cal.walk("VEVENT"):
        uid = str(event["UID"])
        uids.append(uid)
        got[(uid.split("-", 1)[0], _day(event.decoded("DTSTART")))] += 1
    want: Counter[tuple[str, date]] = Counter()
    want.update(("follow", f.date) for f in result.follow_up)
    want.update(("goal", g.deadline) for g in result.goals if g.deadline)
    want.update(("action", a.due) for a in result.actions if a.due)
    problems = []
    if got != want:
        problems.append(f"events {sorted(got.items())} != {sorted(want.items())}")
    if len(set(uids)) != len(uids):
        problems.append("UIDs repeat")
    return problems
