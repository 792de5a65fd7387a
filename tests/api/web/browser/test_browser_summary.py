"""'Efter samtalen / After the conversation' in a real browser, with and without JavaScript:
paste notes, read the referat, copy the Markdown, print, download the calendar."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.api.web.browser.conftest import Session, shoot

pytestmark = pytest.mark.browser

A11Y = (Path(__file__).with_name("a11y.js")).read_text(encoding="utf-8")
NOTES_DA = """MUS 10. marts – Mette / Jens
MH = Mette (medarbejder), JK = Jens (leder)
- MH trives, men har travlt med release 4.2
Aftalt:
- Mål: bestå AZ-104 inden 30. juni
- JK booker kursus i uge 14
- book mentor
- Vi holder opfølgning d. 12/5 kl. 10
"""
NOTES_EN = """Review notes – Sam (SK, me) / Tara (TL)
Key: SK = manager, TL = employee
Actions
- TL to sign up for the Google Ads course by 30 September
- SK to talk to Finance next week
Next check-in: 20 October
"""


def _submit(session: Session, notes: str, meeting: str, button: str = "Lav referat") -> None:
    page = session.page
    page.locator("#notes").fill(notes)
    page.locator("#meeting_date").fill(meeting)
    page.get_by_role("button", name=button).click()


def test_the_referat_with_copy_print_and_calendar(web: Session) -> None:
    page = web.page
    page.goto("/summary")
    _submit(web, NOTES_DA, "2026-03-10")
    referat = page.locator(".referat")
    expect(referat.locator("h2")).to_have_text("Referat")
    assert referat.get_attribute("lang") == "da"
    rows = referat.locator(".summary-actions tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Leder")
    expect(rows.nth(0).locator("time")).to_have_attribute("datetime", "2026-04-03")
    expect(rows.nth(1).locator(".placeholder").first).to_have_text("[hvem?]")
    expect(referat.locator(".summary-goals time")).to_have_text("30. juni 2026")
    expect(referat.locator(".summary-follow-up .stated")).to_contain_text("12. maj 2026 10:00")
    expect(referat.locator(".questions li").first).to_be_visible()

    page.get_by_role("button", name="Kopiér som Markdown").click()
    expect(page.locator(".copy-status")).to_have_text("Kopieret.")
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert markdown.startswith("# Referat af MUS") and "## Handlingsplan" in markdown
    assert page.evaluate(A11Y) == []
    shoot(page, "summary")

    with page.expect_download() as download:
        page.get_by_role("button", name="Hent kalender (.ics)").click()
    path = download.value.path()
    assert download.value.suggested_filename == "mus-plan.ics"
    starts = {str(e.decoded("DTSTART"))[:10]
              for e in Calendar.from_ical(Path(path).read_bytes()).walk("VEVENT")}
    assert {"2026-04-03", "2026-06-30", "2026-05-12"} <= starts

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("form").first).to_be_hidden()
    expect(referat.locator(".summary-actions")).to_be_visible()
    expect(referat.locator(".toolbar")).to_be_hidden()
    shoot(page, "summary-print")
    page.emulate_media(media="screen")


def test_english_page_and_notes(web: Session) -> None:
    page = web.page
    page.goto("/summary?lang=en")
    expect(page.locator("h1")).to_have_text("After the conversation")
    expect(page.get_by_label("Notes", exact=True)).to_be_visible()
    _submit(web, NOTES_EN, "2026-09-15", button="Write the summary")
    referat = page.locator(".referat")
    assert referat.get_attribute("lang") == "en"
    rows = referat.locator(".summary-actions tbody tr")
    expect(rows.nth(0)).to_contain_text("Employee")
    expect(rows.nth(1).locator("time")).to_have_attribute("datetime", "2026-09-25")
    expect(referat.locator(".summary-follow-up .stated")).to_contain_text("20 October 2026")


def test_without_javascript_the_form_and_the_download_still_work(web_nojs: Session) -> None:
    page = web_nojs.page
    page.goto("/summary")
    _submit(web_nojs, NOTES_DA, "2026-03-10")
    expect(page.locator(".referat .summary-actions tbody tr")).to_have_count(2)
    expect(page.get_by_role("button", name="Kopiér som Markdown")).to_be_hidden()
    assert page.locator("#summary-markdown").input_value().startswith("# Referat af MUS")
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent kalender (.ics)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_empty_notes_are_shown_at_the_field(web_nojs: Session) -> None:
    page = web_nojs.page
    page.goto("/summary")
    page.get_by_role("button", name="Lav referat").click()
    expect(page.locator("#notes-error")).to_have_text(
        "Skal indeholde mindst ét tegn, der ikke er et mellemrum.")
    expect(page.locator("#notes")).to_have_attribute("aria-invalid", "true")
