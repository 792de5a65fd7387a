"""What agrees nothing (wishes, habits, opening conditions, past events, reports), roles read
from the participants' own lines, and due days given beside the to-do."""

from __future__ import annotations

from datetime import date

import pytest

from coach.summary.commitment import check_commitment, commitment
from coach.summary.rules import extract

DAY = date(2025, 3, 21)  # a Friday


def read(notes: str, language: str = "da", ref: date = DAY
         ) -> tuple[list[str], list[tuple[str, str | None, date | None]]]:
    ex = extract(notes, language, ref)  # type: ignore[arg-type]
    goals = [notes[g.start:g.end] for g in ex.goals]
    actions = [(notes[a.start:a.end], a.owner,
                d.day if (d := a.dates.due(periods=False)) else None) for a in ex.actions]
    return goals, actions


def test_the_word_classes_load_for_both_languages() -> None:
    check_commitment()
    assert commitment("da").blocks("vil gerne på sigt være teamleder", goal=True) == "hedged"
    assert commitment("en").blocks("we agreed she'd maybe lead it", goal=True) is None


@pytest.mark.parametrize(("text", "goal", "why"), [
    ("LA overvejer en videreuddannelse", True, "hedged"),
    ("would like to become a team lead one day, maybe later", True, "hedged"),
    ("har allerede booket kurset", False, "past"),
    ("She'll try to leave by 4:30 twice a week", False, "habit"),
    ("vi holder altid tavlemøde mandag", False, "habit"),
    ("hvis det bliver travlt, så tager Jonas telefonen", False, "conditional"),
    ("If a week goes over 55 hours, she flags it", False, "conditional"),
    ("Jeg giver Susanne besked, hvis stillingen slås op", False, None),  # a condition after
    ("find a mentor, maybe via the network", False, None),  # only the means is in doubt
    ("Vi aftaler at planen hænges op hver mandag", False, None),  # agreed, though a routine
])
def test_blocks(text: str, goal: bool, why: str | None) -> None:
    language = "en" if text[0] in "SIfw" and not text.startswith("Vi") else "da"
    assert commitment(language).blocks(text, goal=goal) == why  # type: ignore[arg-type]


def test_wishes_and_habits_are_no_goals_or_to_dos() -> None:
    notes = ("MUS – Line (LA) / Mette (MJ)\n\nUdvikling:\n- LA vil gerne på sigt være "
             "ressourceperson\n- Målet er på sigt en SSA-uddannelse\n\nAftalt:\n"
             "- Mål: LA gennemfører kurset inden 30/6\n- MJ tilmelder LA kurset senest 28/3\n"
             "- vi gennemgår planen hver måned\n- MJ har allerede booket lokalet\n")
    goals, actions = read(notes)
    assert goals == ["LA gennemfører kurset inden 30/6"]
    assert actions == [("MJ tilmelder LA kurset senest 28/3", "manager", date(2025, 3, 28))]


def test_a_report_outside_the_agreements_is_no_to_do() -> None:
    notes = ("MUS – Jonas (backend) / Camilla (teamlead)\n\nArbejdet\n"
             "- Jonas leverer stabilt på betalingsflowet.\n\nFeedback:\n"
             "- he needs to speak up earlier\n\nAftaler\n"
             "- Camilla finder en mentor inden 1. april\n- Jonas holder et oplæg\n")
    _, actions = read(notes)
    assert [a[0] for a in actions] == ["Camilla finder en mentor inden 1. april",
                                       "Jonas holder et oplæg"]


def test_roles_follow_what_the_participants_do() -> None:
    notes = ("Appraisal – Kelly M. (claims handler) / TL Gareth\n\n"
             "Kelly: feels rushed by the wrap time.\n\nAgreed:\n"
             "- Gareth to do a side-by-side with her next Friday\n"
             "- Gareth to check with WFM, let her know by 1 April\n"
             "- Kelly to put herself forward for the training\n")
    _, actions = read(notes, "en")
    assert [(a[1], a[2]) for a in actions] == [("manager", date(2025, 3, 28)),
                                               ("manager", date(2025, 4, 1)),
                                               ("employee", None)]


def test_a_key_line_role_is_never_swapped() -> None:
    notes = ("Review\nAssociate: Hannah Okafor\nReviewer: James Whitfield (JW)\n\n"
             "Hannah values the feedback she gets from JW and feels it helps.\n"
             "Hannah would like more of it.\n\nActions\n- JW to introduce Hannah to Priya\n")
    _, actions = read(notes, "en")
    assert [a[1] for a in actions] == ["manager"]


def test_due_days_given_beside_the_to_do() -> None:
    notes = ("MUS\nMedarbejder: Susanne\nLeder: Anders (referent)\n\nAftaler\n"
             "- Jeg laver en ny fordelingsnøgle. Skal være klar til teammødet 4. april.\n"
             "- SB tager det med på ledermødet\n- RB godkender hjemmearbejde, prøveperiode "
             "frem til 30. juni\n\nTrivsel\nSB nævnte at ledermødet er 27/5 i Aarhus.\n")
    _, actions = read(notes)
    assert actions == [
        ("Jeg laver en ny fordelingsnøgle. Skal være klar til teammødet 4. april.", "manager",
         date(2025, 4, 4)),
        ("SB tager det med på ledermødet", None, date(2025, 5, 27)),
        ("RB godkender hjemmearbejde, prøveperiode frem til 30. juni", None, None)]


def test_next_weekday_and_an_events_day() -> None:
    notes = ("1:1 – Priya / Tom (manager)\n\nAgreed:\n- Tom to raise it with the PM — next "
             "Friday\n- Tom takes it to the team meeting Monday\n")
    _, actions = read(notes, "en")
    assert [a[2] for a in actions] == [date(2025, 3, 28), date(2025, 3, 24)]


def test_a_two_digit_year_in_the_title_is_this_century() -> None:
    notes = "MUS 3.11.25 – Anna (AH) / Bo (leder)\n\nAftalt:\n- AH sender oplæg om 2 uger\n"
    ex = extract(notes, "da", date(2025, 11, 20), title_date=True)
    assert ex.meeting_date == date(2025, 11, 3)
    due = ex.actions[0].dates.due()
    assert due is not None and due.day == date(2025, 11, 17)


def test_follow_ups_need_a_day_after_the_meeting() -> None:
    notes = ("Review – Zara / Ollie (manager)\nReview meeting held: 21 March 2025\n\nAgreed:\n"
             "- Zara to draft the checklist by 29 March\n\nCheck-in: 3 months\n")
    ex = extract(notes, "en", DAY)
    assert [d.day for _, d in ex.meetings] == [date(2025, 6, 21)]
    notes = "MUS\n\nAftaler\n- Vi tager en opfølgning i starten af december\n"
    ex = extract(notes, "da", DAY)
    assert ex.meetings == [] and len(ex.open_meetings) == 1 and ex.actions == []


def test_an_arrow_after_the_doer_names_the_receiver() -> None:
    notes = ("MUS\nOperatør: Kasper N. (KN)\nLeder: Jens P. (JP)\n\nAftaler\n"
             "→ KN skriver forslag til skemaet → JP inden jul\n")
    _, actions = read(notes)
    assert [a[1] for a in actions] == ["employee"]


def test_what_follows_a_condition_in_the_sentence_is_part_of_the_rule() -> None:
    notes = ("1:1 – Jo / Tom (manager)\n\nAgreed:\n"
             "- if it gets busy, Tom calls the agency and Jo books a temp\n"
             "- Tom sends the rota by Friday\n")
    _, actions = read(notes, "en")
    # The meeting is on a Friday, so "by Friday" is the first Friday after it (the goal
    # checker's weekday convention, which the summary shares).
    assert actions == [("Tom sends the rota by Friday", "manager", date(2025, 3, 28))]


def test_a_duration_a_measure_runs_over_is_no_deadline() -> None:
    notes = ("MUS\n\nMål\n- fejlpluk under 0,5 % i 3 mdr i træk\n"
             "- salget øges med 10 % inden for 6 måneder\n")
    ex = extract(notes, "da", DAY)
    assert [g.dates.due() is None for g in ex.goals] == [True, False]
