"""The rehearsal's rules engine: the issue's "done when" in both languages, history, limits."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from coach.errors import InputError
from coach.knowledge import Hit
from coach.language import detect_language
from coach.rehearsal import PERSONAS, RehearsalResult, rehearse
from coach.rehearsal.replies import count_sentences
from tests.support.stubs import hit

JUDGING = {"da": "Du er altid så negativ på møderne.",
           "en": "You're always so negative in meetings."}
CONCRETE = {"da": "På tavlemødet i tirsdags sagde du nej til to forslag uden at forklare "
                  "hvorfor, så vi måtte udsætte beslutningen. Hvordan oplevede du det?",
            "en": "In Tuesday's stand-up you turned down two proposals without saying why, so we "
                  "had to postpone the decision. How did you see it?"}
SORRY = {"da": "Undskyld, det var ikke fair sagt.", "en": "I'm sorry, that came out wrong."}


class Guidance:
    """Two feedback passages; records what was searched."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def search(self, query: str, k: int = 5, **filters: Any) -> list[Hit]:
        self.calls.append({"query": query, "k": k, **filters})
        return [hit("fb-person:1", "Adfærd, ikke person", "feedback", "Tal om adfærd."),
                hit("fb-sbi:2", "SBI-modellen", "feedback", "Situation, adfærd, betydning.")][:k]


def run(feedback: str, **kw: Any) -> RehearsalResult:
    return asyncio.run(rehearse(feedback, **kw))


def talk(lines: list[str], persona: str = "open", language: str | None = None,
         **kw: Any) -> list[RehearsalResult]:
    """A whole conversation, the history sent back each turn as a client would."""
    history: list[dict[str, str]] = []
    results = []
    for line in lines:
        r = run(line, history=history[-20:], persona=persona, language=language, **kw)
        results.append(r)
        history += [{"role": "manager", "text": line}, {"role": "employee", "text": r.reply}]
    return results


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_judging_and_a_behaviour_focused_opening_get_different_fitting_replies(lang: str
                                                                                 ) -> None:
    judged, concrete = run(JUDGING[lang]), run(CONCRETE[lang])
    assert judged.language == concrete.language == lang
    assert judged.move == "judging" and judged.reaction == "defensive"
    quoted = {"da": ("altid", "negativ"), "en": ("always", "negative")}[lang]
    assert any(w in judged.reply.casefold() for w in quoted), judged.reply  # picks up the words
    assert concrete.move == "concrete" and concrete.reaction == "engaged"
    assert not any(w in concrete.reply.casefold() for w in quoted)
    assert judged.reply != concrete.reply
    for r in (judged, concrete):
        assert 1 <= count_sentences(r.reply) <= 3
        assert detect_language(r.reply) == lang, r.reply
        assert r.engine == "rules" and r.degraded is False


def test_the_example_of_the_issue() -> None:
    """"Hvad mener du med 'altid'?": the open employee asks about the manager's own word."""
    replies = [r.reply for r in talk(["Du kommer altid for sent."] * 3)]
    assert all("«altid»" in r and "?" in r for r in replies), replies
    assert any("Hvad mener du med «altid»?" in r for r in replies), replies


@pytest.mark.parametrize("lang", ["da", "en"])
def test_personas_change_the_reply(lang: str) -> None:
    for line in (JUDGING[lang], CONCRETE[lang]):
        replies = {p: run(line, persona=p).reply for p in PERSONAS}
        assert len(set(replies.values())) == len(PERSONAS), replies
    quiet, open_ = run(JUDGING[lang], persona="quiet"), run(CONCRETE[lang], persona="open")
    assert len(quiet.reply) < len(open_.reply)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_tip_names_the_judging_wording_and_cites_guidance(lang: str) -> None:
    guidance = Guidance()
    r = run(JUDGING[lang], retriever=guidance)
    assert r.analysis.findings
    for f in r.analysis.findings:
        assert f.excerpt in r.coach_tip
    assert [s.id for s in r.sources] == ["fb-person:1", "fb-sbi:2"]
    assert "Adfærd, ikke person" in r.coach_tip  # the guidance it rests on
    assert guidance.calls[0]["topic"] == "feedback" and guidance.calls[0]["language"] == lang
    assert JUDGING[lang] not in guidance.calls[0]["query"]  # searched by technique, not text


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_tip_on_a_concrete_line_builds_on_its_strengths(lang: str) -> None:
    r = run(CONCRETE[lang])
    assert not r.analysis.findings
    words = {"da": ("konkret situation", "dialog"), "en": ("concrete situation", "dialogue")}
    assert all(w in r.coach_tip for w in words[lang]), r.coach_tip


@pytest.mark.parametrize("lang", ["da", "en"])
def test_history_is_used_judging_again_then_acknowledging_calms_it(lang: str) -> None:
    first, again, sorry, concrete = talk([JUDGING[lang], JUDGING[lang], SORRY[lang],
                                          CONCRETE[lang]], "defensive", lang)
    assert first.reply != again.reply
    assert again.reaction == "defensive" and len(again.reply) > len(first.reply)  # "again"
    assert sorry.move == "acknowledgement" and sorry.reaction == "softened"
    heard = {"da": ("altid", "negativ"), "en": ("always", "negative")}[lang]
    assert any(w in sorry.reply.casefold() for w in heard), sorry.reply  # refers back
    assert concrete.reaction == "engaged"
    tips = {"da": "allerede i forsvar", "en": "already defensive"}
    assert tips[lang] in again.coach_tip and tips[lang] not in first.coach_tip


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_concrete_line_after_a_judgement_refers_back_to_it(lang: str) -> None:
    _, concrete = talk([JUDGING[lang], CONCRETE[lang]], "open", lang)
    assert concrete.reaction == "engaged"
    assert any(w in concrete.reply.casefold() for w in ("altid", "always")), concrete.reply


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_reply_repeats_over_ten_turns_even_when_the_manager_does(lang: str,
                                                                    persona: str) -> None:
    lines = [JUDGING[lang]] * 10
    replies = [r.reply for r in talk(lines, persona, lang)]
    assert len(set(replies)) == 10, replies
    mixed = [JUDGING[lang], CONCRETE[lang], SORRY[lang], CONCRETE[lang], JUDGING[lang]] * 2
    replies = [r.reply for r in talk(mixed, persona, lang)]
    assert len(set(replies)) == 10, replies


@pytest.mark.parametrize(("line", "move", "reaction"), [
    ("Hvordan har du det med dine opgaver?", "question", "answer"),
    ("What would help you hit the deadline next time?", "question", "answer"),
    ("Kan du fremover sende dagsordenen ud dagen før mødet?", "request", "agreeing"),
    ("Could you send me the draft by Thursday noon?", "request", "agreeing"),
    ("Tak for den måde, du håndterede den vrede kunde på i weekenden.", "praise", "pleased"),
    ("Great job on the client demo yesterday.", "praise", "pleased"),
    ("Jeg kan godt høre, at det ramte dig.", "acknowledgement", "softened"),
    ("Vi skal tale om dine rapporter.", "neutral", "unsure"),
    ("Du gider ikke at lave noget.", "judging", "defensive"),
    ("You seem unmotivated lately.", "judging", "defensive"),
])
def test_each_kind_of_line_gets_its_kind_of_reply(line: str, move: str, reaction: str) -> None:
    r = run(line)
    assert (r.move, r.reaction) == (move, reaction), r.reply
    assert r.reply and r.coach_tip


def test_a_question_gets_an_answer_that_fits_it() -> None:
    assert "travlt" in run("Har du travlt for tiden?").reply.casefold() or \
        "meget" in run("Har du travlt for tiden?").reply.casefold()
    closed = run("Er du glad for dit job?")
    assert "ja eller nej" in closed.coach_tip  # and the tip suggests an open question


def test_same_request_same_answer_and_nothing_is_kept() -> None:
    assert run(JUDGING["da"]).reply == run(JUDGING["da"]).reply
    lone = run(CONCRETE["da"])
    after = talk([JUDGING["da"], CONCRETE["da"]])[1]
    assert lone.reply != after.reply  # only the history sent changes the answer


def test_language_follows_the_request_or_the_managers_lines() -> None:
    assert run("Okay.", history=[{"role": "manager", "text": JUDGING["da"]},
                                 {"role": "employee", "text": "Hvad mener du?"}]).language == "da"
    assert run(JUDGING["da"], language="en").language == "en"


@pytest.mark.parametrize(("kw", "field"), [
    ({"persona": "angry"}, "persona"),
    ({"history": [{"role": "boss", "text": "Hej"}]}, "history[0].role"),
    ({"history": [{"role": "manager", "text": "  "}]}, "history[0].text"),
    ({"history": [{"role": "manager", "text": "x" * 4001}]}, "history[0].text"),
    ({"history": [{"role": "manager", "text": "Hej"}] * 21}, "history"),
    ({"language": "sv"}, "language"),
    ({"names": ["x" * 101]}, "names[0]"),
])
def test_bad_input_names_the_field(kw: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as err:
        run("Du er doven.", **kw)
    assert err.value.field == field and "doven" not in str(err.value)
    with pytest.raises(InputError) as err:
        run("   ")
    assert err.value.field == "feedback"


OPEN_QUESTIONS = {
    "da": ["Hvad er vigtigst for dig?", "Hvem arbejder du bedst sammen med?",
           "Hvad giver dig energi?", "Hvad fylder mest?", "Hvornår er du bedst?",
           "Hvad savner du?", "Hvad ville du ændre?", "Hvad har overrasket dig?",
           "Hvad betyder mest i teamet?", "Hvad tænker du om det?"],
    "en": ["What matters most to you?", "Who do you work best with?", "What gives you energy?",
           "What fills your days?", "When are you at your best?", "What do you miss?",
           "What would you change?", "What surprised you?", "What matters most in the team?",
           "What do you make of it?"]}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_ten_open_questions_get_ten_different_answers(lang: str, persona: str) -> None:
    """The answer banks are small; once they run out the employee still never says the same
    line twice (other openers, the neutral answers)."""
    results = talk(OPEN_QUESTIONS[lang], persona, lang)
    replies = [r.reply for r in results]
    assert len(set(replies)) == 10, replies
    assert all(r.reaction == "answer" and count_sentences(r.reply) <= 3 for r in results)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_same_line_twenty_turns_long_never_gets_a_reply_already_said(persona: str) -> None:
    for line in ("Hvad er vigtigst for dig?", "Okay.", SORRY["en"]):
        history: list[dict[str, str]] = []
        for _ in range(20):
            sent = history[-20:]
            r = run(line, history=sent, persona=persona)
            assert r.reply not in [t["text"] for t in sent if t["role"] == "employee"]
            history += [{"role": "manager", "text": line}, {"role": "employee", "text": r.reply}]


# Acknowledgements by word class: lines written for this test, none of them a listed phrase.
APOLOGY_CLASS = {
    "apology or regret, with or without the speaker": [
        ("da", "Beklager, det var ikke meningen at gå over stregen."),
        ("da", "Min fejl – det skulle ikke være kommet sådan ud."),
        ("en", "Apologies, that went too far."),
        ("en", "I regret how that part of the talk went."),
    ],
    "the speaker faulting their own wording": [
        ("da", "Det var uheldigt formuleret af mig."),
        ("da", "Mit ordvalg var alt for hårdt før."),
        ("en", "I phrased that clumsily."),
        ("en", "That was a careless choice of words on my part."),
    ],
    "the speaker perceiving the employee's feeling": [
        ("da", "Jeg fornemmer, at det gjorde dig usikker."),
        ("da", "Jeg kan godt se, hvor meget det har påvirket dig."),
        ("en", "I can see that really bothered you."),
        ("en", "I understand why that hurt."),
    ],
}
NOT_APOLOGIES = [
    ("da", "Din formulering i rapporten var dårlig."),  # the employee's wording, not the speaker's
    ("en", "Your wording in the proposal was poor."),
    ("da", "Jeg hører fra kunderne, at de er skuffede."),  # a third party's feeling
    ("en", "I hear that the team felt frustrated after the meeting."),
    ("en", "I'm not sorry I raised it."),
    ("en", "I can see you were frustrated when the client called, but you hung up on him."),
]


@pytest.mark.parametrize(("lang", "line"), [x for xs in APOLOGY_CLASS.values() for x in xs])
def test_acknowledgements_are_recognised_by_word_class(lang: str, line: str) -> None:
    r = run(line, language=lang)
    assert (r.move, r.reaction) == ("acknowledgement", "softened"), r.reply


@pytest.mark.parametrize(("lang", "line"), NOT_APOLOGIES)
def test_lines_with_those_words_that_do_not_acknowledge(lang: str, line: str) -> None:
    assert run(line, language=lang).move != "acknowledgement"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_back_references_follow_only_a_line_that_describes_what_happened(lang: str,
                                                                         persona: str) -> None:
    """"Det er mere konkret end «altid»" after "Okay." or a question would misfire."""
    judged = {"da": "Du kommer altid for sent.", "en": "You're always late."}[lang]
    word = {"da": "altid", "en": "always"}[lang]
    for line in ({"da": "Okay.", "en": "Okay."}[lang],
                 {"da": "Hvad tænker du?", "en": "What are your thoughts?"}[lang],
                 {"da": "Hvordan så du selv det møde?",
                  "en": "How did you see that meeting yourself?"}[lang]):
        reply = talk([judged, line], persona, lang)[1].reply
        assert word not in reply.casefold(), (line, reply)
    concrete = talk([judged, CONCRETE[lang]], "open", lang)[1]
    assert word in concrete.reply.casefold(), concrete.reply


@pytest.mark.parametrize(("lang", "line"), [
    ("da", "Kan vi aftale, at du giver besked, hvis en deadline skrider?"),
    ("da", "Skal vi sige, at vi tager en kort snak hver fredag?"),
    ("en", "Can we agree that you flag it when a deadline slips?"),
    ("en", "How about we check in every Friday for a month?"),
])
def test_a_proposed_agreement_is_next_steps_not_a_closed_question(lang: str, line: str) -> None:
    """The employee agrees or negotiates; the tip does not call it a yes/no question."""
    for persona in PERSONAS:
        r = run(line, persona=persona, language=lang)
        assert (r.move, r.reaction) == ("request", "agreeing"), r.reply
        assert not any(w in r.coach_tip for w in ("ja eller nej", "yes or no")), r.coach_tip
        assert any(w in r.coach_tip for w in ("forhandle", "negotiate")), r.coach_tip


def test_an_open_question_about_agreeing_is_still_a_question() -> None:
    r = run("Hvad kan vi aftale fremover?")
    assert (r.move, r.reaction) == ("question", "answer"), r.reply


@pytest.mark.parametrize(("lang", "line", "kind"), [
    ("da", "Hvad vil du gerne lære?", "development"),  # "hvad vil du" is only the frame
    ("en", "What would you like to learn next year?", "development"),
    ("en", "How can I help?", "need"),
    ("da", "Hvad kan jeg gøre for at hjælpe dig?", "need"),
    ("en", "How do you see your role?", "opinion"),
    ("da", "Hvordan ser du din rolle i teamet?", "opinion"),
    ("da", "Hvordan oplevede du mødet i går?", "view"),
    ("en", "How did you experience the meeting?", "view"),
    ("da", "Hvordan har du det med dine opgaver?", "workload"),
])
def test_a_question_is_answered_by_its_topic_before_its_frame(lang: str, line: str,
                                                              kind: str) -> None:
    from coach.feedback import default_analyzer
    from coach.rehearsal.moves import read_line
    assert read_line(default_analyzer().scan(line, lang, [])).question == kind


# Incident words: fine after "how did you experience the meeting", wrong for a general question.
_INCIDENT = ("situationen", "dengang", "udefra", "at the time", "from the outside",
             "get everything done at once", "nå det hele på én gang", "afhænger af situationen",
             "depends on the situation")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("lang", "line"), [
    ("en", "How do you see your role?"), ("da", "Hvordan ser du din rolle?"),
    ("en", "What do you think about the new rota?"), ("da", "Hvad tænker du om det nye skema?"),
    ("en", "What would you say is your strongest side?"), ("da", "Hvad er din stærkeste side?"),
])
def test_a_general_question_gets_no_answer_that_assumes_an_incident(lang: str, line: str,
                                                                    persona: str) -> None:
    reply = run(line, persona=persona, language=lang).reply.casefold()
    assert not any(w in reply for w in _INCIDENT), reply


SITUATION = {"da": "konkret situation", "en": "concrete situation"}
EXPERIENCE = {"da": "din egen oplevelse", "en": "your own experience"}


@pytest.mark.parametrize(("lang", "line", "named"), [
    ("da", "Kunderne klager over dig.", False),  # a topic
    ("en", "How did you see that meeting yourself?", False),
    ("en", "The clients have complained about the reports.", False),
    ("da", "Hvordan gik det med rapporten?", False),
    ("da", "På kundemødet i går afbrød du Sara to gange.", True),  # a compound occasion
    ("da", "I torsdags sendte du tilbuddet uden at tjekke priserne.", True),  # a time
    ("en", "During the budget review you interrupted Sara twice.", True),
    ("en", "Two days ago you sent the offer without checking the prices.", True),
])
def test_the_tip_credits_a_situation_only_when_a_time_or_occasion_is_named(
        lang: str, line: str, named: bool) -> None:
    assert (SITUATION[lang] in run(line, language=lang).coach_tip) is named


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "I felt let down when the report was late."),
    ("en", "I was worried when you didn't answer the client."),
    ("en", "I feel uneasy when the handover is skipped."),
    ("da", "Jeg blev skuffet, da rapporten kom for sent."),
    ("da", "Jeg følte mig overset, da planen blev lavet om."),
])
def test_speaking_from_ones_own_feeling_is_credited_as_an_i_statement(lang: str,
                                                                     line: str) -> None:
    assert EXPERIENCE[lang] in run(line, language=lang).coach_tip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("lang", "line", "word"), [
    ("da", "På mødet i tirsdags afbrød du Sara to gange, og hun sagde bagefter til mig, at hun "
           "blev usikker.", "usikker"),
    ("da", "Under fremlæggelsen i går rettede du Jonas foran kunden, og han blev ked af det "
           "bagefter.", "ked"),
    ("en", "In Monday's review you cut Sara off twice, and afterwards she told me she was "
           "upset.", "upset"),
])
def test_a_third_persons_reaction_is_the_impact_not_a_judgement_of_the_employee(
        persona: str, lang: str, line: str, word: str) -> None:
    """Whatever the analyzer flags about "hun"/"she", the employee does not object to it."""
    r = run(line, persona=persona, language=lang)
    assert r.reaction != "defensive" and word not in r.reply.casefold(), r.reply
    for f in r.analysis.findings:  # still quoted, as impact
        assert f.excerpt in r.coach_tip
    assert not any(w in r.coach_tip for w in ("går i forsvar", "gets defensive"))
