"""Prep questions: topic choice, selection, manager guarantees, LLM adaptation, eval set."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

import pytest

from coach.errors import InputError
from coach.knowledge import BankQuestion, load_builtin_passages, load_question_bank
from coach.knowledge.search import Retriever
from coach.llm import FakeBackend
from coach.llm.checks import language_complaints
from coach.paths import KNOWLEDGE_DIR
from coach.prep import PREP_ORDER, PrepResult, is_duplicate, prepare
from coach.prep.cues import cue_scores, question_complaints
from coach.prep.lexicon import messages
from coach.prep.llm import AdaptedQuestion, AdaptedSet, keyed
from coach.prep.plan import is_manager_self, plan
from coach.prep.render import render_markdown
from coach.settings import get_settings
from coach.taxonomy import CORE_TOPICS, TOPIC_SLUGS
from evals.rows import split_topics
from tests.support.paths import ROOT as PROJECT_ROOT

DATASET = PROJECT_ROOT / "evals" / "datasets" / "prep.jsonl"
KNOWLEDGE = KNOWLEDGE_DIR


def run(coro: Any) -> Any:
    """Run a coroutine to completion (tests stay sync, like the CLI)."""
    return asyncio.run(coro)


# --- small in-memory fixtures -------------------------------------------------------------------


def q(qid: str, topic: str, audience: str, text: str, language: str = "da") -> BankQuestion:
    """A bank question with a generic reason."""
    return BankQuestion(id=qid, topic=topic, audience=audience, language=language,  # type: ignore[arg-type]
                        text=text, why="Fordi det hjælper samtalen.")


class Hit:
    """The fields of `coach.knowledge.passages.Hit` that prep reads."""

    def __init__(self, pid: str, topic: str, title: str = "Vejledning", text: str = "Tekst.",
                 language: str = "da") -> None:
        self.id, self.topic, self.title = pid, topic, title
        self.text, self.language = text, language


class StubRetriever:
    """Returns one fixed passage per topic; records the queries."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def search(self, query: str, k: int = 5, *, topic: str | None = None,
               audience: str | None = None, language: str | None = None,
               dense: bool = True) -> list[Hit]:
        self.calls.append({"query": query, "topic": topic, "audience": audience})
        return [Hit(f"p-{topic or 'any'}:0000abcd", topic or "work-situation")][:k]


SMALL_BANK = [
    q("ws-1", "work-situation", "employee", "Hvilke opgaver giver dig mest energi?"),
    q("ws-2", "work-situation", "employee", "Hvordan ser din arbejdsuge ud?"),
    # a near duplicate of ws-1:
    q("ws-3", "work-situation", "employee", "Hvilke opgaver giver dig allermest energi?"),
    q("wb-1", "wellbeing", "employee", "Hvordan har du det med dit arbejdspres?"),
    q("wb-2", "wellbeing", "employee", "Hvad tager du dig til, når du mærker stress?"),
    q("fb-1", "feedback", "employee", "Hvilken feedback har hjulpet dig mest?"),
    q("fb-2", "feedback", "employee", "Hvordan tager du helst imod ros?"),
    q("eg-1", "expectations-goals", "employee", "Hvad forventer du af din leder?"),
    q("eg-2", "expectations-goals", "employee", "Hvilke mål er vigtigst for dig i år?"),
    q("dv-1", "development", "employee", "Hvad vil du gerne lære det næste år?"),
    q("dv-2", "development", "employee", "Hvem kunne du lære noget af?"),
    q("mws-1", "work-situation", "manager", "Hvordan ser en typisk uge ud for dig?"),
    q("mwb-1", "wellbeing", "manager", "Hvordan har du det med at gå på arbejde?"),
    q("mwb-2", "wellbeing", "manager", "Hvad kan vi gøre for at mindske presset?"),
    q("mfb-1", "feedback", "manager", "Hvilken feedback vil du gerne have mere af?"),
    q("mfb-2", "feedback", "manager", "Hvad kan jeg som leder gøre anderledes for dig?"),
    q("meg-1", "expectations-goals", "manager", "Hvad forventer du af mig som leder?"),
    q("mdv-1", "development", "manager", "Hvilke kompetencer vil du styrke?"),
]


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"role": "boss"}, "role"),
    ({"role": "employee", "topics": ["wellbeing", "nope"]}, "topics"),
    ({"role": "employee", "count": 0}, "count"),
    ({"role": "employee", "count": 31}, "count"),
    ({"role": "employee", "context": "   "}, "context"),
    ({"role": "employee", "context": "x" * 4001}, "context"),
    ({"role": "employee", "language": "de"}, "language"),
])
def test_invalid_requests_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as err:
        run(prepare(SMALL_BANK, None, **kwargs))
    assert err.value.field == field
    assert "nope" not in str(err.value)  # no user text in errors


def test_language_defaults_to_danish_and_follows_the_context() -> None:
    assert run(prepare(SMALL_BANK, None, role="employee")).language == "da"
    english = run(prepare(SMALL_BANK, None, role="employee", context="I feel stressed at work"))
    assert english.language == "en"


# --- selection ----------------------------------------------------------------------------------


def test_fills_count_evenly_in_mus_order_without_near_duplicates() -> None:
    result = run(prepare(SMALL_BANK, None, role="employee", count=7))
    sizes = [len(s.questions) for s in result.sections]
    assert sum(sizes) == 7 and max(sizes) - min(sizes) <= 1
    topics = [s.topic for s in result.sections]
    assert topics == sorted(topics, key=PREP_ORDER.index)
    assert set(CORE_TOPICS) <= set(topics)
    texts = [x.text for s in result.sections for x in s.questions]
    assert not ("Hvilke opgaver giver dig mest energi?" in texts
                and "Hvilke opgaver giver dig allermest energi?" in texts)


def test_context_adds_topics_and_ranks_questions() -> None:
    result = run(prepare(SMALL_BANK, None, role="employee", count=6,
                         context="Jeg er stresset og mærker et stort arbejdspres"))
    wellbeing = next(s for s in result.sections if s.topic == "wellbeing")
    assert wellbeing.questions[0].text.startswith(  # the context's own words first
        'Du nævner "stresset og mærker et stort arbejdspres"')
    assert wellbeing.questions[1].text == "Hvad tager du dig til, når du mærker stress?"
    assert result.sources and {s.id for s in result.sources} == {
        i for s in result.sections for x in s.questions for i in x.source_ids}


def test_explicit_topics_are_kept_in_mus_order() -> None:
    result = run(prepare(SMALL_BANK, None, role="employee", topics=["development", "wellbeing"],
                         count=4))
    assert [s.topic for s in result.sections] == ["wellbeing", "development"]
    assert sum(len(s.questions) for s in result.sections) == 4


def test_fewer_questions_than_asked_when_the_bank_runs_dry() -> None:
    result = run(prepare(SMALL_BANK, None, role="employee", topics=["feedback"], count=5))
    assert [len(s.questions) for s in result.sections] == [2]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 10])
@pytest.mark.parametrize("topics", [None, ["development"]])
def test_manager_set_always_has_wellbeing_and_self_question(count: int,
                                                            topics: list[str] | None) -> None:
    result = run(prepare(SMALL_BANK, None, role="manager", count=count, topics=topics))
    texts = [x.text for s in result.sections for x in s.questions]
    assert len(texts) == min(count, len(texts)) and len(texts) <= count
    # This bank has no opening or closing, so only a chosen topic comes before them.
    chosen = len(topics or ())
    if count > chosen:
        assert "Hvad kan jeg som leder gøre anderledes for dig?" in texts
    if count > chosen + 1:
        assert "wellbeing" in [s.topic for s in result.sections]
    if topics:
        assert set(topics) <= {s.topic for s in result.sections}


def test_manager_self_question_falls_back_when_the_bank_has_none() -> None:
    bank = [x for x in SMALL_BANK if x.id != "mfb-2"]
    retriever = StubRetriever()
    result = run(prepare(bank, retriever, role="manager", count=2, language="en"))
    # no English manager questions at all: only the fallback, citing a retrieved passage
    texts = [x for s in result.sections for x in s.questions]
    assert len(texts) == 1 and is_manager_self(texts[0].text, "en")
    assert texts[0].source_ids == ["p-feedback:0000abcd"]
    assert result.sources[0].title == "Vejledning"
    da = run(prepare(bank, retriever, role="manager", count=2))
    assert any(is_manager_self(x.text, "da") for s in da.sections for x in s.questions)


# --- language handling --------------------------------------------------------------------------


@pytest.mark.parametrize(("context", "topic"), [
    ("ny i teamet, presset af deadlines", "wellbeing"),
    ("Arbejdspresset er blevet for stort", "wellbeing"),
    ("Jeg vil gerne på en ledelsesuddannelse", "development"),
    ("Kurserne sidste år var gode", "development"),
    ("vil gerne lære ledelse", "development"),
    ("Vi har uenigheder i teamet", "challenges"),
    ("Vi aftalte en handleplan ved sidste MUS", "follow-up"),
    ("Samtalen foregår over Teams", "virtual"),
    ("I keep working overtime and feel burned out", "wellbeing"),
    ("I'd like a mentor and some training", "development"),
])
def test_context_cues_handle_inflection_and_compounds(context: str, topic: str) -> None:
    assert topic in cue_scores(context, "employee")


@pytest.mark.parametrize(("context", "topic"), [
    ("Forretningen går godt", "expectations-goals"),  # "retning" inside "forretning"
    ("She retired last year", "wellbeing"),  # no suffix matching in English
    ("Min leder siger ikke så meget", "development"),  # "leder" = my manager, not ambition
])
def test_context_cues_avoid_false_friends(context: str, topic: str) -> None:
    assert topic not in cue_scores(context, "employee")


def test_preparation_cue_follows_the_role() -> None:
    assert "preparation-manager" in cue_scores("Hvordan forbereder jeg mig?", "manager")
    assert "preparation-employee" in cue_scores("How should I prepare?", "employee")


@pytest.mark.parametrize(("text", "language", "is_open"), [
    ("Hvad giver dig energi?", "da", True),
    ("Fortæl om en god dag på arbejdet?", "da", True),
    ("I hvilke situationer trives du bedst?", "da", True),
    ("Er du glad for dit job?", "da", False),
    ("Synes du, at du får nok feedback?", "da", False),
    ("Har du brug for et kursus?", "da", False),
    ("Når du ser tilbage, er du så tilfreds?", "da", False),
    ("Hvad giver dig energi", "da", False),
    ("What gives you energy at work?", "en", True),
    ("Describe a day that went well?", "en", True),
    ("Do you like your job?", "en", False),
    ("Can you name a goal?", "en", False),
    ("Are you happy?", "en", False),
])
def test_open_question_check(text: str, language: str, is_open: bool) -> None:
    assert (question_complaints(text, language) == []) is is_open


def test_near_duplicates_are_detected() -> None:
    assert is_duplicate("Hvad giver dig energi i arbejdet?", ["Hvad giver dig energi i arbejde?"],
                        "da")
    assert not is_duplicate("Hvad giver dig energi?", ["Hvem kan du lære af?"], "da")


def test_every_ui_string_has_both_languages() -> None:
    assert all(set(v) == {"da", "en"} for v in messages().entries.values())


def test_markdown_is_a_printable_sheet() -> None:
    result = run(prepare(SMALL_BANK, None, role="employee", count=4))
    md = render_markdown(result)
    assert md.startswith("# Forberedelse til MUS – medarbejder")
    assert "Dato: ____" in md and "Noter:" in md
    first_heading = next(line for line in md.splitlines() if line.startswith("## "))
    assert first_heading == f"## {result.sections[0].title}"
    assert "1. **" in md and "4. **" in md and "5. **" not in md
    english = render_markdown(run(prepare(SMALL_BANK, None, role="manager", language="en")))
    assert english.startswith("# MUS preparation – manager")


# --- LLM engine (FakeBackend) -------------------------------------------------------------------


def _adapted(result_plan: Any, fn: Any) -> AdaptedSet:
    picks = [(key, p) for _, section in keyed(result_plan) for key, p in section]
    return AdaptedSet(questions=[AdaptedQuestion(id=key, text=fn(i, p.text), why=p.why,
                                                 source_ids=[])
                                 for i, (key, p) in enumerate(picks)])


def test_llm_adapts_every_question_when_all_pass() -> None:
    kwargs: dict[str, Any] = {"role": "employee", "language": "da", "count": 4,
                              "context": "presset af deadlines"}
    the_plan = plan(SMALL_BANK, **kwargs)
    reply = _adapted(the_plan, lambda i, t: t.replace("?", " med de mange deadlines?"))
    reply.questions[0].source_ids = ["p-work-situation:0000abcd"]
    backend = FakeBackend(reply)
    result: PrepResult = run(prepare(SMALL_BANK, StubRetriever(), backend, **kwargs))
    assert (result.engine, result.degraded) == ("llm", False)
    texts = [x.text for s in result.sections for x in s.questions]
    assert all("deadlines" in t for t in texts) and len(backend.calls) == 1
    first = result.sections[0].questions[0]
    assert first.source_ids == [the_plan.picks()[0].bank_id, "p-work-situation:0000abcd"]
    assert "p-work-situation:0000abcd" in {s.id for s in result.sources}


def test_llm_failures_are_replaced_per_question_after_one_retry() -> None:
    kwargs: dict[str, Any] = {"role": "employee", "language": "da", "count": 5,
                              "context": "presset af deadlines"}
    the_plan = plan(SMALL_BANK, **kwargs)
    bad = {
        0: "Er du glad for dine opgaver?",  # closed
        1: "What do you enjoy most about your work these days?",  # wrong language
        2: "Hvad sagde Mette til dig om dit arbejde sidste år?",  # invented name
    }
    reply = _adapted(the_plan, lambda i, t: bad.get(i, t.replace("?", " lige nu?")))
    reply.questions[3].source_ids = ["made-up:12345678"]  # citation it was not given
    backend = FakeBackend(reply, reply)
    result = run(prepare(SMALL_BANK, None, backend, **kwargs))
    assert len(backend.calls) == 2  # one retry with the complaints
    retry_prompt = backend.calls[1].messages[-1].text
    assert "yes/no" in retry_prompt and "Mette" in retry_prompt
    texts = [x.text for s in result.sections for x in s.questions]
    originals = [p.text for p in the_plan.picks()]
    assert texts[:4] == originals[:4]  # bank originals back in place
    assert texts[4] == originals[4].replace("?", " lige nu?")  # the one good adaptation kept
    assert (result.engine, result.degraded) == ("llm", True)


def test_llm_unavailable_falls_back_to_rules() -> None:
    backend = FakeBackend(TimeoutError("slow"))
    result = run(prepare(SMALL_BANK, None, backend, role="manager", count=4))
    assert (result.engine, result.degraded) == ("rules", True)
    assert sum(len(s.questions) for s in result.sections) == 4


def test_llm_keeps_manager_guarantee_and_never_sees_names() -> None:
    kwargs: dict[str, Any] = {"role": "manager", "language": "da", "count": 3,
                              "context": "Anne Hansen virker presset"}
    the_plan = plan(SMALL_BANK, **kwargs)
    pinned = next(i for i, p in enumerate(the_plan.picks()) if p.pinned)
    reply = _adapted(the_plan,
                     lambda i, t: "Hvordan går det med projekterne?" if i == pinned else t)
    backend = FakeBackend(reply, reply)
    result = run(prepare(SMALL_BANK, None, backend, names=["Anne Hansen"], **kwargs))
    sent = "\n".join(m.text for call in backend.calls for m in call.messages)
    assert "Anne" not in sent and "Hansen" not in sent and "[PERSON_1]" in sent
    texts = [x.text for s in result.sections for x in s.questions]
    assert "Hvad kan jeg som leder gøre anderledes for dig?" in texts
    assert result.degraded


# --- the built-in bank and the eval set ---------------------------------------------------------


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The real question bank, passages and a BM25 retriever over them."""
    settings = get_settings(data_dir=tmp_path_factory.mktemp("prep"), embedding="bm25")
    return {"bank": load_question_bank(KNOWLEDGE), "retriever": Retriever(settings),
            "passages": load_builtin_passages(KNOWLEDGE)}


def _cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]


def test_eval_set_is_well_formed() -> None:
    cases = _cases()
    assert len(cases) >= 40 and len({c["id"] for c in cases}) == len(cases)
    kinds = Counter((c["role"], c["language"], "context" in c) for c in cases)
    assert len(kinds) == 8  # both roles x both languages x with/without context
    for case in cases:
        assert set(case.get("expected_topics", [])) <= set(TOPIC_SLUGS)
        slugs, named = split_topics(case.get("topics"), case.get("context"))
        assert set(slugs or []) <= set(TOPIC_SLUGS)
        assert all(t in case["context"] for t in named)
    assert sum(bool(split_topics(c.get("topics"), c.get("context"))[1]) for c in cases) >= 20


def test_eval_set_coverage_and_question_quality(knowledge: dict[str, Any]) -> None:
    known_ids = ({x.id for x in knowledge["bank"]} | {p.id for p in knowledge["passages"]})
    coverage = []
    for case in _cases():
        slugs, named = split_topics(case.get("topics"), case.get("context"))
        result = run(prepare(knowledge["bank"], knowledge["retriever"], role=case["role"],
                             language=case["language"], context=case.get("context"),
                             topics=slugs, count=case.get("count", 10)))
        topics = [s.topic for s in result.sections]
        expected = case.get("expected_topics", [])
        if expected:
            coverage.append(sum(t in topics for t in expected) / len(expected))
        questions = [x for s in result.sections for x in s.questions]
        assert len(questions) == case.get("count", 10), case["id"]
        texts = [x.text for x in questions]
        assert len(set(texts)) == len(texts), case["id"]
        for i, text in enumerate(texts):
            assert not is_duplicate(text, texts[:i], result.language), (case["id"], text)
        for x in questions:
            assert question_complaints(x.text, result.language) == [], (case["id"], x.text)
            assert language_complaints(f"{x.text} {x.why}", result.language) == [], x.text
            assert x.source_ids and set(x.source_ids) <= known_ids, (case["id"], x.source_ids)
        assert {s.id for s in result.sources} == {i for x in questions for i in x.source_ids}
        assert topics == sorted(topics, key=PREP_ORDER.index)
        for phrase in named:  # the situation's own words are named by some question
            assert any(phrase.casefold() in t.casefold() for t in texts), (case["id"], phrase)
    assert sum(coverage) / len(coverage) >= 0.9


@pytest.mark.parametrize("role", ["employee", "manager"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_bank_serves_both_roles_and_languages(knowledge: dict[str, Any], role: str,
                                              language: str) -> None:
    result = run(prepare(knowledge["bank"], knowledge["retriever"], role=role, language=language,
                         count=30))
    assert sum(len(s.questions) for s in result.sections) == 30
    if role == "manager":
        assert any(is_manager_self(x.text, language) for s in result.sections
                   for x in s.questions)


def test_llm_engine_on_the_real_bank(knowledge: dict[str, Any]) -> None:
    kwargs: dict[str, Any] = {"role": "manager", "language": "en", "count": 6,
                              "context": "He seems exhausted and keeps clashing with a colleague"}
    the_plan = plan(knowledge["bank"], retriever=knowledge["retriever"], **kwargs)
    reply = _adapted(the_plan, lambda i, t: t)
    result = run(prepare(knowledge["bank"], knowledge["retriever"], FakeBackend(reply), **kwargs))
    assert (result.engine, result.degraded) == ("llm", False)
    assert [s.topic for s in result.sections] == [t for t, _ in the_plan.sections]


# --- what does not fit is named; the opening looks back (audit of issue 16) -----------------

def _bank() -> list[BankQuestion]:
    return load_question_bank(KNOWLEDGE)


@pytest.mark.parametrize(("context", "language"), [
    ("Jeg vil gerne være nøgleperson for demens. Jeg er bekymret for den høje arbejdsbyrde. "
     "Vi får et nyt IT-system til sommer. Jeg arbejder hjemme to dage om ugen.", "da"),
    ("I'd like to lead the new onboarding programme. I worry about the on-call rota. "
     "We are moving to a new office in spring. I work from home on Fridays.", "en"),
])
def test_topics_that_do_not_fit_count_are_named_in_the_note(context: str,
                                                             language: str) -> None:
    res = plan(_bank(), role="employee", language=language, context=context, count=4)  # type: ignore[arg-type]
    asked = " ".join(p.text for _, picks in res.sections for p in picks)
    roomy = plan(_bank(), role="employee", language=language, context=context, count=20)  # type: ignore[arg-type]
    mentioned = [p.quote for _, picks in roomy.sections for p in picks if p.quote]
    assert len(mentioned) >= 3, mentioned
    missing = [m for m in mentioned if m not in asked]
    assert missing and res.note
    for m in missing:
        assert f'"{m}"' in res.note  # never dropped silently


@pytest.mark.parametrize(("role", "language"), [("employee", "da"), ("employee", "en"),
                                                ("manager", "da"), ("manager", "en")])
def test_the_opening_looks_back_from_four_questions(role: str, language: str) -> None:
    from coach.prep.situation import looks_back

    # a manager's two guarantees (wellbeing, what I can do differently) come first
    for count in ((4, 8) if role == "employee" else (6, 8)):
        res = plan(_bank(), role=role, language=language, context=None, count=count)  # type: ignore[arg-type]
        topic, picks = res.sections[0]
        assert topic == "purpose"
        assert any(looks_back(p.text, language) for p in picks), (count, picks)
