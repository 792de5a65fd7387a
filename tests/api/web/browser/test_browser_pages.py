"""Goal check, preparation, guidance and the language switch in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.api.web.browser.conftest import Session, shoot

pytestmark = pytest.mark.browser

A11Y = (Path(__file__).with_name("a11y.js")).read_text(encoding="utf-8")


def test_goal_check_shows_the_smart_table(web: Session) -> None:
    page = web.page
    page.goto("/goals")
    page.get_by_label("Målet").fill("Jeg vil blive bedre til Excel")
    page.get_by_role("button", name="Tjek målet").click()
    rows = page.locator(".smart-table tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator(".verdict")).to_have_text("Målet er ikke SMART endnu.")
    expect(rows.nth(0).locator(".status")).to_have_text("Ikke opfyldt")  # specific
    expect(rows.nth(4).locator(".status")).to_have_text("Ikke opfyldt")  # time-bound
    expect(page.locator(".deadline")).to_contain_text("ingen fundet")
    expect(page.locator(".suggestion-text")).to_be_visible()
    expect(page.locator(".engine-badge")).to_be_visible()

    page.get_by_label("Målet").fill(
        "Jeg vil gennemføre Excel-kurset og bygge teamets budgetark inden 1. oktober 2031")
    page.get_by_label("Rolle og sammenhæng").fill("Controller i økonomiteamet")
    page.get_by_role("button", name="Tjek målet").click()
    expect(page.locator(".deadline time")).to_have_attribute("datetime", "2031-10-01")
    expect(page.locator(".deadline time")).to_have_text("1. oktober 2031")
    expect(rows.nth(4).locator(".status")).to_have_text("Opfyldt")
    statuses = set(rows.locator(".status").all_inner_texts())
    assert statuses <= {"Opfyldt", "Ikke opfyldt", "Kan ikke vurderes"}
    assert page.evaluate(A11Y) == []
    shoot(page, "goals")


def test_prep_questions_in_danish_and_english_with_print_and_markdown(web: Session) -> None:
    page = web.page
    page.goto("/prep")
    page.get_by_role("radio", name="Leder").check()
    page.get_by_label("Antal spørgsmål").fill("8")
    page.get_by_label("Sammenhæng").fill("Travlt år, ny i rollen, vil gerne lære projektledelse")
    page.get_by_role("button", name="Lav spørgsmål").click()
    sheet = page.locator(".prep-sheet")
    expect(sheet.locator("h2")).to_have_text("Forberedelse til MUS – leder")
    assert sheet.get_attribute("lang") == "da"
    questions = sheet.locator(".prep-questions > li")
    expect(questions).to_have_count(8)
    titles = sheet.locator(".prep-section h3").all_inner_texts()
    assert "Udvikling og læring" in titles and len(titles) >= 3
    numbers = [int(ol.get_attribute("start") or 0) for ol in sheet.locator("ol").all()]
    assert numbers == sorted(numbers) and numbers[0] == 1  # numbered straight through

    page.get_by_role("button", name="Kopiér som Markdown").click()
    expect(page.locator(".copy-status")).to_have_text("Kopieret.")
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert markdown.startswith("# Forberedelse til MUS – leder") and "## Udvikling" in markdown
    assert page.evaluate(A11Y) == []
    shoot(page, "prep")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("form").first).to_be_hidden()
    expect(questions.first.locator(".notes")).to_be_visible()  # room for notes on paper
    shoot(page, "prep-print")
    page.emulate_media(media="screen")

    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("radio", name="Medarbejder").check()
    page.get_by_role("button", name="Lav spørgsmål").click()
    expect(sheet.locator("h2")).to_have_text("MUS preparation – employee")
    assert sheet.get_attribute("lang") == "en"
    first = questions.first.locator(".question").inner_text()
    assert re.search(r"\b(you|your|what|how)\b", first, re.I), first
    expect(questions.first.locator(".why-label")).to_have_text("Why:")


def test_language_switch_keeps_english_until_switched_back(web: Session) -> None:
    page = web.page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "da"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedre MUS-samtaler")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Better MUS conversations")
    shoot(page, "home-en")
    page.get_by_role("navigation").get_by_role("link", name="Feedback trainer").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the cookie keeps it
    box = page.get_by_role("textbox", name="Your feedback")
    box.press_sequentially("You never listen to the team.", delay=10)
    expect(page.locator("#live-preview mark.cat-generalization")).to_be_visible()
    expect(page.locator("#live-status")).to_have_text("1 phrase is aimed at the person.")
    page.get_by_role("link", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("navigation").get_by_role("link", name="Mål-tjek")).to_be_visible()


def test_guidance_search_with_filters_marks_org_passages(web: Session) -> None:
    doc = {"title": "Sådan holder vi MUS hos os", "topic": "feedback", "audience": "manager",
           "language": "da",
           "text": "# Sådan holder vi MUS hos os\n\nHos os giver lederen feedback på konkrete "
                   "episoder inden for en uge, og vi aftaler altid næste skridt skriftligt."}
    added = httpx.post(f"{web.service.url}/v1/knowledge/documents", json=doc, timeout=60)
    assert added.status_code == 201, added.text
    page = web.page
    page.goto("/guidance")
    page.get_by_label("Hvad vil du vide?").fill("feedback på konkrete episoder")
    page.get_by_label("Emne").select_option("feedback")
    page.get_by_label("Målgruppe").select_option("manager")
    page.get_by_role("button", name="Søg").click()
    results = page.locator(".passages > li")
    expect(results.first).to_be_visible()
    org = page.locator(".passage-org")
    expect(org.first.locator(".org-badge")).to_have_text("Organisationens egen")
    expect(org.first.locator("h3")).to_contain_text("Sådan holder vi MUS hos os")
    tags = results.locator(".tag").all_inner_texts()
    assert "Feedback og anerkendelse" in tags
    assert set(tags) & {"Leder", "Begge"} and "Medarbejder" not in tags
    assert page.evaluate(A11Y) == []
    shoot(page, "guidance")
