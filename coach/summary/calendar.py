"""The follow-up plan as an RFC 5545 calendar, built with `icalendar` (a kept library, so the
line folding, escaping and time-zone rules are its, not ours).

One event per follow-up meeting, goal deadline and to-do due date, in the notes' language. Days
without a clock time are all-day events; a meeting with a time ("kl. 14.30") is a one-hour
event in Europe/Copenhagen, whose VTIMEZONE the file carries. UIDs are derived from the event's
kind, day and text, so importing the plan again updates the events instead of doubling them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from coach.summary.lexicon import ui
from coach.summary.plan import owner_label, quote
from coach.summary.types import SummaryResult

TIMEZONE = "Europe/Copenhagen"
MEETING_LENGTH = timedelta(hours=1)  # the length calendars give a meeting with only a start
UID_DOMAIN = "mus-coach"


def _uid(kind: str, text: str, seen: dict[str, int]) -> str:
    # No day in the seed: a corrected date must update the event on re-import, not add one.
    digest = hashlib.sha256(f"{kind}\0{' '.join(text.split())}".encode())
    uid = f"{kind}-{digest.hexdigest()[:24]}"
    seen[uid] = seen.get(uid, 0) + 1  # the same to-do twice: still two events
    suffix = f"-{seen[uid]}" if seen[uid] > 1 else ""
    return f"{uid}{suffix}@{UID_DOMAIN}"


def _event(kind: str, day: date, seed: str, summary: str, description: str,
           seen: dict[str, int], clock: str | None = None) -> Event:
    stamp = datetime.now(UTC).replace(microsecond=0)
    if clock:
        hour, minute = (int(x) for x in clock.split(":"))
        start: date | datetime = datetime.combine(day, time(hour, minute),
                                                  tzinfo=ZoneInfo(TIMEZONE))
        end: date | datetime = start + MEETING_LENGTH
    else:
        start, end = day, day + timedelta(days=1)
    return Event.new(uid=_uid(kind, seed, seen), start=start, end=end, summary=summary,
                     description=description, stamp=stamp)


def to_ics(result: SummaryResult) -> bytes:
    """The plan of `result` as an iCalendar file (UTF-8 bytes)."""
    lang = result.language
    events: list[Event] = []
    seen: dict[str, int] = {}
    for f in result.follow_up:
        summary = ui("calendar.follow_up", lang)
        if f.proposed:
            summary = ui("calendar.proposed", lang, summary=f"{summary}: {f.title}")
        # A meeting is known by its kind and title (the n-th stated one, the n-th proposal of
        # a kind), not by its reason: a stated one's reason quotes the date.
        seed = f"{f.proposed}\0{f.title}"
        events.append(_event("follow-up", f.date, seed, summary, f.reason, seen, f.time))
    for g in result.goals:
        if g.deadline is not None:
            events.append(_event("goal", g.deadline, g.text,
                                     ui("calendar.goal", lang, goal=quote(g.text)),
                                     ui("calendar.goal_description", lang, goal=g.text), seen))
    for a in result.actions:
        if a.due is not None:
            owner = owner_label(a.owner, lang)
            events.append(_event("action", a.due, a.text,
                                     ui("calendar.action", lang, owner=owner,
                                        action=quote(a.text)),
                                     ui("calendar.action_description", lang, action=a.text,
                                        owner=owner), seen))
    # The calendar's own UID follows its events, so the same plan is the same calendar.
    uids = "\0".join(sorted(str(e["UID"]) for e in events))
    cal = Calendar.new(prodid=f"-//{UID_DOMAIN}//MUS summary//{lang.upper()}",
                       name=ui("calendar.name", lang), method="PUBLISH", calscale="GREGORIAN",
                       uid=f"plan-{hashlib.sha256(uids.encode()).hexdigest()[:24]}@{UID_DOMAIN}",
                       subcomponents=events)
    cal.add("X-WR-TIMEZONE", TIMEZONE)
    days = [e.start.date() if isinstance(e.start, datetime) else e.start for e in events]
    if days:  # the rules of the years the plan spans, not of 1970-2038
        cal.add_missing_timezones(first_date=date(min(days).year, 1, 1),
                                  last_date=date(max(days).year + 1, 1, 1))
    return bytes(cal.to_ical())
