"""The notes reader: owners, dates, goals vs to-dos, meetings, points, and offsets."""

from __future__ import annotations

import json
from datetime import date

import pytest

from coach.summary.rules import extract
from tests.support.paths import ROOT

DATASET = ROOT / "evals" / "datasets" / "summary.jsonl"
DAY = date(2026, 3, 10)  # a Tuesday in ISO week 11


def read(notes: str, language: str = "da", ref: date = DAY):  # type: ignore[no-untyped-def]
    ex = extract(notes, language, ref)  # type: ignore[arg-type]
    goals = [(notes[g.start:g.end], d.day if (d := g.dates.due()) else None) for g in ex.goals]
    actions = [(notes[a.start:a.end], a.owner, d.day if (d := a.dates.due()) else None)
               for a in ex.actions]
    meetings = [(notes[i.start:i.end], d.day) for i, d in ex.meetings]
    return ex, goals, actions, meetings


def test_initials_key_headings_labels_and_dates() -> None:
    notes = ("MUS 10.03.2026\nMH = Mette Holm (medarbejder), JK = Jens Kjær (leder)\n\n"
             "Mål\n- Mål: bestå AZ-104 inden 30. juni\n- Tage ansvar for releases fra 1. maj\n\n"
             "Aftalt:\n- JK booker kursus i uge 14\n- MH sender forslag inden fredag\n"
             "- Vi holder opfølgning d. 12/5 kl. 10\n")
    ex, goals, actions, meetings = read(notes)
    assert goals == [("bestå AZ-104 inden 30. juni", date(2026, 6, 30)),
                     ("Tage ansvar for releases fra 1. maj", None)]  # a start is no deadline
    assert actions == [("JK booker kursus i uge 14", "manager", date(2026, 4, 3)),  # Friday
                       ("MH sender forslag inden fredag", "employee", date(2026, 3, 13))]
    assert meetings == [("Vi holder opfølgning d. 12/5 kl. 10", date(2026, 5, 12))]
    assert ex.meetings[0][0].time == "10:00"
    assert ex.title is not None and notes[slice(*ex.title)] == "MUS 10.03.2026"
    assert ex.points == []  # title and key line are the header, not points


@pytest.mark.parametrize(("line", "owner"), [
    ("- jeg booker kurset", "manager"),  # the writer: the manager by default
    ("- vi laver en plan sammen", "both"),
    ("- hun tilmelder sig kurset", "employee"),  # the other party
    ("- HR indkalder til samtale", None),  # someone outside the meeting
    ("- Lederen sørger for budget", "manager"),
    ("- Book kursus inden fredag", None),  # no subject: ask who
    ("- clean-up plan for the CRM → Mette, by Friday", "employee"),
    ("- Approve the fee (owner: Jens, due 30/4)", "manager"),
    ("- MH + JK: lægge plan for tech talk", "both"),
])
def test_owners(line: str, owner: str | None) -> None:
    notes = f"MUS med Mette\nMH = Mette (medarbejder), JK = Jens (leder)\nAftaler:\n{line}\n"
    _, _, actions, _ = read(notes)
    assert [a[1] for a in actions] == [owner]


def test_the_writer_is_the_employee_when_the_notes_say_my_manager() -> None:
    notes = ("My notes from MUS with my manager (Dave)\nAgreed:\n- I'll send the list to Dave "
             "by Friday\n- Dave will arrange training for me in week 24\n")
    _, _, actions, _ = read(notes, "en", date(2026, 5, 6))
    assert actions == [("I'll send the list to Dave by Friday", "employee", date(2026, 5, 8)),
                       ("Dave will arrange training for me in week 24", "manager",
                        date(2026, 6, 12))]


def test_one_line_with_two_owners_is_two_to_dos() -> None:
    notes = ("Review – HJ = Hannah (postdoc), me = PI\n"
             "- HJ drafts the summary by 20 Feb; I comment by 27 Feb\n")
    _, _, actions, _ = read(notes, "en", date(2026, 2, 3))
    assert actions == [("HJ drafts the summary by 20 Feb", "employee", date(2026, 2, 20)),
                       ("I comment by 27 Feb", "manager", date(2026, 2, 27))]


def test_a_course_enrolment_is_a_to_do_and_an_outcome_is_a_goal() -> None:
    notes = ("MUS med Kim\n- Kim tilmelder sig eksamen inden 1. maj\n"
             "- CCNA-certificering? aftalt at han tager den inden 1. juni\n")
    _, goals, actions, _ = read(notes)
    assert [a[0] for a in actions] == ["Kim tilmelder sig eksamen inden 1. maj"]
    assert goals == [("CCNA-certificering? aftalt at han tager den inden 1. juni",
                      date(2026, 6, 1))]


@pytest.mark.parametrize(("text", "due"), [
    ("klar 2/6", date(2026, 6, 2)),  # a bare day/month: the next one on or after the reference
    ("inden 1/3", None),  # 1/3 is past: next year is 356 days ahead, so the summary asks
    ("inden 1/12", date(2026, 12, 1)),
    ("om 6 uger", date(2026, 4, 21)),
    ("i uge 14", date(2026, 4, 3)),
    ("næste uge", date(2026, 3, 20)),
    ("inden udgangen af marts", date(2026, 3, 31)),
    ("inden jul", date(2026, 12, 24)),
    ("i dag", DAY),
    ("i juni", None),  # a bare month names no day
    ("inden sommerferien", None),
    ("medio juni", None),
    ("fra 1. april", None),  # when it starts, not when it is due
])
def test_due_dates(text: str, due: date | None) -> None:
    _, _, actions, _ = read(f"MUS med Mette\nAftaler:\n- Mette sender planen {text}\n")
    assert actions[0][2] == due


def test_a_period_only_deadline_is_asked_about() -> None:
    ex, goals, _, _ = read("MUS\nMål: være superbruger i juni\n")
    assert goals == [("være superbruger i juni", None)]
    assert ex.goals[0].dates.vague() is not None  # the summary asks which day


def test_release_numbers_and_clock_times_are_no_dates() -> None:
    notes = "MUS\nAftaler:\n- JK tester release 4.2\nOpfølgning: 28. april kl. 14.30\n"
    _, _, actions, meetings = read(notes)
    assert actions[0][2] is None
    assert meetings == [("28. april kl. 14.30", date(2026, 4, 28))]


def test_a_booking_on_a_meeting_line_is_due_on_the_meeting_day() -> None:
    notes = "MUS\nAV = Anne (leder)\nOpfølgning\nTorsdag 1/10 (uge 40) – AV sender indkaldelse\n"
    _, _, actions, meetings = read(notes, ref=date(2026, 8, 25))
    assert meetings == [("Torsdag 1/10 (uge 40)", date(2026, 10, 1))]  # the day, not the week
    assert actions == [("AV sender indkaldelse", "manager", date(2026, 10, 1))]


def test_points_are_filed_by_heading_label_or_words() -> None:
    notes = ("MUS\n## Trivsel\nGodt, men presset af forældrekontakt.\n"
             "Feedback: ros for kundetilfredshed\n- vil gerne lære Python\n")
    ex, _, _, _ = read(notes)
    assert [(p.topic, notes[p.start:p.end]) for p in ex.points] == [
        ("wellbeing", "Godt, men presset af forældrekontakt."),
        ("feedback", "ros for kundetilfredshed"),
        ("wellbeing", "vil gerne lære Python")]  # still under the Trivsel heading


def test_wishes_and_reports_are_not_to_dos() -> None:
    notes = ("Review with Ana\n- Ana would like to lead projects\n- Ana asked for earlier "
             "notice\n- we talked about holidays\n")
    _, goals, actions, _ = read(notes, "en")
    assert (goals, actions) == ([], [])


def test_every_span_is_the_notes_own_text_and_nothing_is_read_twice() -> None:
    for line in DATASET.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        notes = "\n  " + row["notes"].replace("\n", "\r\n")  # leading space, Windows lines
        ex = extract(notes, row["language"], date.fromisoformat(row["today"]))
        spans = [(i.start, i.end) for i in [*ex.points, *ex.goals, *ex.actions]]
        for start, end in spans:
            assert 0 <= start < end <= len(notes) and notes[start:end].strip() == \
                notes[start:end], row["id"]
        # a point is never also a goal or a to-do
        points = {(p.start, p.end) for p in ex.points}
        assert not points & {(i.start, i.end) for i in [*ex.goals, *ex.actions]}, row["id"]


@pytest.mark.parametrize(("heading", "language"), [
    ("goals for this year", "en"), ("Development goals", "en"), ("Goals and expectations", "en"),
    ("Forventninger/mål", "da"), ("Mål og forventninger", "da"), ("udviklingsmål", "da"),
])
def test_lowercase_and_compound_goal_headings(heading: str, language: str) -> None:
    notes = (f"MUS 10.03.2026\n{heading}\n1. Være superbruger på modulet inden 1. september\n"
             "- bestå kurset inden 30. juni\n")
    ex, goals, _, _ = read(notes, language)
    assert [g[0] for g in goals] == ["Være superbruger på modulet inden 1. september",
                                     "bestå kurset inden 30. juni"]
    assert all(heading not in notes[p.start:p.end] for p in ex.points)  # nor a point


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Snak m. Peter om tilsyn. Evt. AKT-teamet hjælper.", "da",
     ["Snak m. Peter om tilsyn.", "Evt. AKT-teamet hjælper."]),
    ("Møde inkl. Lone og Ali. Ok.", "da", ["Møde inkl. Lone og Ali.", "Ok."]),
    ("JH signs him up, e.g. The Leeds one, by 30 April. Approx. Half the team uses it.", "en",
     ["JH signs him up, e.g. The Leeds one, by 30 April.", "Approx. Half the team uses it."]),
])
def test_no_sentence_ends_after_an_abbreviation(text: str, language: str,
                                                 expected: list[str]) -> None:
    from coach.summary.lexicon import notes_lexicon
    from coach.summary.notes import sentences

    abbreviations = notes_lexicon(language).abbreviations
    assert [text[a:b] for a, b in sentences(text, 0, len(text), language, abbreviations)] \
        == expected


@pytest.mark.parametrize(("notes", "owners"), [
    # a one-letter initial is the only participant with that first letter
    ("MUS 12/3 – Henrik (afdelingssygeplejerske) og Sofie Lund (sygeplejerske)\nAftaler:\n"
     "- H undersøger vagtplanen inden 1. april\n- S sender ansøgningen\n",
     ["manager", "employee"]),
    # the writer named in parentheses after "mig"/"me"
    ("Skrevet af mig (Henrik, teamleder) – samtale med Birgitte\nAftaler\n"
     "- Jeg taler med skolelederen\n- B sender forslag senest fredag\n", ["manager", "employee"]),
    ("1:1 — PK & me (Dana)\nPK = Priya Kumar, backend dev\nactions\n- PK → write the doc\n"
     "- D → get budget approval\n- T + me walk the site\n", ["employee", "manager", None]),
    # employee abbreviations
    ("mus 3/11 – Karin Dahl (medarb.), Per Jensen\naftalt\n* PJ → omfordeler sager\n"
     "* KD → tilmelder sig kurset\n", ["manager", "employee"]),
    ("Appraisal — Ines Costa (EM) / Robert Hale\nActions\n- Robert arranges shadowing\n"
     "- Ines books the exam\n", ["manager", "employee"]),
])
def test_owners_from_initials_writer_and_role_abbreviations(notes: str,
                                                             owners: list[str | None]) -> None:
    language = "da" if "Aftaler" in notes or "aftalt" in notes else "en"
    _, _, actions, _ = read(notes, language)
    assert [a[1] for a in actions] == owners


@pytest.mark.parametrize(("notes", "language"), [
    ("MUS med Mette\nMål\n- bestå kurset inden 30. juni\nTrivsel: Mette er presset, evt. hjælp "
     "fra AKT-teamet.\n", "da"),
    ("Review with Priya\nactions\n- Priya writes the doc by Apr 10\nwellbeing - Priya feels "
     "stretched by on-call, approx. 3 pages a week\n", "en"),
])
def test_a_wellbeing_line_is_a_wellbeing_point_not_a_goal_or_to_do(notes: str,
                                                                   language: str) -> None:
    ex, goals, actions, _ = read(notes, language)
    assert len(goals) + len(actions) == 1
    assert [p.topic for p in ex.points] == ["wellbeing"]


@pytest.mark.parametrize(("line", "due"), [
    ("- T + me walk block C together on Friday", date(2026, 3, 13)),  # DAY is a Tuesday
    ("- MH ringer til HR på fredag", date(2026, 3, 13)),
])
def test_a_weekday_after_on_is_the_next_such_day(line: str, due: date) -> None:
    _, _, actions, _ = read(f"MUS med Mette\nAftaler:\n{line}\n")
    assert [a[2] for a in actions] == [due]
