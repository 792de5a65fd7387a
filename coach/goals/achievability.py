"""Achievable: the signals that a goal may not be reachable as written.

From the goal alone: a deadline that has passed, full dependence on someone else's decision, a
perfection target, and more work than the days left can hold ("two conferences this year",
checked on 1 December). From the context: less capacity than usual ("vi er to rådgivere
mindre", "short-staffed") and support for the goal (time, budget, a mentor). Each signal is
quoted from the goal or the context, so the advice and the question can say what decided it.

A signal that settles the matter makes `met` false (a passed deadline, full dependence, a
perfection target); one that only raises doubt leaves it null and sharpens the question. More
work than the days left is doubt, not a verdict: the least days per item are a rough lexicon
estimate and the person may have planned the time already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.goals import lexicon as lx
from coach.goals.rules import Finding, GoalText, unique, until_break

TIGHT_DAYS = 14  # fewer days than this before the deadline: ask what must already be in place


@dataclass(frozen=True)
class Workload:
    """Counted work in the goal and the least time it takes."""

    phrases: tuple[str, ...]
    days: float


def workload(goal: GoalText) -> Workload:
    """Counted items of known kinds ("tre workshops", "two conferences") and their least days."""
    lex = lx.smart_lexicon()
    words = lex.number_words[None]
    phrases: list[str] = []
    total = 0.0
    taken: list[tuple[int, int]] = []
    for search, per_item in lex.workload:
        for m in search.finditer(goal.timeless, goal.timeless_lower):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            head = m.group().split()[0].lower()
            try:
                count = float(words[head]) if head in words else float(head.replace(",", "."))
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            phrases.append(" ".join(m.group().split()))
            total += min(count, 1e6) * per_item
    return Workload(tuple(phrases), total)


def clause_quote(context: str, start: int, end: int, max_tail: int) -> str:
    """The hit and the rest of its clause, as the user wrote it: up to the next punctuation or
    clause-joining word ("short-staffed and I have no budget" is two facts), at most `max_tail`
    more words, never ending on a function word ("... no budget for" would be clipped)."""
    lex = lx.smart_lexicon()
    joiners = lex.words("clause_joiners")
    function_words = lex.words("stopwords") | joiners
    tail: list[str] = []
    for word in until_break(context, end).split():
        if word.lower() in joiners or len(tail) == max_tail:
            break
        tail.append(word)
    while tail and tail[-1].lower().strip(",.;:") in function_words:
        tail.pop()
    return " ".join([*context[start:end].split(), *tail]).rstrip(",.;:")


def _context_phrases(pattern_hits: list[tuple[int, int]], context: str) -> list[str]:
    """Each hit with the rest of its clause (at most six words), as the user wrote it."""
    return unique([clause_quote(context, start, end, 6) for start, end in pattern_hits])[:2]


def achievable(goal: GoalText, context: str | None, today: date) -> Finding:
    """The achievable finding; `extra` holds the quoted signals (see the module docstring)."""
    lex = lx.smart_lexicon()
    deadline = goal.scan.deadline
    if deadline is not None and deadline.day < today:
        return Finding(False, [deadline.text], "past", [deadline.text])
    dependence = [m.group() for m in lex.languages[goal.language].dependence.finditer(goal.text)]
    if dependence:
        return Finding(False, [], "dependence", dependence)
    perfection = [m.group() for m in lex.perfection.finditer(goal.text)]
    if perfection:
        return Finding(False, [], "perfection", perfection)
    if deadline is not None:
        days = (deadline.day - today).days
        work = workload(goal)
        if work.phrases and work.days > days:
            return Finding(None, [], "too_little_time", [str(days), *work.phrases])
    if context is None:
        if deadline is not None and (deadline.day - today).days < TIGHT_DAYS:
            return Finding(None, [], "tight", [str((deadline.day - today).days)])
        return Finding(None, [], "no_context")
    negations = lex.words("negations")
    support = [clause_quote(context, m.start(), m.end(), 4)
               for m in lex.support.finditer(context)
               if not set(context[: m.start()].lower().split()[-2:]) & negations]
    capacity = _context_phrases([(m.start(), m.end()) for m in lex.capacity.finditer(context)],
                                context)
    if support:
        return Finding(True, capacity, "supported", unique(support)[:3])
    if capacity:
        return Finding(None, [], "capacity", capacity)
    if deadline is not None and (deadline.day - today).days < TIGHT_DAYS:
        return Finding(None, [], "tight", [str((deadline.day - today).days)])
    return Finding(None, [], "unclear")
