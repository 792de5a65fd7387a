"""Prep questions that read the person's situation (issue 16): every concrete interest, worry
or change the context names gets a question that quotes it; no question takes for granted what
the context contradicts; the set opens and closes the meeting; manager questions are marked
ask or prepare; a note says why fewer than `count` came back."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from coach.knowledge import load_question_bank
from coach.llm import FakeBackend
from coach.paths import KNOWLEDGE_DIR
from coach.prep import PrepResult, prepare
from coach.prep.cues import has_words, question_complaints
from coach.prep.lexicon import prep_data
from coach.prep.llm import AdaptedQuestion, AdaptedSet, keyed
from coach.prep.plan import plan, question_kind
from coach.prep.situation import contradicted, facts, mentions_in

BANK = load_question_bank(KNOWLEDGE_DIR)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def questions(result: PrepResult) -> list[str]:
    return [q.text for s in result.sections for q in s.questions]


@pytest.mark.parametrize(("role", "language", "context", "topics"), [
    ("employee", "da", "Jeg vil gerne være nøgleperson for demens på afdelingen. Jeg arbejder "
     "hjemme to dage om ugen, men savner kollegerne.",
     ["nøgleperson for demens", "arbejder hjemme", "savner kollegerne"]),
    ("employee", "en", "I'd like to move towards a tech lead role. Remote work has made it hard "
     "to get feedback.", ["tech lead", "Remote work"]),
    ("manager", "da", "Jeg er ny leder for teamet. Vi er to rådgivere mindre end sidste år.",
     ["ny leder", "to rådgivere mindre"]),
    ("manager", "en", "He has just come back from long-term sick leave and is starting on "
     "reduced hours.", ["long-term sick leave", "reduced hours"]),
    # a role with a place after it, short facts without a cue word, and two notes about the
    # employee that share the question's template (not repeats: they quote different things)
    ("employee", "da", "Jeg er sygeplejerske på demensafsnittet og vil gerne have mere ansvar "
     "for de nye studerende.", ["demensafsnittet", "nye studerende"]),
    ("manager", "da", "Hun er ny i teamet. Hun er dygtig til kundekontakt. Hun har nævnt, at "
     "hun gerne vil prøve kræfter med undervisning.", ["kundekontakt", "undervisning"]),
    ("manager", "en", "He is new to the team. He is great with customers. He mentioned he'd "
     "like to try teaching.", ["customers", "teaching"]),
    ("employee", "da", "Vi skal have nyt ERP-system til sommer. Arbejdspresset er steget.",
     ["ERP-system", "Arbejdspresset"]),
    # a long list: each item is quoted, and a phrase with "og" inside stays whole
    ("employee", "da", "Jeg ønsker kompetenceudvikling inden for Python, bedre balance mellem "
     "arbejde og fritid, en afklaring af min rolle i projektet, mere tid til faglig fordybelse "
     "og mulighed for at deltage i konferencer.",
     ["Python", "balance mellem arbejde og fritid", "faglig fordybelse", "konferencer"]),
    ("employee", "en", "I want training in Python, a better work-life balance, clarity about my "
     "role in the project, more time for deep work and the chance to attend conferences.",
     ["Python", "work-life balance", "deep work", "conferences"]),
])
def test_each_concrete_topic_gets_a_question_that_names_it(role: str, language: str,
                                                           context: str,
                                                           topics: list[str]) -> None:
    result = run(prepare(BANK, None, role=role, language=language, context=context))
    texts = questions(result)
    for topic in topics:
        assert any(topic in t for t in texts), topic
    for text in texts:
        assert question_complaints(text, language) == [], text


def test_quotes_are_the_contexts_own_words() -> None:
    context = "Efter sommer skifter jeg til faste nattevagter, og jeg er bekymret for min søvn."
    for m in mentions_in(context, "da", "employee"):
        assert context[m.start:m.end] == m.quote
    assert {m.kind for m in mentions_in(context, "da", "employee")} == {"change", "worry"}


def test_nothing_is_taken_for_granted_that_the_context_contradicts() -> None:
    history = "How have you experienced the feedback you've had from me over the year?"
    new = facts("I'm a new manager and took over the team in August.", "en", "manager")
    assert "new_manager" in new and contradicted(history, "en", new) == ["shared_history"]
    result = run(prepare(BANK, None, role="manager", language="en", count=30,
                         context="I'm a new manager and took over the team in August."))
    assert history not in questions(result)
    assert all(not contradicted(t, "en", new) for t in questions(result))
    first = run(prepare(BANK, None, role="employee", language="da", count=30,
                        context="Det er min første MUS."))
    assert not any("sidste MUS" in t for t in questions(first))
    # the context's own words inside a quote are not a presupposition of the question
    assert contradicted('Du nævner "to rådgivere mindre end sidste år": hvad?', "da",
                        frozenset({"new_employee"})) == []


def test_a_manager_who_is_new_is_not_a_new_employee() -> None:
    assert facts("Jeg har kun været her i to måneder.", "da", "manager") == {"new_manager"}
    assert facts("Jeg har kun været her i to måneder.", "da", "employee") == {"new_employee"}


@pytest.mark.parametrize("role", ["employee", "manager"])
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("count", [2, 3, 5, 10, 30])
def test_the_set_opens_and_closes_the_meeting(role: str, language: str, count: int) -> None:
    result = run(prepare(BANK, None, role=role, language=language, count=count))
    assert result.sections[0].topic == "purpose" and result.sections[-1].topic == "follow-up"
    assert sum(len(s.questions) for s in result.sections) == count and result.note is None
    titles = prep_data()
    assert result.sections[0].title != result.sections[-1].title and titles


def test_one_question_opens_and_says_why_it_cannot_close() -> None:
    result = run(prepare(BANK, None, role="employee", count=1))
    assert [s.topic for s in result.sections] == ["purpose"]
    assert result.note and "mindst to" in result.note


def test_fewer_than_count_comes_with_a_note() -> None:
    result = run(prepare(BANK, None, role="employee", language="en", topics=["virtual"],
                         count=30))
    found = sum(len(s.questions) for s in result.sections)
    assert found < 30 and result.note and f"{found}" in result.note and "30" in result.note


def test_manager_questions_separate_asking_from_own_preparation() -> None:
    result = run(prepare(BANK, None, role="manager", language="da", count=12))
    kinds = {q.kind for s in result.sections for q in s.questions}
    assert kinds == {"ask", "prepare"}
    third = prep_data()["kinds"]["third_person"]["da"]
    for s in result.sections:
        for q in s.questions:
            if q.kind == "ask":
                assert not has_words(q.text, third), q.text  # asked of the employee
    assert question_kind("Hvad har jeg som leder lovet?", "follow-up", "manager",
                         "da") == "prepare"
    assert question_kind("Hvad forventer du af mig?", "expectations-goals", "manager",
                         "da") == "ask"


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_employee_set_speaks_to_the_employee(language: str) -> None:
    you = prep_data()["kinds"]["second_person"][language]
    for q in BANK:
        if q.audience == "employee" and q.language == language:
            assert has_words(q.text, you), q.id
    result = run(prepare(BANK, None, role="employee", language=language, count=30))
    assert {q.kind for s in result.sections for q in s.questions} == {"prepare"}


def test_llm_adaptation_is_held_to_the_same_checks() -> None:
    """Dropping the context's words, asking a new manager about 'feedback from me' and an
    employee question that no longer speaks to the employee are sent back once, then the
    originals stand."""
    kwargs: dict[str, Any] = {"role": "manager", "language": "en", "count": 6,
                              "context": "I'm a new manager. We are two advisers down."}
    the_plan = plan(BANK, **kwargs)
    items = [(key, p) for _, section in keyed(the_plan) for key, p in section]
    quoted = next(i for i, (_, p) in enumerate(items) if p.quote)

    def rewrite(i: int, pick: Any) -> str:
        if i == quoted:
            return "How is the workload these days for you?"  # the quote is gone
        if pick.kind == "ask":
            return "How did you find the feedback you had from me last year?"
        return pick.text

    reply = AdaptedSet(questions=[AdaptedQuestion(id=key, text=rewrite(i, p), why=p.why)
                                  for i, (key, p) in enumerate(items)])
    backend = FakeBackend(reply, reply)
    result = run(prepare(BANK, None, backend, **kwargs))
    complaints = backend.calls[1].messages[-1].text
    assert "two advisers down" in complaints and "takes for granted" in complaints
    texts = questions(result)
    assert any("two advisers down" in t for t in texts)
    assert "How did you find the feedback you had from me last year?" not in texts
    assert result.sections[0].topic == "purpose" and result.sections[-1].topic == "follow-up"
    assert [q.kind for s in result.sections for q in s.questions] == [
        p.kind for _, section in keyed(the_plan) for _, p in section]


# --- clean quotes and facts by frame (audit of issue 16) ------------------------------------

@pytest.mark.parametrize(("context", "language", "quote", "not_quoted"), [
    ("I am a backend developer and want to grow into a tech lead role.", "en",
     "grow into a tech lead role", "backend developer"),
    ("She is a nurse and would like to become the team's dementia champion.", "en",
     "become the team's dementia champion", "nurse"),
])
def test_a_role_predicate_is_not_quoted(context: str, language: str, quote: str,
                                        not_quoted: str) -> None:
    quotes = [m.quote for m in mentions_in(context, language, "employee")]
    assert any(q.endswith(quote) for q in quotes), quotes
    assert not any(not_quoted in q for q in quotes), quotes


@pytest.mark.parametrize(("context", "language"), [
    ("Jeg vil gerne være nøgleperson for demens og er bekymret for travlheden.", "da"),
    ("I'd like to lead the onboarding of new staff, and I worry about the on-call rota.", "en"),
])
def test_an_interest_and_a_worry_get_their_own_kinds(context: str, language: str) -> None:
    kinds = sorted(m.kind for m in mentions_in(context, language, "employee"))
    assert kinds == ["interest", "worry"], mentions_in(context, language, "employee")


@pytest.mark.parametrize(("context", "language"), [
    ("I am a new manager. I took over the team two months ago.", "en"),
    ("Jeg er ny leder. Jeg overtog teamet for to måneder siden.", "da"),
])
def test_two_mentions_of_one_fact_give_one_question(context: str, language: str) -> None:
    found = mentions_in(context, language, "manager")
    assert len(found) == 1, found


@pytest.mark.parametrize(("context", "language", "fact"), [
    ("Jeg blev leder for afdelingen i sidste måned.", "da", "new_manager"),
    ("I was appointed team lead in May.", "en", "new_manager"),
    ("Vores afdeling fik en ny chef i foråret.", "da", "new_manager"),
])
def test_a_new_manager_by_frame(context: str, language: str, fact: str) -> None:
    assert fact in facts(context, language, "manager")
    assert fact in facts(context, language, "employee")


def test_a_manager_long_in_post_is_not_new() -> None:
    assert "new_manager" not in facts("Jeg blev leder for afdelingen for otte år siden.", "da",
                                      "manager")


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_new_manager_is_not_asked_what_to_do_differently(language: str) -> None:
    context = {"da": "Jeg blev leder for afdelingen i sidste måned.",
               "en": "I became the team's manager last month."}[language]
    res = plan(BANK, role="manager", language=language, context=context, count=10)  # type: ignore[arg-type]
    texts = [p.text for _, picks in res.sections for p in picks]
    assert not any(contradicted(t, language, res.facts) for t in texts)
    assert not any(("anderledes" in t or "differently" in t) and ("jeg" in t.lower().split()
                   or "I" in t.split()) for t in texts), texts


@pytest.mark.parametrize(("context", "language"), [
    ("We have to record every case in the new IT system.", "en"),
    ("Det nye IT-system kræver, at vi skriver notater om hver borger.", "da"),
])
def test_work_records_are_not_the_meetings_documentation(context: str, language: str) -> None:
    """A cue of a topic about the meeting itself (its minutes, consent, video) counts only
    where the context speaks of the meeting."""
    res = plan(BANK, role="employee", language=language, context=context, count=8)  # type: ignore[arg-type]
    assert "documentation" not in [topic for topic, _ in res.sections]
    mixed = plan(BANK, role="employee", language="da", count=8,
                 context="Jeg vil gerne have et skriftligt referat af samtalen.")
    assert "documentation" in [topic for topic, _ in mixed.sections]
