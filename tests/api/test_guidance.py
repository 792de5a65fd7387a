"""`GET /v1/guidance/search`: contract shape, validation (422 problem+json) and readiness (503)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from coach.knowledge.search import Retriever
from coach.service import Coach
from coach.settings import Settings

CONTRACT_FIELDS = {"id", "title", "topic", "audience", "language", "source", "text", "score"}
PASSAGES = [
    ("feedback-sbi-manager-da", "feedback", "manager", "da", "Giv feedback med SBI",
     "Beskriv situationen, adfærden og indvirkningen, når du giver feedback."),
    ("feedback-sbi-manager-en", "feedback", "manager", "en", "Give feedback with SBI",
     "Describe the situation, the behaviour and its impact when you give feedback."),
    ("smart-criteria-both-en", "smart-goals", "both", "en", "What SMART means",
     "A SMART goal is specific, measurable, achievable, relevant and time-bound."),
    ("wellbeing-stress-employee-da", "wellbeing", "employee", "da", "Tal om stress",
     "Fortæl din leder, hvis arbejdspresset og stress bliver for meget."),
]


@pytest.fixture
def guidance_settings(make_settings: Callable[..., Settings], tmp_path: Path) -> Settings:
    root = tmp_path / "knowledge"
    for doc_id, topic, audience, language, title, body in PASSAGES:
        path = root / "passages" / language / topic / f"{doc_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\nid: {doc_id}\ntitle: {title}\ntopic: {topic}\naudience: "
                        f"{audience}\nlanguage: {language}\n---\n{body}\n", encoding="utf-8")
    # BM25 keeps these HTTP-level tests fast; ranking itself is covered in test_retrieval.py.
    return make_settings(knowledge_dir=root, embedding="bm25", rate_limit="off")


@pytest.fixture
def client(guidance_settings: Settings) -> TestClient:
    coach = Coach(settings=guidance_settings, retriever=Retriever(guidance_settings))
    return TestClient(create_app(guidance_settings, coach=coach))


def test_search_matches_the_contract(client: TestClient) -> None:
    response = client.get("/v1/guidance/search", params={"q": "  feedback SBI  ", "k": 3})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 1 <= len(results) <= 3
    assert all(set(r) == CONTRACT_FIELDS for r in results)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert results[0]["topic"] == "feedback" and results[0]["source"] == "builtin"


def test_filters_and_language(client: TestClient) -> None:
    smart = client.get("/v1/guidance/search", params={"q": "goal", "topic": "smart-goals"})
    assert {r["topic"] for r in smart.json()["results"]} == {"smart-goals"}
    both = client.get("/v1/guidance/search", params={"q": "goal feedback", "audience": "both"})
    assert {r["audience"] for r in both.json()["results"]} == {"both"}
    english = client.get("/v1/guidance/search", params={"q": "feedback", "language": "en"})
    assert english.json()["results"][0]["language"] == "en"
    danish = client.get("/v1/guidance/search", params={"q": "feedback", "language": "da"})
    assert danish.json()["results"][0]["language"] == "da"


def test_no_match_is_an_empty_list(client: TestClient) -> None:
    response = client.get("/v1/guidance/search", params={"q": "stress", "topic": "virtual"})
    assert response.status_code == 200 and response.json() == {"results": []}


@pytest.mark.parametrize(("params", "field"), [
    ({}, "q"),
    ({"q": "   "}, "q"),
    ({"q": "å" * 4001}, "q"),
    ({"q": "feedback", "k": 0}, "k"),
    ({"q": "feedback", "k": 21}, "k"),
    ({"q": "feedback", "k": "many"}, "k"),
    ({"q": "feedback", "topic": "gossip"}, "topic"),
    ({"q": "feedback", "audience": "ceo"}, "audience"),
    ({"q": "feedback", "language": "de"}, "language"),
])
def test_invalid_parameters_are_422_problems(client: TestClient, params: dict[str, str | int],
                                             field: str) -> None:
    response = client.get("/v1/guidance/search", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 422 and body["field"] == field and field in body["detail"]
    assert {"type", "title", "detail"} <= set(body)
    for value in params.values():  # never echo what the caller sent
        if isinstance(value, str) and len(value.strip()) > 3 and value != "feedback":
            assert value not in response.text


def test_k_bounds_are_accepted(client: TestClient) -> None:
    for k in (1, 20):
        response = client.get("/v1/guidance/search", params={"q": "feedback", "k": k})
        assert response.status_code == 200 and len(response.json()["results"]) <= k


def test_503_until_the_index_is_loaded(guidance_settings: Settings) -> None:
    app = create_app(guidance_settings, coach=Coach(settings=guidance_settings))
    response = TestClient(app).get("/v1/guidance/search", params={"q": "feedback"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers.get("retry-after")
