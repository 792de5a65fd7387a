"""`POST /v1/prep/questions` and `mus-coach prep`, end to end on the built-in knowledge."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from cli.app import app as cli
from coach.llm import FakeBackend
from coach.prep.cues import question_complaints
from coach.prep.llm import AdaptedQuestion, AdaptedSet
from coach.prep.plan import is_manager_self, plan
from coach.service import Coach, build_coach
from coach.settings import Settings
from tests.support.api import settings_for

URL = "/v1/prep/questions"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Lexical index on a temp data dir, no auth, no rate limit."""
    return settings_for(tmp_path_factory.mktemp("prep-api"))


@pytest.fixture(scope="module")
def coach(settings: Settings) -> Coach:
    """A coach with its index loaded (shared by the module; tests reset `llm`)."""
    return build_coach(settings)


@pytest.fixture
def client(settings: Settings, coach: Coach) -> Iterator[TestClient]:
    """A client on an app around the shared coach, rules engine unless a test sets `llm`."""
    coach.llm = None
    with TestClient(create_app(settings, coach=coach), raise_server_exceptions=False) as c:
        yield c
    coach.llm = None


def _questions(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for s in body["sections"] for q in s["questions"]]


@pytest.mark.parametrize("role", ["employee", "manager"])
@pytest.mark.parametrize(("language", "context"), [
    ("da", None), ("en", None),
    ("da", "Jeg er ny i teamet, presset af deadlines og vil gerne lære ledelse."),
    ("en", "I'm new to the team, stretched by deadlines and keen to learn leadership."),
])
def test_answers_per_contract(client: TestClient, role: str, language: str,
                              context: str | None) -> None:
    payload: dict[str, Any] = {"role": role}
    if context:
        payload["context"] = context  # language detected from the context
    else:
        payload["language"] = language
    resp = client.post(URL, json=payload)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert {"language", "role", "sections", "sources", "engine", "degraded"} <= body.keys()
    assert (body["language"], body["role"], body["engine"]) == (language, role, "rules")
    questions = _questions(body)
    assert len(questions) == 10
    for q in questions:
        assert {"text", "why", "source_ids"} <= q.keys() and q["source_ids"]
        assert question_complaints(q["text"], language) == []
    topics = [s["topic"] for s in body["sections"]]
    assert {"work-situation", "expectations-goals", "development", "feedback"} <= set(topics)
    if context:
        assert "wellbeing" in topics
    if role == "manager":
        assert "wellbeing" in topics
        assert any(is_manager_self(q["text"], language) for q in questions)
    cited = {i for q in questions for i in q["source_ids"]}
    assert {s["id"] for s in body["sources"]} == cited
    assert all(s.keys() >= {"id", "title", "topic"} for s in body["sources"])


def test_explicit_topics_and_count(client: TestClient) -> None:
    resp = client.post(URL, json={"role": "employee", "topics": ["development", "wellbeing"],
                                  "count": 5, "language": "en"})
    body = resp.json()
    assert [s["topic"] for s in body["sections"]] == ["wellbeing", "development"]
    assert [s["title"] for s in body["sections"]] == ["Wellbeing and balance",
                                                      "Development and learning"]
    assert len(_questions(body)) == 5


@pytest.mark.parametrize(("payload", "field"), [
    ({"role": "boss"}, "role"),
    ({}, "role"),
    ({"role": "employee", "topics": ["wellbeing", "stress"]}, "topics"),
    ({"role": "employee", "count": 0}, "count"),
    ({"role": "employee", "count": 31}, "count"),
    ({"role": "employee", "context": "   "}, "context"),
    ({"role": "employee", "context": "x" * 4001}, "context"),
    ({"role": "employee", "language": "de"}, "language"),
    ({"role": "employee", "names": ["x" * 101]}, "names[0]"),
])
def test_bad_input_is_a_problem_naming_the_field(client: TestClient, payload: dict[str, Any],
                                                  field: str) -> None:
    resp = client.post(URL, json=payload)
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["field"] == field
    if field == "topics":
        assert "stress" not in resp.text  # the rejected value is never echoed


def test_context_at_the_limit_after_trimming_is_accepted(client: TestClient) -> None:
    context = "  " + ("Jeg er presset. " * 300)[:4000] + "  "
    resp = client.post(URL, json={"role": "employee", "context": context, "count": 1})
    assert resp.status_code == 200


def test_llm_engine_through_the_endpoint(client: TestClient, coach: Coach) -> None:
    payload = {"role": "manager", "language": "da", "count": 4,
               "context": "Medarbejderen virker presset", "names": ["Anne Hansen"]}
    the_plan = plan(coach.question_bank, role="manager", language="da", count=4,
                    context="Medarbejderen virker presset", retriever=coach.retriever)
    reply = AdaptedSet(questions=[AdaptedQuestion(id=p.bank_id or "", text=p.text, why=p.why)
                                  for p in the_plan.picks()])
    coach.llm = FakeBackend(reply)
    body = client.post(URL, json=payload).json()
    assert (body["engine"], body["degraded"]) == ("llm", False)
    assert len(_questions(body)) == 4


def test_not_ready_is_503(settings: Settings) -> None:
    # Without `with`, TestClient skips the lifespan, so the index never loads.
    client = TestClient(create_app(settings, coach=Coach(settings=settings)))
    assert client.post(URL, json={"role": "employee"}).status_code == 503


# --- CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment pointing the CLI at the module's data dir and the lexical index."""
    return {"COACH_DATA_DIR": str(settings.data_dir), "COACH_EMBEDDING": "bm25",
            "COACH_LLM_BASE_URL": "", "COACH_LOG_LEVEL": "WARNING"}


def test_cli_prints_a_printable_sheet(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["prep", "--role", "employee", "--context",
                                      "presset af deadlines", "--count", "6"], env=cli_env)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Forberedelse til MUS – medarbejder")
    assert "Dato: ___" in out and "## Trivsel og balance" in out
    assert "6. **" in out and "7. **" not in out and "Noter:" in out


def test_cli_json_and_topics(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["prep", "--role", "manager", "--topic", "development",
                                      "--language", "en", "--count", "4", "--format", "json"],
                                env=cli_env)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    topics = [s["topic"] for s in body["sections"]]
    assert "development" in topics and "wellbeing" in topics  # manager guarantee
    assert body["language"] == "en" and sum(len(s["questions"]) for s in body["sections"]) == 4


def test_cli_bad_input_is_one_line(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["prep", "--role", "employee", "--topic", "nope"],
                                env=cli_env)
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "topics" in result.stderr
