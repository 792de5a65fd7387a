"""The rehearsal page without a browser: plain form posts carry the conversation in hidden
fields, the server draws each exchange with its highlights and tip."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from coach.service import Coach
from tests.coach.feedback.test_rephrase import StubRetriever
from tests.support.api import settings_for

JUDGING = "Du er altid så negativ på møderne."
SORRY = "Undskyld, det var ikke fair sagt."


@pytest.fixture
def coach(tmp_path: Path) -> Coach:
    return Coach(settings=settings_for(tmp_path), retriever=StubRetriever())


@pytest.fixture
def client(tmp_path: Path, coach: Coach) -> TestClient:
    return TestClient(create_app(settings_for(tmp_path), coach=coach))


def hidden(page: str) -> list[tuple[str, str]]:
    """The hidden fields of the page's form, as a browser would send them back."""
    return [(html.unescape(n), html.unescape(v)) for n, v in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)]


def checked(page: str, persona: str) -> bool:
    """True when the persona's radio button is the chosen one."""
    return bool(re.search(rf'value="{persona}"[^>]*\bchecked\b', page))


def say(client: TestClient, line: str, page: str = "", persona: str = "open") -> str:
    """Post a line the way the page's form does, with the page's hidden fields."""
    data: dict[str, list[str]] = {}
    for name, value in [*hidden(page), ("feedback", line), ("persona", persona),
                        ("action", "say")]:
        data.setdefault(name, []).append(value)
    r = client.post("/rehearse", data=data)
    assert r.status_code == 200, r.text[-2000:]
    return r.text


@pytest.mark.parametrize(("lang", "words"), [
    ("da", ("Øv samtalen", "Medarbejderen er", "I forsvar", "Sig det")),
    ("en", ("Rehearse the conversation", "The employee is", "Defensive", "Say it"))])
def test_the_empty_page_offers_the_personas(client: TestClient, lang: str,
                                            words: tuple[str, ...]) -> None:
    page = client.get("/rehearse", params={"lang": lang}).text
    assert all(w in page for w in words)
    assert page.count('name="persona"') == 5 and checked(page, "open")
    assert 'name="turn_role"' not in page  # nothing said yet
    assert 'href="/rehearse" aria-current="page"' in page  # in the navigation


def test_a_judging_line_is_highlighted_answered_and_coached(client: TestClient) -> None:
    page = say(client, JUDGING, persona="defensive")
    assert '<mark class="finding cat-generalization"' in page and "cat-label" in page
    assert page.count('class="bubble bubble-employee"') == 1
    assert "«altid»" in page or "«negativ»" in page
    assert "Coachens tip" in page and "«Du er altid så negativ»" in page
    assert "går i forsvar" in page  # the reaction badge
    assert hidden(page)[:2] == [("turn_role", "manager"), ("turn_text", JUDGING)]
    assert ("language", "da") in hidden(page)
    assert checked(page, "defensive")  # the persona stays chosen


def test_the_history_comes_back_from_the_page_and_is_used(client: TestClient) -> None:
    first = say(client, JUDGING)
    second = say(client, SORRY, first)
    assert second.count('class="exchange') == 2
    assert second.count('<mark class="finding') >= 2  # the earlier line is highlighted again
    latest = second.split('class="exchange latest"')[1]
    assert "falder til ro" in latest  # de-escalation after the acknowledgement
    assert "«altid»" in latest or "«negativ»" in latest  # and it refers back
    roles = [v for k, v in hidden(second) if k == "turn_role"]
    assert roles == ["manager", "employee", "manager", "employee"]


def test_the_page_keeps_the_latest_twenty_turns(client: TestClient) -> None:
    page = ""
    for n in range(11):
        page = say(client, f"Hvordan gik mødet nummer {n + 1}?", page)
    roles = [v for k, v in hidden(page) if k == "turn_role"]
    assert len(roles) == 20 and roles[0] == "manager"


def test_restart_forgets_the_conversation(client: TestClient) -> None:
    page = say(client, JUDGING, persona="quiet")
    r = client.post("/rehearse", data={"turn_role": ["manager", "employee"],
                                       "turn_text": [JUDGING, "Okay."], "turn_tip": ["", ""],
                                       "turn_reaction": ["", "defensive"],
                                       "persona": "quiet", "action": "restart"})
    assert 'name="turn_role"' in page
    assert r.status_code == 200
    assert 'name="turn_role"' not in r.text and checked(r.text, "quiet")


def test_errors_are_shown_on_the_field(client: TestClient) -> None:
    r = client.post("/rehearse", data={"feedback": " ", "persona": "open", "action": "say"})
    assert r.status_code == 422 and 'id="feedback-error"' in r.text
    r = client.post("/rehearse", data={"feedback": JUDGING, "persona": "angry",
                                       "action": "say"})
    assert r.status_code == 422 and 'id="persona-error"' in r.text


def test_the_page_says_when_the_index_is_loading(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path), coach=Coach(settings=settings_for(tmp_path)))
    r = TestClient(app).post("/rehearse", data={"feedback": JUDGING, "action": "say"})
    assert r.status_code == 503 and r.headers["retry-after"] == "2"


def test_tampered_hidden_fields_are_dropped_or_refused_never_a_500(client: TestClient) -> None:
    base = {"feedback": SORRY, "persona": "open", "action": "say", "turn_text": [JUDGING, "Nå."],
            "turn_tip": ["", ""]}
    r = client.post("/rehearse", data={**base, "turn_role": ["manager", "employee"],
                                       "turn_reaction": ["", "furious"]})
    assert r.status_code == 200 and "reaction-furious" not in r.text
    r = client.post("/rehearse", data={**base, "turn_role": ["boss", "employee"],
                                       "turn_reaction": ["", ""]})
    assert r.status_code == 422 and 'id="history-error"' in r.text
    r = client.post("/rehearse", data={**base, "feedback": "", "turn_text": ["x" * 4001, "Nå."],
                                       "turn_role": ["manager", "employee"],
                                       "turn_reaction": ["", ""]})
    assert r.status_code == 422 and 'id="feedback-error"' in r.text
