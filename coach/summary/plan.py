"""From what the rules read to the answer: goals checked, follow-ups stated and proposed, the
questions the notes leave open, and the points grouped by MUS topic.

Proposals are visible as such (`proposed: true`, "(forslag)") and rest on two rules: with no
follow-up date in the notes, the first meeting is proposed three months after the MUS (the
guidance says two to three); and each goal deadline further out than a month gets a check two
weeks before it, unless a meeting already falls near that day.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from coach.goals.criteria import check_rules
from coach.language import Language
from coach.limits import MAX_TEXT
from coach.summary.dates import NoteDate
from coach.summary.lexicon import ui
from coach.summary.rules import Extraction, Item
from coach.summary.types import (
    FollowUp,
    Participant,
    Point,
    Section,
    SummaryAction,
    SummaryGoal,
)
from coach.taxonomy import TOPIC_SLUGS, topic_title

FIRST_FOLLOW_UP = relativedelta(months=3)
GOAL_CHECK_BEFORE = timedelta(days=14)
GOAL_CHECK_MIN_AHEAD = timedelta(days=28)  # nearer deadlines need no extra meeting
NEAR = timedelta(days=21)  # a meeting this close to a proposed day makes it redundant
MAX_GOAL_CHECKS = 4
QUOTE_CHARS = 70


def quote(text: str) -> str:
    """A note quoted in a question or reason: one line, at most `QUOTE_CHARS` characters."""
    flat = " ".join(text.split()).rstrip(" .;,")
    if len(flat) <= QUOTE_CHARS:
        return flat
    cut = flat.rfind(" ", 0, QUOTE_CHARS)  # whole words: a cut "Nove…" reads as a new name
    return flat[: cut if cut > 0 else QUOTE_CHARS].rstrip(" .;,") + " …"


def long_date(day: date, language: Language) -> str:
    """"30. juni 2026" / "30 June 2026"."""
    month = ui("months", language).split(",")[day.month - 1]
    return ui("date_format", language, day=day.day, month=month, year=day.year)


def _workday(day: date) -> date:
    """A proposed day on a weekend moves to the Friday before."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def goals(notes: str, ex: Extraction) -> list[SummaryGoal]:
    """Each goal with the goal checker's verdict and its deadline when the notes give a day."""
    out: list[SummaryGoal] = []
    for item in ex.goals:
        text = notes[item.start:item.end]
        if len(text.strip()) > MAX_TEXT:
            continue  # a wall of text is no goal; it stays in the notes
        check = check_rules(text, language=ex.language, today=ex.reference)
        due = item.dates.due()
        out.append(SummaryGoal(text=text, start=item.start, end=item.end,
                               deadline=due.day if due else None, check=check))
    return out


def actions(notes: str, ex: Extraction) -> list[SummaryAction]:
    """Each to-do with its owner and due day."""
    out: list[SummaryAction] = []
    for item in ex.actions:
        due = item.dates.due(periods=False) or _start_day(item)
        out.append(SummaryAction(text=notes[item.start:item.end], owner=item.owner,
                                 due=due.day if due else None, start=item.start, end=item.end))
    return out


def _start_day(item: Item) -> NoteDate | None:
    """A to-do with only a written start day ("SL godkender ordningen fra 1. januar", "laver
    vagtplanen om fra 1. oktober") must be done by then: independent note writers read the
    start as its due day. A goal's start is never its deadline."""
    starts = [d for d in item.dates.dates if d.start_only and d.exact and not d.ambiguous]
    return min(starts, key=lambda d: d.day, default=None)


def follow_ups(notes: str, ex: Extraction, goal_items: list[SummaryGoal]) -> list[FollowUp]:
    """Stated meetings (one per day), then proposals; in date order."""
    lang = ex.language
    out: list[FollowUp] = []
    seen: set[date] = set()
    for item, day in ex.meetings:
        if day.day in seen:
            continue
        seen.add(day.day)
        out.append(FollowUp(
            date=day.day, title=ui("follow_up.stated_title", lang),
            reason=ui("follow_up.stated_reason", lang, excerpt=quote(notes[item.start:item.end])),
            proposed=False, time=item.time, start=item.start, end=item.end))
    for item, day in ex.week_meetings:
        if day.day not in seen:
            seen.add(day.day)
            out.append(FollowUp(
                date=day.day, title=ui("follow_up.stated_title", lang),
                reason=ui("follow_up.week_reason", lang,
                          excerpt=quote(notes[item.start:item.end])),
                # the week is stated; its Friday is the convention independent readers use
                # ("uge 13" = Friday of week 13), and a question still asks for the day
                proposed=False, start=item.start, end=item.end))
    if not out:
        out.append(FollowUp(date=_workday(ex.reference + FIRST_FOLLOW_UP),
                            title=ui("follow_up.first_title", lang),
                            reason=ui("follow_up.first_reason", lang), proposed=True))
    checks = 0
    for goal in sorted(goal_items, key=lambda g: g.deadline or date.max):
        if goal.deadline is None or checks >= MAX_GOAL_CHECKS:
            continue
        if goal.deadline - ex.reference < GOAL_CHECK_MIN_AHEAD:
            continue
        check_day = _workday(goal.deadline - GOAL_CHECK_BEFORE)
        if any(abs(f.date - check_day) <= NEAR for f in out):
            continue
        checks += 1
        out.append(FollowUp(date=check_day, title=ui("follow_up.goal_title", lang),
                            reason=ui("follow_up.goal_reason", lang,
                                      deadline=long_date(goal.deadline, lang),
                                      goal=quote(goal.text)),
                            proposed=True))
    return sorted(out, key=lambda f: (f.date, f.proposed))


def questions(notes: str, ex: Extraction, goal_items: list[SummaryGoal],
              action_items: list[SummaryAction], plan: list[FollowUp]) -> list[str]:
    """What the notes leave open, in the order a reader meets it."""
    lang = ex.language
    out: list[str] = []
    by_span = {(i.start, i.end): i for i in ex.goals}
    for goal in goal_items:
        if goal.deadline is not None:
            continue
        vague = by_span[(goal.start, goal.end)].dates.vague()
        if vague is not None:
            out.append(ui("questions.goal_vague", lang, goal=quote(goal.text),
                          when=vague.text.strip()))
        else:
            out.append(ui("questions.goal_no_deadline", lang, goal=quote(goal.text)))
    asked: set[str] = set()
    for item, action in zip(ex.actions, action_items, strict=True):
        if item.unknown_initials and item.unknown_initials not in asked:
            asked.add(item.unknown_initials)
            out.append(ui("questions.unknown_initials", lang, initials=item.unknown_initials))
        vague = item.dates.vague()
        text = quote(action.text)
        if action.owner is None and action.due is None and vague is None:
            out.append(ui("questions.action_neither", lang, action=text))
        elif action.owner is None:
            out.append(ui("questions.action_no_owner", lang, action=text))
        if action.due is None and vague is not None:
            out.append(ui("questions.action_vague", lang, action=text, when=vague.text.strip()))
        elif action.due is None and action.owner is not None:
            out.append(ui("questions.action_no_due", lang, action=text))
    for item, _ in ex.week_meetings:
        out.append(ui("questions.week_meeting", lang, excerpt=quote(notes[item.start:item.end])))
    for item in ex.open_meetings:
        out.append(ui("questions.open_meeting", lang, excerpt=quote(notes[item.start:item.end])))
    if not any(not f.proposed for f in plan) and not ex.week_meetings:
        first = next(f for f in plan if f.proposed)
        out.append(ui("questions.no_follow_up", lang, date=long_date(first.date, lang)))
    return out


def sections(notes: str, ex: Extraction) -> list[Section]:
    """The points grouped by topic, topics in the order a MUS runs (`coach.taxonomy`)."""
    grouped: dict[str, list[Item]] = {}
    for item in ex.points:
        grouped.setdefault(item.topic, []).append(item)
    return [Section(topic=t, title=topic_title(t, ex.language),
                    points=[Point(text=notes[i.start:i.end], start=i.start, end=i.end)
                            for i in grouped[t]])
            for t in TOPIC_SLUGS if t in grouped]


def participants(ex: Extraction) -> list[Participant]:
    """The named participants with their side."""
    return [Participant(name=name, role=role) for name, role in ex.people.participants()]


def owner_label(owner: str | None, language: Language) -> str:
    """"Medarbejder", "Leder", "Begge", or the visible "[hvem?]"."""
    return ui(f"owners.{owner}", language) if owner else ui("placeholders.who", language)
