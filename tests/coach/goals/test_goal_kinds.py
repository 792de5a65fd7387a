"""Kinds of goal the check reads by class, not by sentence (issue 16): passed deadlines,
periods the workplace dates, roles, ownership, approvals, qualifications, picked-out numbers,
recurring meetings and whole deliverables."""

from __future__ import annotations

from datetime import date

import pytest

from coach.goals import check_rules

TODAY = date(2026, 9, 14)


@pytest.mark.parametrize(("goal", "day"), [
    ("Aflevere budgetforslaget senest 1. august 2026.", "2026-08-01"),
    ("Submit the audit report by 30 June 2026.", "2026-06-30"),
])
def test_a_passed_deadline_is_time_bound_and_asked_about(goal: str, day: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.time_bound.met is True
    assert res.deadline == date.fromisoformat(day)
    assert res.criteria.achievable.met is False
    assert any(("passeret" in q or "has passed" in q) and day not in q for q in res.questions)


@pytest.mark.parametrize(("goal", "question"), [
    ("Afslutte førstehjælpskurset inden vinterferien.",
     'Hvilken dato mener du med "inden vinterferien"?'),
    ("Have the new rota agreed before the half-term break.",
     'Which date do you mean by "before the half-term break"?'),
    ("Skrive en ny introduktionsguide til sommer.", 'Hvilken dato mener du med "til sommer"?'),
    ("Publish the onboarding handbook by the end of the school year.",
     'Which date do you mean by "by the end of the school year"?'),
    ("Lancere den nye hjemmeside i begyndelsen af næste år.",
     'Hvilken dato mener du med "i begyndelsen af næste år"?'),
    ("Migrate the payroll system late next year.",
     'Which date do you mean by "late next year"?'),
    ("Bestå eksamen inden min næste MUS.", 'Hvilken dato mener du med "inden min næste MUS"?'),
    ("Cut invoice errors by half before the end of this financial year.",
     'Which date do you mean by "before the end of this financial year"?'),
])
def test_a_period_the_workplace_dates_is_time_bound_without_a_day(goal: str,
                                                                  question: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.time_bound.met is True, goal
    assert res.deadline is None, goal
    assert question in res.questions


def test_a_fixed_holiday_keeps_its_day() -> None:
    res = check_rules("Holde to workshops for teamet inden jul.", today=TODAY)
    assert res.deadline == date(2026, 12, 24)


@pytest.mark.parametrize("goal", [
    "Være kontaktperson for de nye praktikanter.", "Være ressourceperson for diabetes i teamet.",
    "Være superbruger på det nye vagtplanssystem.", "Være tovholder på teammøderne.",
    "Be a buddy to the new graduates.", "Be the coordinator for the volunteer rota.",
    "Chair the parents' council.", "Own the handover process for night shifts.",
])
def test_a_role_alone_is_specific_not_measurable(goal: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.specific.met is True, goal
    assert res.criteria.measurable.met is False, goal


@pytest.mark.parametrize("goal", [
    "Være tovholder på sommerfesten.", "Sidde i arbejdsmiljøudvalget.",
    "Join the staff council.", "Be the organiser of the team away day.",
])
def test_a_membership_or_one_occasion_is_checkable(goal: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.specific.met is True, goal
    assert res.criteria.measurable.met is True, goal


@pytest.mark.parametrize("goal", [
    "Take ownership of the monthly safety walk-round.", "Tage ejerskab for den ugentlige vagtplan.",
    "Take responsibility for the daily medication audit.", "Tage ansvar for kassebeholdningen.",
    "Be the go-to person for expenses questions.", "Be the ward's fire warden.",
])
def test_ownership_of_a_thing_is_specific(goal: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.specific.met is True, goal
    assert res.criteria.measurable.met is False, goal


@pytest.mark.parametrize("goal", ["Take ownership of my development.",
                                  "Become the go-to person for Excel."])
def test_ownership_of_an_abstraction_is_not_specific(goal: str) -> None:
    assert check_rules(goal, today=TODAY).criteria.specific.met is False


@pytest.mark.parametrize("goal", [
    "Få bestyrelsen til at godkende budgettet for legepladsen.",
    "Get the board to approve the new travel policy.",
    "Få kommunen til at bevilge en ny elevplads.",
])
def test_getting_others_to_approve_is_a_checkable_event(goal: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.specific.met is True, goal
    assert res.criteria.measurable.met is True, goal


@pytest.mark.parametrize("goal", [
    "Get my Level 2 hygiene qualification.", "Obtain my forklift card.",
    "Qualify as a registered nurse.", "Become a certified project manager.",
    "Blive færdig med svendeprøven som tømrer.",
])
def test_a_qualification_obtained_is_measurable(goal: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.measurable.met is True, goal


@pytest.mark.parametrize("goal", [
    "Støtte de to nye elever mere.", "Support the 4 new starters.",
    "Arbejde mere med læsningen i 3.a.", "Keep learning about data protection.",
    "Fortsætte med at lære om ledelse.",
])
def test_vague_engagement_with_a_picked_out_number_is_neither_s_nor_m(goal: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.specific.met is False, goal
    assert res.criteria.measurable.met is False, goal


@pytest.mark.parametrize("goal", [
    "Have a check-in with each apprentice every Friday.",
    "Rebuild the staff intranet on the new platform.", "Redesign the visitor badge process.",
])
def test_recurring_meetings_and_whole_deliverables_are_checkable(goal: str) -> None:
    res = check_rules(goal, today=TODAY)
    assert res.criteria.specific.met is True, goal
    assert res.criteria.measurable.met is True, goal


def test_in_time_for_a_season_is_before_it() -> None:
    res = check_rules("Have the mentoring scheme running in time for the spring intake.",
                      today=TODAY)
    assert res.criteria.time_bound.met is True and res.deadline is None


def test_a_period_naming_a_thing_leaves_the_verb_its_particle() -> None:
    res = check_rules("Hand over the Q3 budget file to finance by Friday.", today=TODAY)
    assert res.criteria.specific.met is True and res.criteria.measurable.met is True
    assert res.deadline == date(2026, 9, 18)


@pytest.mark.parametrize("goal", ["Blive klædt på til at lede teamet.",
                                  "Blive bedre rustet til nye opgaver."])
def test_being_prepared_for_something_is_not_specific(goal: str) -> None:
    assert check_rules(goal, today=TODAY).criteria.specific.met is False
