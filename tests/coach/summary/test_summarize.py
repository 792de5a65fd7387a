"""The summary feature end to end: validation, the answer's shape, the referat, the LLM path."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date
from typing import Any

import pytest

from coach.errors import InputError
from coach.limits import MAX_NOTES
from coach.llm import FakeBackend
from coach.llm.checks import ungrounded
from coach.summary import SummaryResult, summarize
from coach.summary.llm import ReferatProse, SectionProse
from evals.summary_checks import referat_facts
from tests.support.paths import ROOT

DATASET = ROOT / "evals" / "datasets" / "summary.jsonl"
NOTES = """MUS 10. marts – Mette Holm / Jens Kjær
MH = Mette Holm (medarbejder), JK = Jens Kjær (leder)

Arbejdssituation
- MH trives i teamet, men har travlt med release 4.2

Aftalt:
- Mål: bestå AZ-104 inden 30. juni
- Mål: blive bedre til at præsentere
- JK booker kursus i uge 14
- book mentor
"""


def run(notes: str = NOTES, **kwargs: Any) -> SummaryResult:
    kwargs.setdefault("meeting_date", date(2026, 3, 10))
    result: SummaryResult = asyncio.run(summarize(notes, **kwargs))
    return result


def test_the_answer_follows_the_contract() -> None:
    result = run()
    body = result.model_dump(mode="json")
    assert {"language", "meeting_date", "sections", "goals", "actions", "follow_up", "questions",
            "markdown", "sources", "engine", "degraded"} <= body.keys()
    assert (body["language"], body["meeting_date"], body["engine"]) == ("da", "2026-03-10",
                                                                        "rules")
    for item in [*(p for s in result.sections for p in s.points), *result.goals, *result.actions]:
        assert NOTES[item.start:item.end] == item.text
    assert [s.topic for s in result.sections] == ["work-situation"]
    goal = result.goals[0]
    assert (goal.deadline, goal.check.deadline, goal.check.is_smart) == (
        date(2026, 6, 30), date(2026, 6, 30), True)
    assert result.goals[1].check.criteria.time_bound.met is False
    assert [(a.owner, a.due) for a in result.actions] == [("manager", date(2026, 4, 3)),
                                                          (None, None)]
    assert [p.name for p in result.participants] == ["Mette Holm", "Jens Kjær"]


def test_missing_facts_become_questions_and_visible_proposals() -> None:
    result = run()
    assert "Hvornår skal målet »blive bedre til at præsentere« være nået?" in result.questions
    assert "Hvem står for »book mentor«, og hvornår skal det være gjort?" in result.questions
    stated = [f for f in result.follow_up if not f.proposed]
    assert stated == []  # the notes agree no meeting: every follow-up is a proposal
    first = result.follow_up[0]
    assert first.proposed and first.date == date(2026, 6, 10)  # three months on, a weekday
    assert any("opfølgningsmøde" in q for q in result.questions)
    assert "[hvem?]" in result.markdown and "[hvornår?]" in result.markdown
    assert "forslag – aftal datoen" in result.markdown


def test_a_period_instead_of_a_day_is_a_question_not_a_date() -> None:
    result = run("MUS\nMål: være superbruger i juni\n")
    assert result.goals[0].deadline is None
    assert result.goals[0].check.deadline == date(2026, 6, 30)  # the checker's convention
    assert result.questions[0].startswith("Målet »være superbruger i juni« har kun en "
                                          "omtrentlig frist (»i juni«)")


def test_the_referat_states_no_fact_the_notes_do_not() -> None:
    for line in DATASET.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        result = run(row["notes"], today=date.fromisoformat(row["today"]), meeting_date=None)
        assert ungrounded(result.markdown, *referat_facts(row["notes"], result)) == [], row["id"]


def test_language_is_detected_or_taken_as_given() -> None:
    english = "Review with Tara\nActions\n- Tara to send the plan by Friday\n"
    assert run(english).language == "en"
    assert run(english, language="da").language == "da"
    assert "Handlingsplan" in run(english, language="da").markdown


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"notes": ""}, "notes"),
    ({"notes": " \n\t "}, "notes"),
    ({"notes": "x" * (MAX_NOTES + 1)}, "notes"),
    ({"notes": "ok", "language": "sv"}, "language"),
    ({"notes": "ok", "names": ["x"] * 21}, "names"),
])
def test_bad_input_names_the_field(kwargs: dict[str, Any], field: str) -> None:
    notes = kwargs.pop("notes")
    with pytest.raises(InputError) as err:
        run(notes, **kwargs)
    assert err.value.field == field


def test_notes_at_the_limit_with_whitespace_around_are_accepted() -> None:
    notes = "\n  " + ("- JK booker kursus i uge 14\n" * 800)[: MAX_NOTES] + "  \n"
    assert len(run(notes).actions) > 100


# --- the LLM path -----------------------------------------------------------------------------

def test_the_model_writes_section_prose_from_redacted_points() -> None:
    backend = FakeBackend(ReferatProse(sections=[SectionProse(
        topic="work-situation", text="[PERSON_1] trives i teamet, men har travlt med release "
                                     "4.2.")]))
    notes = NOTES.replace("- MH trives", "- Mette trives")
    result = run(notes, llm=backend, names=["Kim"])
    assert (result.engine, result.degraded) == ("llm", False)
    assert result.sections[0].summary == "Mette trives i teamet, men har travlt med release 4.2."
    assert "Mette trives i teamet, men" in result.markdown
    sent = "\n".join(m.text for m in backend.calls[0].messages)
    assert "Mette" not in sent and "Jens Kjær" not in sent  # given and key-line names
    assert result.actions[0].owner == "manager"  # facts still come from the rules


def test_a_placeholder_that_stands_for_nobody_is_rejected() -> None:
    nobody = ReferatProse(sections=[SectionProse(topic="work-situation",
                                                 text="[PERSON_7] trives i teamet.")])
    result = run(llm=FakeBackend(nobody, nobody))
    assert (result.engine, result.degraded) == ("rules", True)


def test_invented_facts_are_retried_then_left_to_the_rules() -> None:
    invented = ReferatProse(sections=[SectionProse(
        topic="work-situation", text="MH trives, og lønnen stiger med 5 % fra 1. august.")])
    backend = FakeBackend(invented, invented)
    result = run(llm=backend)
    assert len(backend.calls) == 2  # one retry with the complaints
    assert "5" in backend.calls[1].messages[-1].text
    assert (result.engine, result.degraded) == ("rules", True)
    assert result.sections[0].summary is None
    assert "- MH trives i teamet" in result.markdown


def test_a_model_failure_is_a_degraded_rules_answer() -> None:
    result = run(llm=FakeBackend(TimeoutError("slow")))
    assert (result.engine, result.degraded) == ("rules", True)
    assert result.goals and result.markdown


@pytest.mark.parametrize(("title", "today", "meeting"), [
    ("MUS 12/3 – Henrik og Sofie", date(2026, 3, 20), date(2026, 3, 12)),
    ("Medarbejdersamtale, butik Vesterbro, 2026-02-18", date(2026, 2, 20), date(2026, 2, 18)),
    ("MUS 28/12 med Ole", date(2026, 1, 5), date(2025, 12, 28)),  # not a year ahead
])
def test_the_meeting_date_is_read_from_the_title(title: str, today: date, meeting: date) -> None:
    result = asyncio.run(summarize(f"{title}\n- Mål: bestå kurset inden 30. juni\n",
                                   today=today))
    assert result.meeting_date == meeting
    assert "**Dato:**" in result.markdown and str(meeting.year) in result.markdown
    given = asyncio.run(summarize(f"{title}\n- noget\n", today=today,
                                  meeting_date=date(2026, 3, 1)))
    assert given.meeting_date == date(2026, 3, 1)  # a given meeting date wins


def test_a_bare_day_far_ahead_is_asked_about_not_moved_a_year() -> None:
    notes = "Review with Tom\nTo-dos\n- Tom books the course by March 6\n"
    result = asyncio.run(summarize(notes, today=date(2026, 3, 20)))
    assert [a.due for a in result.actions] == [None]
    assert any("March 6" in q for q in result.questions)


def test_a_week_only_meeting_is_stated_on_its_friday_with_a_question() -> None:
    # independent note writers read "uge 22" as the Friday of week 22, a stated date
    result = asyncio.run(summarize("MUS med Ali\n- Mål: bestå kurset inden 30. juni\n"
                                   "Næste samtale: uge 22\n", meeting_date=date(2026, 2, 18)))
    week = [f for f in result.follow_up if f.date == date(2026, 5, 29)]
    assert week and not week[0].proposed
    assert any("uge 22" in q for q in result.questions)


def test_a_second_meeting_on_the_line_is_asked_about() -> None:
    notes = ("Review with Tom\nfollow-up 1:1 April 15 at 10:30, otherwise a quick check-in "
             "after the summer break\n")
    result = asyncio.run(summarize(notes, today=date(2026, 3, 2)))
    assert [(f.date, f.proposed) for f in result.follow_up][:1] == [(date(2026, 4, 15), False)]
    assert any("check-in after the summer break" in q for q in result.questions)


def test_initials_and_people_outside_the_meeting_never_reach_the_model() -> None:
    backend = FakeBackend(ReferatProse(sections=[]))
    notes = ("MUS 12/3 – Henrik Berg (leder) og Sofie Lund (sygeplejerske)\n"
             "Arbejdssituation\n- SL har travlt, taler med Peter fra HR om vagterne\n"
             "- HB og Grethe Hansen planlægger introkurset\n")
    asyncio.run(summarize(notes, today=date(2026, 3, 20), llm=backend))
    sent = "\n".join(m.text for m in backend.calls[0].messages)
    for name in ("SL", "HB", "Peter", "Grethe", "Hansen", "Sofie", "Henrik"):
        assert not re.search(rf"(?<!\w){name}(?!\w)", sent), name


def test_what_one_receives_and_another_books_is_one_to_do_of_the_booker() -> None:
    notes = ("MUS 3/3 – Sara (SP) og Ole (leder)\nAftaler:\n"
             "- SP på førstehjælpskursus i april – Ole tilmelder hende senest 20/3\n")
    result = asyncio.run(summarize(notes, meeting_date=date(2026, 3, 3)))
    assert [(a.owner, a.due) for a in result.actions] == [("manager", date(2026, 3, 20))]
    assert result.actions[0].text.startswith("SP på") and result.actions[0].text.endswith("20/3")


def test_a_line_of_people_with_roles_is_a_key() -> None:
    notes = ("Review 4 May\nAB (Data Analyst) – CD (Tech Lead)\n\nActions\n"
             "- AB to write the test plan by 20 May\n- CD to order the licence\n")
    result = asyncio.run(summarize(notes, today=date(2026, 5, 4)))
    assert [a.owner for a in result.actions] == ["employee", "manager"]


def test_heading_read_by_its_head_noun() -> None:
    notes = ("Review with Kim (manager)\n3) Agreed objectives\n"
             "- Cut the backlog to 20 tickets by 30 June\n")
    result = asyncio.run(summarize(notes, today=date(2026, 3, 2)))
    assert [g.deadline for g in result.goals] == [date(2026, 6, 30)]
    assert not result.actions


def test_a_target_without_a_doer_under_agreements_is_a_goal() -> None:
    notes = "Review with Kim (manager)\nAgreed:\n- error rate below 2% by end of June\n"
    result = asyncio.run(summarize(notes, today=date(2026, 3, 2)))
    assert [g.deadline for g in result.goals] == [date(2026, 6, 30)]
    assert not result.actions


def test_week_commencing_is_that_weeks_friday() -> None:
    notes = "Review with Kim (manager)\nActions\n- Kim to book the site visit w/c 11 May\n"
    result = asyncio.run(summarize(notes, today=date(2026, 3, 2)))
    assert [a.due for a in result.actions] == [date(2026, 5, 15)]


def test_a_qualified_role_label_is_a_key_and_a_job_title_names_nobody() -> None:
    notes = ("Annual review\nEmployee: Ann Lee, Senior Analyst\n"
             "Reviewing manager: Bo Dahl, Operations Team Leader\n\nActions\n"
             "- Bo to reassign two accounts by 30 April\n")
    result = asyncio.run(summarize(notes, today=date(2026, 4, 1)))
    assert [(a.owner, a.due) for a in result.actions] == [("manager", date(2026, 4, 30))]
    assert sorted(p.name for p in result.participants) == ["Ann Lee", "Bo Dahl"]


def test_a_to_do_with_only_a_start_day_is_due_then_a_goal_is_not() -> None:
    notes = ("MUS med Eva (leder)\nAftaler:\n- Eva lægger vagtplanen om fra 1. oktober\n"
             "- Mål: være superbruger i systemet fra 1. oktober\n")
    result = asyncio.run(summarize(notes, meeting_date=date(2026, 8, 20)))
    assert [a.due for a in result.actions] == [date(2026, 10, 1)]
    assert [g.deadline for g in result.goals] == [None]


def test_a_line_of_what_i_said_is_no_key_and_my_review_makes_me_the_employee() -> None:
    notes = ("notes from my yearly review w/ Sam\n\nme: asked about moving to the data team "
             "next year. Sam says maybe.\n\nagreed\n- Sam to ask the data lead by 10 May\n"
             "- I'll finish the SQL course by 30 June\n")
    result = asyncio.run(summarize(notes, today=date(2026, 4, 2)))
    assert [a.owner for a in result.actions] == ["manager", "employee"]


def test_a_negated_arrangement_is_a_rule_not_a_to_do() -> None:
    notes = ("MUS med Eva (leder) og Tim (TJ)\nAftaler:\n- ingen nattevagter for TJ i december\n"
             "- ingen overtid i januar (Eva tjekker vagtplanen)\n")
    result = asyncio.run(summarize(notes, meeting_date=date(2026, 11, 2)))
    assert [a.text for a in result.actions] == ["ingen overtid i januar (Eva tjekker vagtplanen)"]


def test_who_acts_in_a_closing_parenthesis_owns_a_to_do_without_a_verb() -> None:
    notes = ("MUS med Eva (leder) og Tim (TJ)\nAftaler:\n"
             "- TJ går ned på 30 timer fra marts (Eva sørger for kontrakten)\n"
             "- TJ deltager i kurset i maj (Eva godkender)\n")
    result = asyncio.run(summarize(notes, meeting_date=date(2026, 1, 12)))
    assert [a.owner for a in result.actions] == ["manager", "employee"]
