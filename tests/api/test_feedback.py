"""`POST /v1/feedback/analyze`, `/v1/feedback/rephrase` and `mus-coach feedback`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from cli.app import app as cli
from coach.service import Coach
from tests.coach.feedback.test_rephrase import StubRetriever
from tests.support.api import settings_for

ANALYZE, REPHRASE = "/v1/feedback/analyze", "/v1/feedback/rephrase"


@pytest.fixture
def coach(tmp_path: Path) -> Coach:
    """A ready coach with a stub retriever (no index build) and the rules engine."""
    return Coach(settings=settings_for(tmp_path), retriever=StubRetriever())


@pytest.fixture
def client(tmp_path: Path, coach: Coach) -> Iterator[TestClient]:
    """A client on an app around the stub coach."""
    app = create_app(settings_for(tmp_path), coach=coach)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_analyze_per_contract(client: TestClient) -> None:
    text = "Hvorfor er du altid så sur? I går kom du 20 minutter for sent."
    r = client.post(ANALYZE, json={"text": text})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"language", "person_directed", "findings", "strengths"}
    assert body["language"] == "da" and body["person_directed"] is True
    for f in body["findings"]:
        assert set(f) >= {"category", "start", "end", "excerpt", "explanation"}
        assert text[f["start"]:f["end"]] == f["excerpt"]
    assert {f["category"] for f in body["findings"]} == {"label", "generalization"}
    assert all(isinstance(s, str) for s in body["strengths"])


def test_analyze_works_before_the_index_is_loaded(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path), coach=Coach(settings=settings_for(tmp_path)))
    c = TestClient(app)  # no `with`: the lifespan (which loads the index) never runs
    assert c.post(ANALYZE, json={"text": "You're lazy."}).status_code == 200
    r = c.post(REPHRASE, json={"text": "You're lazy."})
    assert r.status_code == 503 and r.headers["content-type"].startswith(
        "application/problem+json")


def test_rephrase_per_contract(client: TestClient) -> None:
    r = client.post(REPHRASE, json={"text": "Du er doven.", "context": "Det var på mødet i går.",
                                    "names": ["Mette"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"language", "analysis", "suggestions", "explanation", "sources",
                         "engine", "degraded"}
    assert body["engine"] == "rules" and body["degraded"] is False
    assert body["analysis"]["person_directed"] is True
    assert 1 <= len(body["suggestions"]) <= 3
    for s in body["suggestions"]:
        assert set(s) >= {"text", "situation", "behaviour", "impact", "request"}
        assert "doven" not in s["text"]
    assert [set(x) for x in body["sources"]] == [{"id", "title", "topic"}] * 2


@pytest.mark.parametrize(("url", "payload", "field"), [
    (ANALYZE, {"text": "   "}, "text"),
    (ANALYZE, {"text": "x" * 4001}, "text"),
    (ANALYZE, {"text": "Du er doven.", "language": "sv"}, "language"),
    (ANALYZE, {"text": "Du er doven.", "names": ["a"] * 21}, "names"),
    (ANALYZE, {"text": "Du er doven.", "names": ["x" * 101]}, "names[0]"),
    (REPHRASE, {"text": "Du er doven.", "context": " "}, "context"),
    (REPHRASE, {"text": "Du er doven.", "language": "de"}, "language"),
    (REPHRASE, {}, "text"),
])
def test_limits_are_422_problems(client: TestClient, url: str, payload: dict[str, Any],
                                 field: str) -> None:
    r = client.post(url, json=payload)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["field"] == field and "doven" not in json.dumps(body)


def test_cli_prints_highlighted_findings_and_suggestions(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COACH_EMBEDDING", "bm25")
    runner = CliRunner()
    r = runner.invoke(cli, ["feedback", "Du er altid så negativ.", "--analyze-only"])
    assert r.exit_code == 0, r.output
    assert "Fund" in r.output and "generalisering" in r.output and "etiket" in r.output
    r = runner.invoke(cli, ["feedback", "You're careless.", "--analyze-only", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["person_directed"] is True
    r = runner.invoke(cli, ["feedback", "You're careless.", "--language", "sv",
                            "--analyze-only"])
    assert r.exit_code == 2


@pytest.mark.server
def test_cli_rephrase_end_to_end(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Full command with the built-in knowledge (lexical index built on a temp data dir)."""
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COACH_EMBEDDING", "bm25")
    r = CliRunner().invoke(cli, ["feedback", "Du er doven.", "--context",
                                 "Det var på tavlemødet i går."])
    assert r.exit_code == 0, r.output
    assert "Forslag" in r.output and "[hvilke opgaver ventede" in r.output
