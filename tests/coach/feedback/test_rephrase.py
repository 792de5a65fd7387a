"""Feedback rephrasing: rules engine on the whole eval set, and the LLM path on a fake backend."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

from coach.feedback import RephraseResult, SBISuggestion, default_analyzer, rephrase
from coach.feedback.checks import trait_words
from coach.feedback.llm import LLMRephrase, LLMSuggestion
from coach.feedback.sbi import rules_suggestions
from coach.knowledge import Hit
from coach.llm import FakeBackend
from coach.llm.checks import language_complaints, ungrounded
from tests.support.paths import ROOT as PROJECT_ROOT
from tests.support.stubs import hit

DATASET = PROJECT_ROOT / "evals" / "datasets" / "feedback.jsonl"
ROWS = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]


class StubRetriever:
    """Returns two fixed feedback passages and records the queries."""

    def __init__(self) -> None:
        """Start with no recorded calls."""
        self.calls: list[dict[str, Any]] = []

    def search(self, query: str, k: int = 5, *, topic: str | None = None,
               audience: str | None = None, language: str | None = None) -> list[Hit]:
        """Two passages about behaviour-focused feedback."""
        self.calls.append({"query": query, "k": k, "topic": topic, "language": language})
        return [hit("fb-sbi:0001", "SBI-modellen", "feedback", "Beskriv situation og adfærd."),
                hit("fb-behaviour:0002", "Adfærd, ikke person", "feedback",
                    "Giv feedback på handlingen, ikke personen.")][:k]


def run(coro: Any) -> Any:
    """Run a coroutine to completion."""
    return asyncio.run(coro)


def _check(suggestion: SBISuggestion, source: str, language: str, traits: set[str]) -> None:
    text = suggestion.text
    # The rules' own reading: the learned detector may still read a habitual present
    # ("Du afbryder folk – senest [hvornår?]") as a pattern; the rewrite keeps its facts.
    again = default_analyzer().rules_only.analyze(text, language)
    assert not again.person_directed, (text, again.findings)
    assert not ungrounded(source, text), ("fact dropped", text, ungrounded(source, text))
    assert not ungrounded(text, source), ("fact invented", text, ungrounded(text, source))
    assert not language_complaints(text, language), text
    words = {w.strip(".,!?«»“”").lower() for w in text.split()}
    assert not words & traits, (text, words & traits)
    # Each part mirrors what its text says; the full SBI statement says all four.
    parts = [suggestion.behaviour]
    if suggestion.style == "sbi":
        parts += [suggestion.situation or "-", suggestion.impact]
    for part in parts:
        assert part.strip(), (suggestion.style, text)


def _traits(text: str, language: str) -> set[str]:
    scan = default_analyzer().rules_only.scan(text, language)  # the words the rewrite edits
    return {w for w in trait_words(scan) if len(w) > 2}


@pytest.mark.parametrize("language", ["da", "en"])
def test_rules_suggestions_pass_every_check_on_the_eval_set(language: str) -> None:
    for row in ROWS:
        if row["language"] != language:
            continue
        result: RephraseResult = run(rephrase(row["text"], language=language))
        assert result.engine == "rules" and result.degraded is False
        assert 1 <= len(result.suggestions) <= 3
        assert result.language == language and result.explanation
        assert result.analysis.person_directed == bool(result.analysis.findings)
        traits = _traits(row["text"], language)
        for s in result.suggestions:
            _check(s, row["text"], language, traits)


def test_missing_parts_become_visible_placeholders() -> None:
    da = run(rephrase("Du er doven."))
    text = da.suggestions[0].text
    # The label becomes a question about the behaviour behind it, specific to the label.
    assert "[hvornår og hvor skete det?]" in text
    assert "[hvilke opgaver ventede, og hvor længe?]" in text
    assert "doven" not in text.lower()
    en = run(rephrase("You're careless."))
    assert "[when and where did it happen?]" in en.suggestions[0].text
    assert "[which mistakes or gaps did you see?]" in en.suggestions[0].text


def test_generalization_becomes_one_occasion() -> None:
    result = run(rephrase("Du kommer altid for sent til morgenmødet."))
    first = result.suggestions[0]
    assert "altid" not in first.text and "morgenmødet" in first.text
    assert "[hvornår skete det?]" in first.text
    # "never" with the verb it says of the person is one judgement: the verb goes too, the
    # place stays, and the placeholder asks for one occasion.
    never = run(rephrase("He never says a word in our meetings.")).suggestions[0].text
    assert "never" not in never and "say" not in never.split("[")[1]
    assert "In our meetings" in never and "[what happened, and when?]" in never


def test_facts_from_text_and_context_are_kept() -> None:
    text = "Han var totalt uprofessionel på mødet med Danske Bank i torsdags."
    context = "Mødet startede kl. 9.30, og Mette var med fra økonomi."
    result = run(rephrase(text, context=context))
    source = f"{text}\n{context}"
    for s in result.suggestions:
        assert "uprofessionel" not in s.text
        for fact in ("Danske Bank", "torsdags", "9.30", "Mette"):
            assert fact in s.text
        _check(s, source, "da", _traits(text, "da"))


def test_already_good_feedback_keeps_its_content() -> None:
    text = ("I går kl. 14 kom du ti minutter for sent til kundemødet med Carlsberg, "
            "og kunden ventede i receptionen.")
    result = run(rephrase(text))
    assert not result.analysis.person_directed
    assert "Carlsberg" in result.suggestions[0].text and "ti minutter" in result.suggestions[0].text


def test_sources_come_from_the_feedback_guidance() -> None:
    retriever = StubRetriever()
    result = run(rephrase("Du er doven.", retriever=retriever))
    assert [s.id for s in result.sources] == ["fb-sbi:0001", "fb-behaviour:0002"]
    assert retriever.calls[0]["topic"] == "feedback" and retriever.calls[0]["language"] == "da"
    assert retriever.calls[0]["k"] == 3


def test_input_limits() -> None:
    with pytest.raises(ValueError, match="text"):
        run(rephrase("   "))
    with pytest.raises(ValueError, match="context"):
        run(rephrase("Du er doven.", context="x" * 4001))
    with pytest.raises(ValueError, match="names"):
        run(rephrase("Du er doven.", names=["x"] * 21))
    with pytest.raises(ValueError, match="language"):
        run(rephrase("Du er doven.", language="sv"))


# --- LLM engine (FakeBackend) -------------------------------------------------------------------

GOOD_DA = SBISuggestion(
    text="På mødet med Danske Bank i torsdags lagde jeg mærke til, at [hvad så du konkret?]. "
         "Det betød, at [hvilken betydning fik det?]. Hvordan ser du det selv?",
    situation="På mødet med Danske Bank i torsdags", behaviour="[hvad så du konkret?]",
    impact="[hvilken betydning fik det?]", request="Hvordan ser du det selv?")
TEXT_DA = "Han var totalt uprofessionel på mødet med Danske Bank i torsdags."


def _reply(*suggestions: SBISuggestion, cited: list[str] | None = None) -> LLMRephrase:
    return LLMRephrase(suggestions=[LLMSuggestion(**s.model_dump()) for s in suggestions],
                       explanation="Etiketten er fjernet, og situationen er bevaret.",
                       cited_ids=cited or [])


def test_llm_suggestion_accepted_when_it_passes() -> None:
    backend = FakeBackend(_reply(GOOD_DA, cited=["fb-sbi:0001"]))
    result = run(rephrase(TEXT_DA, backend=backend, retriever=StubRetriever()))
    assert (result.engine, result.degraded) == ("llm", False)
    assert result.suggestions[0].text == GOOD_DA.text
    assert [s.id for s in result.sources] == ["fb-sbi:0001"]
    prompt = "\n".join(m.text for m in backend.calls[0].messages)
    assert "uprofessionel" in prompt and "label" in prompt  # the analyzer's findings
    assert "Giv feedback på handlingen" in prompt  # the retrieved guidance
    for s in result.suggestions:
        _check(s, TEXT_DA, "da", _traits(TEXT_DA, "da"))


@pytest.mark.parametrize("bad", [
    GOOD_DA.model_copy(update={"text": "Du var uprofessionel på mødet med Danske Bank "
                                       "i torsdags."}),
    GOOD_DA.model_copy(update={"text": "På mødet i torsdags lagde jeg mærke til, at du afbrød "
                                       "kunden. Hvordan ser du det?"}),  # drops Danske Bank
    GOOD_DA.model_copy(update={"text": "På mødet med Danske Bank i torsdags kl. 10 lagde jeg "
                                       "mærke til, at du afbrød Jens to gange."}),  # invents
    GOOD_DA.model_copy(update={"text": "At the meeting with Danske Bank on Thursday I noticed "
                                       "[what did you observe?]. How do you see it?"}),  # English
])
def test_llm_retries_once_then_falls_back_to_rules(bad: SBISuggestion) -> None:
    backend = FakeBackend(_reply(bad), _reply(bad))
    result = run(rephrase(TEXT_DA, backend=backend))
    assert len(backend.calls) == 2  # one retry with the complaints
    assert (result.engine, result.degraded) == ("rules", True)
    for s in result.suggestions:
        _check(s, TEXT_DA, "da", _traits(TEXT_DA, "da"))


def test_llm_retry_succeeds_with_the_complaints() -> None:
    bad = GOOD_DA.model_copy(update={"text": "Du var uprofessionel på mødet med Danske Bank "
                                             "i torsdags."})
    backend = FakeBackend(_reply(bad), _reply(GOOD_DA))
    result = run(rephrase(TEXT_DA, backend=backend))
    assert (result.engine, result.degraded) == ("llm", False)
    retry = backend.calls[1].messages[-1].text
    assert "still judges the person" in retry and "uprofessionel" in retry


def test_llm_uncited_ids_are_rejected() -> None:
    backend = FakeBackend(_reply(GOOD_DA, cited=["made-up:1"]), _reply(GOOD_DA, cited=["x:2"]))
    result = run(rephrase(TEXT_DA, backend=backend, retriever=StubRetriever()))
    assert (result.engine, result.degraded) == ("rules", True)


def test_llm_failure_degrades_to_rules() -> None:
    result = run(rephrase(TEXT_DA, backend=FakeBackend(TimeoutError("slow"))))
    assert (result.engine, result.degraded) == ("rules", True)
    assert result.suggestions


def test_names_never_reach_the_model() -> None:
    text = "Mette er doven, og hun kom for sent til tavlemødet i går."
    suggestion = SBISuggestion(
        text="I går kom Mette for sent til tavlemødet. Det betød, at [hvilken betydning fik "
             "det?]. Hvordan ser du det?",
        situation="I går på tavlemødet", behaviour="Mette kom for sent til tavlemødet.",
        impact="[hvilken betydning fik det?]", request="Hvordan ser du det?")
    # The model only ever sees the placeholder, so its reply uses it too.
    redacted = suggestion.model_copy(update={
        k: v.replace("Mette", "[PERSON_1]") for k, v in suggestion.model_dump().items()})
    backend = FakeBackend(_reply(redacted))
    result = run(rephrase(text, names=["Mette"], backend=backend))
    prompt = "\n".join(m.text for m in backend.calls[0].messages)
    assert "Mette" not in prompt and "[PERSON_1]" in prompt
    assert result.engine == "llm" and "Mette" in result.suggestions[0].text


@pytest.mark.parametrize(
    ("text", "context", "observed"),
    [
        ("Du er altid så negativ på møderne",
         "På teammødet tirsdag afviste Mette tre forslag uden at begrunde det",
         "På teammødet tirsdag afviste Mette tre forslag uden at begrunde det."),
        ("You're so careless with the reports",
         "On Monday the sales report went out with wrong Q3 figures",
         "On Monday the sales report went out with wrong Q3 figures."),
    ],
)
def test_context_that_describes_the_action_becomes_the_behaviour(
        text: str, context: str, observed: str) -> None:
    """The manager already wrote what happened: no placeholder asks for it again."""
    analyzer = default_analyzer()
    scan = analyzer.scan(text)
    ctx = analyzer.scan(context, scan.language)
    for suggestion in rules_suggestions(scan, ctx, analyzer):
        assert observed in suggestion.behaviour
        assert "[hvad så eller hørte du konkret?]" not in suggestion.text
        assert "[what did you see or hear?]" not in suggestion.text
        assert "[hvad så du konkret?]" not in suggestion.text
        assert "[what did you observe?]" not in suggestion.text
        assert suggestion.text.count(observed) == 1


def test_each_suggestion_request_mirrors_its_own_text() -> None:
    analyzer = default_analyzer()
    for suggestion in rules_suggestions(analyzer.scan("Du er altid så negativ."), None, analyzer):
        for part in re.split(r"(?<=[.?!]) ", suggestion.request):
            assert part in suggestion.text
