"""`POST /v1/mus/summary` and `mus-coach summary`, end to end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from typer.testing import CliRunner

from api.app import create_app
from api.routes.summary import wants_calendar
from cli.app import app as cli
from coach.knowledge import Hit
from coach.service import Coach
from coach.settings import Settings
from tests.support.api import settings_for
from tests.support.stubs import AsyncSearch, hit

URL = "/v1/mus/summary"
NOTES_DA = """  MUS 10. marts
MH = Mette (medarbejder), JK = Jens (leder)
- MH trives, men har travlt
Aftalt:
- Mål: bestå AZ-104 inden 30. juni
- JK booker kursus i uge 14
- Vi holder opfølgning d. 12/5 kl. 10
"""
NOTES_EN = """Review – Key: SK = manager (me), TL = Tara (employee)
* TL enjoys the client work
Actions
- TL to sign up for the course by end of March
- book a mentor
"""


class StubRetriever(AsyncSearch):
    """One passage per topic searched."""

    def search(self, q: str, **kwargs: Any) -> list[Hit]:
        topic = kwargs.get("topic") or "follow-up"
        return [hit(f"{topic}:1", f"Om {topic}", topic, "Aftal opfølgningen.")]


@pytest.fixture
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return settings_for(tmp_path_factory.mktemp("summary-api"))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    coach = Coach(settings=settings, retriever=StubRetriever())
    with TestClient(create_app(settings, coach=coach), raise_server_exceptions=False) as c:
        yield c


def test_danish_notes_answer_per_contract(client: TestClient) -> None:
    resp = client.post(URL, json={"notes": NOTES_DA, "meeting_date": "2026-03-10"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert {"language", "meeting_date", "sections", "goals", "actions", "follow_up", "questions",
            "markdown", "sources", "engine", "degraded"} <= body.keys()
    assert (body["language"], body["meeting_date"]) == ("da", "2026-03-10")
    for section in body["sections"]:
        assert {"topic", "title", "points"} <= section.keys()
        for p in section["points"]:
            assert NOTES_DA[p["start"]:p["end"]] == p["text"]  # offsets into the notes as sent
    goal = body["goals"][0]
    assert NOTES_DA[goal["start"]:goal["end"]] == goal["text"] == "bestå AZ-104 inden 30. juni"
    assert goal["check"]["deadline"] == "2026-06-30" and goal["check"]["is_smart"] is True
    assert {"criteria", "suggestion", "questions", "engine"} <= goal["check"].keys()
    start = NOTES_DA.index("JK booker")
    assert body["actions"] == [{"text": "JK booker kursus i uge 14", "owner": "manager",
                                "due": "2026-04-03", "start": start, "end": start + 25}]
    stated = [f for f in body["follow_up"] if not f["proposed"]]
    assert [(f["date"], f["time"]) for f in stated] == [("2026-05-12", "10:00")]
    assert all({"date", "title", "reason", "proposed"} <= f.keys() for f in body["follow_up"])
    assert body["markdown"].startswith("# Referat af MUS")
    assert [s["topic"] for s in body["sources"]] == ["follow-up", "documentation"]
    assert (body["engine"], body["degraded"]) == ("rules", False)


def test_english_notes_get_an_english_summary_and_questions(client: TestClient) -> None:
    body = client.post(URL, json={"notes": NOTES_EN, "today": "2026-03-10"}).json()
    assert body["language"] == "en" and body["meeting_date"] is None
    assert [(a["owner"], a["due"]) for a in body["actions"]] == [("employee", "2026-03-31"),
                                                                  (None, None)]
    assert "Who will do “book a mentor”, and by when?" in body["questions"]
    assert body["follow_up"][0]["proposed"] is True
    assert "## Action plan" in body["markdown"]


def test_accept_text_calendar_returns_the_plan(client: TestClient) -> None:
    resp = client.post(URL, json={"notes": NOTES_DA, "meeting_date": "2026-03-10"},
                       headers={"Accept": "text/calendar"})
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "attachment" in resp.headers["content-disposition"]
    cal = Calendar.from_ical(resp.content)
    days = sorted(str(e.decoded("DTSTART"))[:10] for e in cal.walk("VEVENT"))
    body = client.post(URL, json={"notes": NOTES_DA, "meeting_date": "2026-03-10"}).json()
    want = sorted([f["date"] for f in body["follow_up"]] + [g["deadline"] for g in body["goals"]]
                  + [a["due"] for a in body["actions"] if a["due"]])
    assert days == want


@pytest.mark.parametrize(("accept", "calendar"), [
    (None, False), ("application/json", False), ("*/*", False), ("text/calendar", True),
    ("text/calendar, application/json;q=0.5", True), ("application/json, text/calendar", False),
    ("text/calendar;q=0", False), ("text/*", True)])
def test_content_negotiation(accept: str | None, calendar: bool) -> None:
    assert wants_calendar(accept) is calendar


@pytest.mark.parametrize(("payload", "field"), [
    ({}, "notes"),
    ({"notes": ""}, "notes"),
    ({"notes": "  \n "}, "notes"),
    ({"notes": "x" * 20001}, "notes"),
    ({"notes": "ok", "language": "sv"}, "language"),
    ({"notes": "ok", "today": "10/03/2026"}, "today"),
    ({"notes": "ok", "today": "2026-02-30"}, "today"),
    ({"notes": "ok", "today": 1773100800}, "today"),
    ({"notes": "ok", "meeting_date": "2026-03-10T09:00:00"}, "meeting_date"),
    # Found by the fuzz test: a follow-up proposed after 9999-12-31 had no date to be (a 500).
    ({"notes": "Opfølgning om 3 mdr.", "meeting_date": "9999-12-31"}, "meeting_date"),
    ({"notes": "Goal: pass the exam in 6 weeks", "today": "9999-12-31"}, "today"),
    ({"notes": "ok", "today": "0001-01-01"}, "today"),
    ({"notes": "ok", "names": ["x"] * 21}, "names"),
])
def test_invalid_requests_are_problems(client: TestClient, payload: dict[str, Any],
                                       field: str) -> None:
    resp = client.post(URL, json=payload)
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["field"] == field
    assert "xxxxxxxxxx" not in resp.text  # the input is never echoed


def test_notes_of_20000_characters_with_spaces_around_are_accepted(client: TestClient) -> None:
    notes = "\n " + ("- JK booker kursus i uge 14\n" * 800)[:20000] + " \n"
    assert client.post(URL, json={"notes": notes, "today": "2026-03-10"}).status_code == 200


def test_503_until_the_index_is_loaded(settings: Settings) -> None:
    app = create_app(settings, coach=Coach(settings=settings))
    resp = TestClient(app, raise_server_exceptions=False).post(URL, json={"notes": "ok"})
    assert resp.status_code == 503


# --- CLI ----------------------------------------------------------------------------------------

@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    for var in ("COACH_LLM_BASE_URL", "COACH_AZURE_OPENAI_ENDPOINT"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def test_cli_prints_the_referat_and_writes_calendar_and_markdown(cli_env: Path) -> None:
    notes = cli_env / "noter.txt"
    notes.write_text(NOTES_DA, "utf-8")
    ics, md = cli_env / "plan.ics", cli_env / "referat.md"
    result = CliRunner().invoke(cli, ["summary", str(notes), "--meeting-date", "2026-03-10",
                                      "--no-sources", "--ics", str(ics), "--md", str(md)])
    assert result.exit_code == 0, result.output
    assert md.read_text("utf-8").startswith("# Referat af MUS")
    cal = Calendar.from_ical(ics.read_bytes())
    assert date(2026, 4, 3) in [e.decoded("DTSTART") for e in cal.walk("VEVENT")]
    printed = CliRunner().invoke(cli, ["summary", "-", "--today", "2026-03-10", "--no-sources"],
                                 input=NOTES_EN)
    assert printed.exit_code == 0 and "# MUS summary" in printed.output


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["summary", "-", "--no-sources"], "   ", "notes: must contain"),
    (["summary", "-", "--today", "10/3/2026"], "x", "--today: must be a real date written YYYY"),
    (["summary", "-", "--meeting-date", "20260310"], "x", "--meeting-date: must be a real date"),
    (["summary", "missing-file.txt"], None, "FILE: missing-file.txt does not exist"),
])
def test_cli_errors_are_one_line(cli_env: Path, args: list[str], stdin: str | None,
                                 message: str) -> None:
    result = CliRunner().invoke(cli, args, input=stdin)
    assert result.exit_code == 2 and message in result.output
