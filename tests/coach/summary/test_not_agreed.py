"""Lines that agree nothing: denials, reported requests, routines of others."""

from __future__ import annotations

from datetime import date

import pytest

from coach.summary.commitment import commitment
from coach.summary.rules import extract

DAY = date(2026, 11, 25)


def _actions(notes: str, language: str) -> list[str]:
    ex = extract(notes, language, DAY)  # type: ignore[arg-type]
    return [notes[a.start:a.end] for a in ex.actions]


@pytest.mark.parametrize(("text", "language"), [
    ("Vi tager den en anden gang, ingen aftale.", "da"),
    ("Ikke aftalt, tages op når vagtplanen laves.", "da"),
    ("We'd both like it, but it isn't in the budget — not agreed.", "en"),
    ("She mentioned going part-time – nothing decided.", "en"),
    ("Grace asked about moving to days – can't promise.", "en"),
])
def test_a_denial_outweighs_an_agreement_word(text: str, language: str) -> None:
    assert commitment(language).blocks(text, goal=False) == "hedged"  # type: ignore[arg-type]


def test_routines_and_denied_labels_are_no_to_dos() -> None:
    notes = ("MUS – Nadia, QC-lab\nLeder: Peter S.\n\nAktioner\n"
             "• Peter søger om plads på kurset 3/3\n"
             "• Pair programming fredag eftermiddag – fortsætter som nu\n\n"
             "Ikke aftalt: Nadia spurgte til et ph.d.-forløb. Noteret, ingen aftale.\n")
    assert _actions(notes, "da") == ["Peter søger om plads på kurset 3/3"]


def test_standing_rules_under_actions_are_no_to_dos() -> None:
    notes = ("Review – Dan\nManager: R. Patel\n\nActions\n"
             "- RP to submit the request to HR by 29 May.\n"
             "- Finance send the arrears report each month, as usual.\n"
             "- Case notes to be written up within 48 hours of each visit (team standard).\n"
             "- She keeps working from home on Fridays.\n")
    assert _actions(notes, "en") == ["RP to submit the request to HR by 29 May."]


def test_month_first_dates_and_talking_again_are_meetings() -> None:
    notes = "Review – Kim\n\n- JK to send the article by 10/15\n\nFollow-up conference 10/27.\n"
    ex = extract(notes, "en", date(2026, 9, 29))
    assert [d.day for _, d in ex.meetings] == [date(2026, 10, 27)]
    assert [d.day if (d := a.dates.due()) else None for a in ex.actions] == [date(2026, 10, 15)]
    notes = "MUS Ali\n\n- vi snakker igen 1. september\n- Næste gang vi ser på det: 3.12.26\n"
    ex = extract(notes, "da", date(2026, 6, 2))
    assert [d.day for _, d in ex.meetings] == [date(2026, 9, 1), date(2026, 12, 3)]


def test_taking_over_a_role_when_agreed_is_a_goal_and_qualified_goal_headings() -> None:
    notes = "MUS Mette\n\nVi aftalte at hun overtager vejlederrollen for den næste studerende.\n"
    ex = extract(notes, "da", DAY)
    assert [notes[g.start:g.end] for g in ex.goals] == [
        "Vi aftalte at hun overtager vejlederrollen for den næste studerende."]
    assert not ex.actions
    notes = "Growth conversation – Ms. Ortiz\n\nProfessional goals (agreed)\n• Lead the PLC\n"
    ex = extract(notes, "en", DAY)
    assert [notes[g.start:g.end] for g in ex.goals] == ["Lead the PLC"]


def test_a_start_is_no_goal_deadline() -> None:
    notes = "MUS SH\n\nUdvikling\n- SH bliver afsnittets instruktør i HLR – starter 1. maj\n"
    ex = extract(notes, "da", date(2026, 3, 10))
    assert [(notes[g.start:g.end], g.dates.due()) for g in ex.goals] == [
        ("SH bliver afsnittets instruktør i HLR – starter 1. maj", None)]


@pytest.mark.parametrize(("line", "language", "due"), [
    ("- Jamie to redo the rota and show me by the 13th", "en", date(2026, 3, 13)),
    ("- We'll go through the data together on Wednesday the 18th", "en", date(2026, 3, 18)),
    ("- Jamie to send it by the 2nd", "en", date(2026, 4, 2)),
    ("- jeg sender tilmeldingen til distriktet senest d. 13.", "da", date(2026, 3, 13)),
])
def test_a_day_of_the_month_alone_is_the_next_such_day(line: str, language: str,
                                                       due: date) -> None:
    notes = f"Review Jamie\n\n{line}\n"
    ex = extract(notes, language, date(2026, 3, 4))  # type: ignore[arg-type]
    assert [d.day if (d := a.dates.due()) else None for a in ex.actions] == [due]


def test_an_ordinal_is_no_day() -> None:
    notes = "Review Jamie\n\nGoals\n- Lead the 7th grade science team starting in October\n"
    ex = extract(notes, "en", date(2026, 3, 4))
    assert [g.dates.due() for g in ex.goals] == [None]
