"""Generated goals for robustness: time expressions and measures with random numbers and dates.

Real goals hold numbers and dates of every size ("inden for 99999999 uger", "uge 73",
"31/02-2027"); a check must answer each with a result or a 422 that says what is wrong, never
a server error. `generate` builds such goals reproducibly from a seed: one of the templates
below, its slots filled with numbers drawn from every order of magnitude, month names and
years, prefixed by an action; `random_today` draws the reference date from the whole calendar.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

ACTIONS = {
    "da": ["Holde {n} workshops for teamet", "Bestå certificeringen", "Nedbringe fejl med {n} %",
           "Ringe til {n} kunder", "Blive bedre til Excel", "Skrive en guide",
           "Have {n} 1:1-samtaler", "Være tovholder på julefrokosten"],
    "en": ["Run {n} workshops for the team", "Pass the certification", "Cut errors by {n}%",
           "Call {n} customers", "Get better at Excel", "Write a guide", "Hold {n} one-to-ones",
           "Be the point of contact for the interns"],
}
TIMES = {
    "da": ["inden for {n} {unit}", "om {n} {unit}", "i løbet af de næste {n} {unit}",
           "senest {d}. {month} {y}", "inden {d}/{m}", "senest {d}/{m}-{y}", "{y}-{m}-{d}",
           "inden uge {n}", "senest uge {n} {y}", "i Q{q} {y}", "inden {n}. kvartal {y}",
           "hver {n}. {unit}", "{n} gange om ugen", "midt i {y}", "primo {y}",
           "inden udgangen af {y}", "i FY{n}", "frem til {d}. {month}", "inden påske {y}",
           "de første {n} {unit}", "inden for {n} {unit} efter opstart", "den {d}. {month}.",
           "sidst i {month} {y}", "i {n}. halvår {y}", "inden {n}.{m}.{y}"],
    "en": ["within {n} {unit}", "in {n} {unit}", "over the next {n} {unit}", "by {month} {d}.",
           "by {d} {month} {y}", "by {d}/{m}/{y}", "by week {n}", "by Q{q} {y}", "by mid-{y}",
           "early {y}", "every {n} weeks", "{n} times a week", "by the end of {y}",
           "by FY{n}", "no later than {month} {d}, {y}", "before Easter {y}",
           "within their first {n} {unit}", "within {n} {unit} of joining", "on {month} {d}th.",
           "late {month} {y}", "in H{q} {y}", "by {y}-{m}-{d}"],
}
UNITS = {"da": ["dage", "uger", "måneder", "år", "kvartaler", "timer", "dag", "uge"],
         "en": ["days", "weeks", "months", "years", "quarters", "hours", "day", "week"]}
MONTHS = {"da": ["januar", "februar", "marts", "juni", "december", "dec.", "sept"],
          "en": ["January", "February", "March", "June", "December", "Dec", "Sept"]}


def number(rng: random.Random) -> str:
    """A number from any order of magnitude, now and then a decimal or a sign."""
    value = rng.choice([rng.randint(0, 12), rng.randint(0, 100), rng.randint(0, 10 ** 4),
                        rng.randint(0, 10 ** 8), rng.randint(0, 10 ** 15)])
    form = rng.random()
    if form < 0.1:
        return f"{value},{rng.randint(0, 99)}"
    if form < 0.15:
        return f"-{value}"
    return str(value)


def random_today(rng: random.Random) -> date:
    """A reference date: mostly near now, sometimes anywhere in the calendar."""
    if rng.random() < 0.9:
        return date(2026, 1, 1) + timedelta(days=rng.randint(-800, 800))
    return date.min + timedelta(days=rng.randint(0, (date.max - date.min).days))


def goal(rng: random.Random, language: str) -> str:
    """One goal: an action and one or two time expressions with random slots."""
    parts = [rng.choice(ACTIONS[language])]
    for _ in range(rng.randint(1, 2)):
        parts.append(rng.choice(TIMES[language]))
    text = " ".join(parts) + rng.choice([".", "", "!", " ."])
    return text.format(n=number(rng), d=number(rng), m=number(rng), q=number(rng),
                       y=rng.choice([number(rng), str(rng.randint(1900, 2099))]),
                       unit=rng.choice(UNITS[language]), month=rng.choice(MONTHS[language]))


def generate(seed: int, n: int, language: str) -> Iterator[tuple[str, date]]:
    """`n` (goal, today) pairs in `language`, the same for the same seed."""
    rng = random.Random(f"{seed}-{language}")
    for _ in range(n):
        yield goal(rng, language), random_today(rng)
