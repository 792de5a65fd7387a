"""The follow-up plan as iCalendar: parsed back with icalendar, every date checked."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from coach.summary import SummaryResult, summarize, to_ics

NOTES = """MUS 10. marts – Mette / Jens
MH = Mette (medarbejder), JK = Jens (leder)
Aftalt:
- Mål: bestå AZ-104 inden 30. juni
- JK booker kursus i uge 14
- MH sender forslag inden fredag
- Vi holder opfølgning d. 12/5 kl. 10
"""


def summary(notes: str = NOTES, **kwargs: object) -> SummaryResult:
    result: SummaryResult = asyncio.run(summarize(notes, meeting_date=date(2026, 3, 10),
                                                  **kwargs))  # type: ignore[arg-type]
    return result


def events(result: SummaryResult) -> list[tuple[str, object, str]]:
    cal = Calendar.from_ical(to_ics(result))
    return [(str(e["UID"]).split("-")[0], e.decoded("DTSTART"), str(e["SUMMARY"]))
            for e in cal.walk("VEVENT")]


def test_one_event_per_follow_up_deadline_and_due_date() -> None:
    result = summary()
    found = events(result)
    cph = ZoneInfo("Europe/Copenhagen")
    assert ("follow", datetime(2026, 5, 12, 10, 0, tzinfo=cph), "Opfølgning på MUS") in found
    assert ("goal", date(2026, 6, 30), "Frist for mål: bestå AZ-104 inden 30. juni") in found
    assert ("action", date(2026, 4, 3), "Leder: JK booker kursus i uge 14") in found
    assert ("action", date(2026, 3, 13), "Medarbejder: MH sender forslag inden fredag") in found
    proposals = [e for e in found if e[2].endswith("(forslag)")]
    assert [p[1] for p in proposals] == [f.date for f in result.follow_up if f.proposed]
    want = sorted([f.date for f in result.follow_up] + [date(2026, 6, 30), date(2026, 4, 3),
                                                         date(2026, 3, 13)])
    got = sorted(d.date() if isinstance(d, datetime) else d for _, d, _ in found)  # type: ignore
    assert got == want


def test_all_day_events_end_the_next_day_and_timed_ones_carry_the_zone() -> None:
    cal = Calendar.from_ical(to_ics(summary()))
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Copenhagen"
    for event in cal.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if isinstance(start, datetime):
            assert start.tzinfo is not None and (end - start).total_seconds() == 3600
        else:
            assert (end - start).days == 1


def test_uids_are_stable_and_unique() -> None:
    first = [str(e["UID"]) for e in Calendar.from_ical(to_ics(summary())).walk("VEVENT")]
    again = [str(e["UID"]) for e in Calendar.from_ical(to_ics(summary())).walk("VEVENT")]
    assert first == again and len(set(first)) == len(first)
    twice = summary(NOTES + "- MH sender forslag inden fredag\n")
    uids = [str(e["UID"]) for e in Calendar.from_ical(to_ics(twice)).walk("VEVENT")]
    assert len(set(uids)) == len(uids)  # the same to-do twice is two events


def test_summaries_are_in_the_notes_language() -> None:
    notes = ("Review – SK = manager (me), TL = Tara (employee)\nActions\n- TL to send the plan "
             "by 20 March\nNext check-in: 7 April\n")
    result = summary(notes)
    found = events(result)
    assert ("action", date(2026, 3, 20), "Employee: TL to send the plan by 20 March") in found
    assert ("follow", date(2026, 4, 7), "MUS follow-up") in found
    cal = Calendar.from_ical(to_ics(result))
    assert str(cal["NAME"]) == "MUS follow-up"


def test_a_plan_with_nothing_dated_still_parses() -> None:
    result = summary("Kim er tilfreds, ingen ønsker om ændringer.")
    found = events(result)
    assert len(found) == 1 and found[0][0] == "follow"  # the proposed first follow-up


def test_a_corrected_date_keeps_the_event_uid() -> None:
    # re-imported after the notes' date was corrected: the same events, moved
    def uids(result: SummaryResult) -> dict[str, object]:
        cal = Calendar.from_ical(to_ics(result))
        return {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}

    before = uids(summary())
    moved = uids(summary(NOTES.replace("d. 12/5", "d. 19/5")))
    assert set(before) == set(moved)  # the meeting moved a week, its UID stayed
    assert any(before[u] != moved[u] for u in before)
