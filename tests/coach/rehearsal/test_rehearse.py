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
