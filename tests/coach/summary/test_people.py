"""Who the notes name: key lines with several pairs, initials before surnames, titles."""

from __future__ import annotations

from datetime import date

from coach.summary.rules import extract

DAY = date(2026, 11, 25)  # a Wednesday


def _actions(notes: str) -> list[tuple[str, str | None]]:
    ex = extract(notes, "en", DAY)
    return [(notes[a.start:a.end], a.owner) for a in ex.actions]


def test_several_role_name_pairs_on_one_line_with_a_date() -> None:
    notes = ("One-to-one / annual appraisal – Housing Officer (Tenancy Sustainment)\n"
             "Officer: Tom Reyes    Manager: K. Doyle    25/11/2026\n\nActions\n"
             "- KD to put the request to the service manager before Christmas.\n"
             "- Tom to enrol on the course starting in January.\n"
             "- Tom and I go through the list next week.\n")
    ex = extract(notes, "en", DAY)
    # only the people the key names: the job title in the title line is nobody present
    assert sorted(ex.people.participants()) == [("K. Doyle", "manager"), ("Tom Reyes", None)]
    assert _actions(notes) == [
        ("KD to put the request to the service manager before Christmas.", "manager"),
        ("Tom to enrol on the course starting in January.", "employee"),
        ("Tom and I go through the list next week.", "both")]


def test_an_initial_or_title_before_a_name_ends_no_sentence() -> None:
    notes = ("Growth conversation – Ms. Ortiz (science)\nEvaluator: P. Lund | 9/29/26\n\n"
             "Next steps\n- PL will send the article by Friday\n"
             "- Ms. O registers for the exam by Monday\n")
    assert _actions(notes) == [("PL will send the article by Friday", "manager"),
                               ("Ms. O registers for the exam by Monday", "employee")]


def test_the_one_person_a_title_names_is_the_other_party() -> None:
    notes = "supervision notes - Tendai (senior carer)\n\n- T to do the refresher next week\n"
    assert _actions(notes) == [("T to do the refresher next week", "employee")]


def test_the_two_of_us_is_both() -> None:
    notes = ("1:1 — Marcus D., shift lead\n\nActions\n"
             "- The two of us walk the mezzanine together on 7/20\n")
    assert _actions(notes) == [("The two of us walk the mezzanine together on 7/20", "both")]


def test_a_discussion_title_names_the_employee_and_a_date_line_names_nobody() -> None:
    notes = ("Annual development discussion — Hannah R., Lab Tech II (Imaging Core)\n"
             "Supervisor: Dr. M. Chen\nFeb 10, 2026\n\nAction items:\n"
             "- Hannah: draft the SOP and send it to MC by March 1st\n"
             "- MC: confirm the training dates with Zeiss by the end of the month\n")
    ex = extract(notes, "en", date(2026, 2, 10))
    assert sorted(n for n, _ in ex.people.participants()) == ["Hannah R.", "M. Chen"]
    assert [a.owner for a in ex.actions] == ["employee", "manager"]
