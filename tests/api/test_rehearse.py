"""`POST /v1/feedback/rehearse` per the contract, and `mus-coach rehearse` fed from stdin."""

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
from coach.llm.openai_backend import build_chat_backend
from coach.service import Coach
from tests.coach.feedback.test_rephrase import StubRetriever
from tests.support.api import settings_for
from tests.support.fake_openai import FakeOpenAI

REHEARSE = "/v1/feedback/rehearse"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A client on an app around a ready coach (stub retriever, rules engine)."""
    coach = Coach(settings=settings_for(tmp_path), retriever=StubRetriever())
    with TestClient(create_app(settings_for(tmp_path), coach=coach),
                    raise_server_exceptions=False) as c:
        yield c


def test_rehearse_per_contract(client: TestClient) -> None:
    line = "Du er altid så negativ på møderne."
    r = client.post(REHEARSE, json={"feedback": line})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"language", "persona", "reply", "coach_tip", "analysis", "sources",
                         "engine", "degraded"}
    assert body["language"] == "da" and body["persona"] == "open"  # the default persona
    assert body["engine"] == "rules" and body["degraded"] is False
    assert set(body["analysis"]) >= {"language", "person_directed", "findings", "strengths"}
    for f in body["analysis"]["findings"]:
        assert line[f["start"]:f["end"]] == f["excerpt"] and f["excerpt"] in body["coach_tip"]
    assert [set(s) for s in body["sources"]] == [{"id", "title", "topic"}] * 2
    assert body["reaction"] == "defensive" and body["move"] == "judging"


def test_the_client_carries_the_history(client: TestClient) -> None:
    first = client.post(REHEARSE, json={"feedback": "You never listen.", "persona": "upset",
                                        "language": "en"}).json()
    history = [{"role": "manager", "text": "You never listen."},
               {"role": "employee", "text": first["reply"]}]
    again = client.post(REHEARSE, json={"feedback": "You never listen.", "history": history,
                                        "persona": "upset"}).json()
    assert again["language"] == "en" and again["reply"] != first["reply"]
    sorry = client.post(REHEARSE, json={
        "feedback": "I'm sorry, that was unfair of me.", "persona": "upset",
        "history": [*history, {"role": "manager", "text": "You never listen."},
                    {"role": "employee", "text": again["reply"]}]}).json()
    assert sorry["reaction"] == "softened" and "never" in sorry["reply"]


@pytest.mark.parametrize(("payload", "field"), [
    ({"feedback": "Du er doven.", "persona": "angry"}, "persona"),
    ({"feedback": "Du er doven.", "persona": None}, "persona"),
    ({"feedback": "   "}, "feedback"),
    ({"feedback": "x" * 4001}, "feedback"),
    ({}, "feedback"),
    ({"feedback": "Du er doven.", "history": [{"role": "boss", "text": "Hej"}]},
     "history[0].role"),
    ({"feedback": "Du er doven.", "history": [{"role": "manager", "text": " "}]},
     "history[0].text"),
    ({"feedback": "Du er doven.", "history": [{"role": "manager", "text": "Hej"}] * 21},
     "history"),
    ({"feedback": "Du er doven.", "language": "sv"}, "language"),
    ({"feedback": "Du er doven.", "names": ["a"] * 21}, "names"),
])
def test_bad_input_is_a_422_problem_naming_the_field(client: TestClient, payload: dict[str, Any],
                                                      field: str) -> None:
    r = client.post(REHEARSE, json=payload)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["field"] == field and "doven" not in json.dumps(body)


def test_the_llm_plays_the_employee_over_the_wire_and_never_sees_names(
        tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    settings = settings_for(tmp_path, llm_base_url=fake_openai.base_url, llm_model="fake-model",
                            llm_api_key="k", llm_max_retries=0)
    coach = Coach(settings=settings, llm=build_chat_backend(settings), retriever=StubRetriever())
    tip = "«Mette, du er doven» sætter en etiket på [PERSON_1]; beskriv, hvad du så."
    fake_openai.reply({"reply": "«Doven»? Det synes jeg ikke er fair.", "reaction": "defensive",
                       "coach_tip": tip, "cited_ids": []})
    with TestClient(create_app(settings, coach=coach)) as client:
        body = client.post(REHEARSE, json={
            "feedback": "Mette, du er doven.", "persona": "defensive", "names": ["Mette"],
            "history": [{"role": "manager", "text": "Hej Mette, tak fordi du kom."},
                        {"role": "employee", "text": "Selvfølgelig."}]}).json()
    assert (body["engine"], body["degraded"]) == ("llm", False), body
    assert body["reply"].startswith("«Doven»") and "Mette" in body["coach_tip"]  # restored
    assert "Mette" not in fake_openai.texts and "Selvfølgelig." in fake_openai.texts


def test_rehearse_waits_for_the_index(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path), coach=Coach(settings=settings_for(tmp_path)))
    r = TestClient(app).post(REHEARSE, json={"feedback": "You're lazy."})
    assert r.status_code == 503


@pytest.fixture
def offline_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """The CLI on a temp data dir with the lexical index, and the coach's index stubbed."""
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COACH_EMBEDDING", "bm25")
    monkeypatch.setattr("coach.service.load_retriever",
                        lambda coach: setattr(coach, "retriever", StubRetriever()))
    return CliRunner()


def test_cli_rehearses_interactively_from_stdin(offline_cli: CliRunner) -> None:
    lines = ["Du er altid så negativ.", "Undskyld, det var ikke fair sagt.",
             "På mødet i går afbrød du Per to gange. Hvordan oplevede du det?", ""]
    r = offline_cli.invoke(cli, ["rehearse", "--persona", "defensive"],
                           input="\n".join(lines) + "\n")
    assert r.exit_code == 0, r.output
    out = r.output
    assert "i forsvar" in out  # the persona, in the conversation's language
    assert "«altid»" in out or "«negativ»" in out  # the employee picks up the wording
    assert out.count("Medarbejder:") == 3 and out.count("Coach:") == 3
    tip = " ".join(out.split("Coach:")[1].split())  # rich wraps long lines
    assert "Du er altid så negativ" in tip  # the tip names the judging wording


def test_cli_restart_and_json(offline_cli: CliRunner) -> None:
    r = offline_cli.invoke(cli, ["rehearse", "--language", "en", "--json"],
                           input="You never listen.\n/restart\nYou never listen.\n/quit\n")
    assert r.exit_code == 0, r.output
    answers = [json.loads(line) for line in r.output.splitlines() if line.startswith("{")]
    assert len(answers) == 2 and answers[0]["reply"] == answers[1]["reply"]  # history cleared
    assert answers[0]["language"] == "en"


def test_cli_refuses_an_unknown_persona(offline_cli: CliRunner) -> None:
    r = offline_cli.invoke(cli, ["rehearse", "--persona", "angry"], input="Hej\n")
    assert r.exit_code == 2 and "persona" in r.output
