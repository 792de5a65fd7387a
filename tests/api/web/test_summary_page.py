"""The 'Efter samtalen / After the conversation' page without a browser: the form flows work
without JavaScript (plain POST, server-rendered referat, the .ics as a form download)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from api.app import create_app
from coach.knowledge import Hit
from coach.service import Coach
from coach.settings import Settings
from tests.support.api import settings_for
from tests.support.stubs import AsyncSearch, hit

ORIGIN = {"Origin": "http://testserver"}
NOTES = """MUS 10. marts – Mette / Jens
MH = Mette (medarbejder), JK = Jens (leder)
- MH trives, men har travlt
Aftalt:
- Mål: bestå AZ-104 inden 30. juni
- JK booker kursus i uge 14
- book mentor
- Vi holder opfølgning d. 12/5 kl. 10
"""


class StubRetriever(AsyncSearch):
    def search(self, q: str, **kwargs: Any) -> list[Hit]:
        return [hit("follow-up:1", "Planlæg opfølgningen", "follow-up", "Aftal en dato.")]


@pytest.fixture
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return settings_for(tmp_path_factory.mktemp("summary-web"))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    coach = Coach(settings=settings, retriever=StubRetriever())
    with TestClient(create_app(settings, coach=coach), raise_server_exceptions=False) as c:
        yield c


def test_the_page_in_both_languages(client: TestClient) -> None:
    da = client.get("/summary")
    assert da.status_code == 200 and "Efter samtalen" in da.text
    assert 'action="/summary"' in da.text and 'maxlength="20000"' in da.text
    en = client.get("/summary", params={"lang": "en"})
    assert "After the conversation" in en.text and "Write the summary" in en.text
    assert 'href="/summary"' in client.get("/").text  # on the home page and in the nav


def test_posting_the_notes_renders_the_referat(client: TestClient) -> None:
    resp = client.post("/summary", data={"notes": NOTES, "meeting_date": "2026-03-10"},
                       headers=ORIGIN)
    assert resp.status_code == 200
    page = resp.text
    assert "bestå AZ-104 inden 30. juni" in page and "30. juni 2026" in page
    assert re.search(r"JK booker kursus i uge 14</td>\s*<td>Leder</td>", page)
    assert '<span class="placeholder">[hvem?]</span>' in page  # "book mentor": nobody named
    assert "12. maj 2026" in page and "10:00" in page and "Forslag" in page
    assert 'formaction="/summary/calendar.ics"' in page  # the download needs no script
    assert 'id="summary-markdown"' in page and "# Referat af MUS" in page
    assert "MH = Mette (medarbejder)" in page  # the notes stay in the form for a new try
    assert resp.headers["cache-control"] == "no-store"


def test_english_notes_get_an_english_referat_on_a_danish_page(client: TestClient) -> None:
    notes = "Review with Tara\nActions\n- Tara to send the plan by 20 March\n"
    page = client.post("/summary", data={"notes": notes, "meeting_date": "2026-03-10"},
                       headers=ORIGIN).text
    assert '<section class="panel result referat" aria-labelledby="referat-h" lang="en">' in page
    assert "Who does what by when" in page and "20 March 2026" in page
    assert "Hent kalender (.ics)" in page  # the page's own controls stay Danish


def test_the_calendar_download(client: TestClient) -> None:
    resp = client.post("/summary/calendar.ics", data={"notes": NOTES,
                                                      "meeting_date": "2026-03-10"},
                       headers=ORIGIN)
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "text/calendar; charset=utf-8"
    assert resp.headers["content-disposition"] == 'attachment; filename="mus-plan.ics"'
    starts = [e.decoded("DTSTART") for e in Calendar.from_ical(resp.content).walk("VEVENT")]
    assert date(2026, 4, 3) in starts and date(2026, 6, 30) in starts


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"notes": "   "}, "notes", "Skal indeholde mindst ét tegn"),
    ({"notes": "x" * 20001}, "notes", "Må højst være 20000 tegn"),
    ({"notes": "ok", "meeting_date": "10-03-2026"}, "meeting_date", "ÅÅÅÅ-MM-DD"),
])
@pytest.mark.parametrize("path", ["/summary", "/summary/calendar.ics"])
def test_bad_input_is_shown_at_the_field(client: TestClient, path: str, data: dict[str, str],
                                         field: str, message: str) -> None:
    resp = client.post(path, data=data, headers=ORIGIN)
    assert resp.status_code == 422 and resp.headers["content-type"].startswith("text/html")
    assert f'id="{field}-error"' in resp.text and message in resp.text


def test_a_form_from_another_site_is_refused(client: TestClient) -> None:
    resp = client.post("/summary", data={"notes": NOTES},
                       headers={"Origin": "https://evil.example"})
    assert resp.status_code == 403
