"""The model's second opinion on an analysis, over the wire through the fake OpenAI server:
it may add findings with exact excerpts and contract categories, never remove one, and never
sees the names it was told to keep."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from coach.feedback.analyzer import FeedbackAnalyzer
from coach.llm.openai_backend import build_chat_backend
from coach.service import Coach
from tests.support.api import settings_for
from tests.support.fake_openai import FakeOpenAI

RULES_ONLY = FeedbackAnalyzer(detector=None)


def _coach(tmp_path: Path, fake: FakeOpenAI) -> Coach:
    settings = settings_for(tmp_path, llm_base_url=fake.base_url, llm_model="fake-model",
                            llm_api_key="k", llm_max_retries=0)
    coach = Coach(settings=settings, llm=build_chat_backend(settings))
    coach._analyzer = RULES_ONLY  # the rules' findings are what the model is asked about
    return coach


def test_the_model_adds_an_exact_finding_and_keeps_the_rules(tmp_path: Path,
                                                              fake_openai: FakeOpenAI) -> None:
    text = "Du er doven, og Mette Hansen er en bremseklods på møderne."
    fake_openai.reply({"findings": [{"category": "label", "excerpt": "en bremseklods"}]})
    result = asyncio.run(_coach(tmp_path, fake_openai).analyze_feedback(
        text, "da", names=["Mette Hansen"]))
    assert (result.engine, result.degraded) == ("llm", False)
    assert [(f.category, f.excerpt) for f in result.findings] == [
        ("label", "Du er doven"), ("label", "en bremseklods")]
    assert all(text[f.start:f.end] == f.excerpt for f in result.findings)
    assert "bremseklods" in result.findings[1].explanation
    assert "Mette" not in fake_openai.texts and "Hansen" not in fake_openai.texts
    assert "Du er doven" in fake_openai.texts  # the model sees what was already found


def test_an_inexact_excerpt_is_asked_again_then_dropped(tmp_path: Path,
                                                        fake_openai: FakeOpenAI) -> None:
    text = "You are lazy and a bit of a drag in meetings."
    fake_openai.reply({"findings": [{"category": "label", "excerpt": "a drag at meetings"}]})
    fake_openai.reply({"findings": [{"category": "label", "excerpt": "lazy person"}]})
    result = asyncio.run(_coach(tmp_path, fake_openai).analyze_feedback(text, "en"))
    assert len(fake_openai.requests) == 2  # one retry with the complaint
    assert "not copied exactly" in str(fake_openai.requests[1]["messages"])
    assert (result.engine, result.degraded) == ("rules", True)
    assert result.findings == RULES_ONLY.analyze(text, "en").findings  # the rules' stay


def test_the_model_cannot_remove_or_retype(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    fake_openai.reply({"findings": []})
    result = asyncio.run(_coach(tmp_path, fake_openai).analyze_feedback("Du er doven.", "da"))
    assert result.person_directed and [f.excerpt for f in result.findings] == ["Du er doven"]
    fake_openai.reply({"findings": [{"category": "insult", "excerpt": "doven"}]})
    fake_openai.reply({"findings": [{"category": "insult", "excerpt": "doven"}]})
    bad = asyncio.run(_coach(tmp_path, fake_openai).analyze_feedback("Du er doven.", "da"))
    assert bad.degraded and [f.category for f in bad.findings] == ["label"]


def test_a_failing_model_leaves_the_analysis(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(500).fail(500)
    result = asyncio.run(_coach(tmp_path, fake_openai).analyze_feedback(
        "Tak for rapporten i fredags.", "da"))
    assert (result.engine, result.degraded, result.findings) == ("rules", True, [])


def test_without_a_model_nothing_is_asked(tmp_path: Path) -> None:
    coach = Coach(settings=settings_for(tmp_path))
    coach._analyzer = RULES_ONLY
    result = asyncio.run(coach.analyze_feedback("Du er doven.", "da"))
    assert (result.engine, result.degraded) == ("rules", False)


def _answer(tmp_path: Path, fake: FakeOpenAI, text: str, language: str) -> dict[str, Any]:
    """The HTTP answer of `POST /v1/feedback/analyze` with the model configured."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from tests.coach.feedback.test_rephrase import StubRetriever

    coach = _coach(tmp_path, fake)
    coach.retriever = StubRetriever()
    with TestClient(create_app(coach.settings, coach=coach)) as client:
        response = client.post("/v1/feedback/analyze", json={"text": text, "language": language})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_added_finding_is_in_the_http_answer(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    # The rules find no judgement here; the model's excerpt becomes an exact, explained span.
    text = "Tak for rapporten. Du er godt nok en tung kamel at danse med."
    assert not RULES_ONLY.analyze(text, "da").person_directed
    fake_openai.reply({"findings": [{"category": "label",
                                     "excerpt": "en tung kamel at danse med"}]})
    body = _answer(tmp_path, fake_openai, text, "da")
    assert (body["engine"], body["degraded"], body["person_directed"]) == ("llm", False, True)
    [finding] = body["findings"]
    assert (finding["category"], finding["excerpt"]) == ("label", "en tung kamel at danse med")
    assert text[finding["start"]:finding["end"]] == finding["excerpt"]
    assert "kamel" in finding["explanation"]


@pytest.mark.parametrize("bad", [
    {"category": "label", "excerpt": "a wet blanket at meetings"},  # not in the text
    {"category": "sarcasm", "excerpt": "a wet blanket"},  # no contract category
])
def test_a_bad_added_finding_never_reaches_the_answer(tmp_path: Path, fake_openai: FakeOpenAI,
                                                      bad: dict[str, str]) -> None:
    text = "Thanks for the notes. You are a wet blanket in meetings."
    rules = [(f.category, f.excerpt) for f in RULES_ONLY.analyze(text, "en").findings]
    fake_openai.reply({"findings": [bad]}).reply({"findings": [bad]})  # asked once more
    body = _answer(tmp_path, fake_openai, text, "en")
    assert (body["engine"], body["degraded"]) == ("rules", True)
    assert [(f["category"], f["excerpt"]) for f in body["findings"]] == rules
    assert all(text[f["start"]:f["end"]] == f["excerpt"] for f in body["findings"])
