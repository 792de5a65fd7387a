"""The issue's "done when": type a person-directed sentence, see why it judges the person, leave
with a behaviour-focused version, in a real browser against the real service."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.api.web.browser.conftest import Session, shoot

pytestmark = pytest.mark.browser

SENTENCE = "Du er altid så negativ på møderne"
A11Y = (Path(__file__).with_name("a11y.js")).read_text(encoding="utf-8")


def test_live_highlight_explains_and_rephrasing_gives_a_behaviour_version(web: Session) -> None:
    page = web.page
    page.goto("/feedback")
    box = page.get_by_role("textbox", name="Din feedback")
    box.press_sequentially(SENTENCE, delay=15)  # typed, so the debounced live check runs

    marks = page.locator("#live-preview mark.finding")
    expect(marks.first).to_be_visible()
    expect(page.locator("#live-status")).to_contain_text("retter sig mod personen")
    assert marks.count() >= 2  # "altid" (generalisation) and "negativ" (label)
    categories = {c for m in marks.all() for c in (m.get_attribute("class") or "").split()}
    assert {"cat-generalization", "cat-label"} <= categories

    # "altid" is nested inside the label "Du er altid så negativ"; each explains itself.
    label = page.locator("#live-preview mark.cat-label")
    general = label.locator("mark.cat-generalization")
    label.focus()  # keyboard users get the same explanation as mouse users
    tip = label.locator(":scope > .tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Etiket:")
    expect(general.locator(".tip")).to_be_hidden()
    assert label.get_attribute("aria-describedby") == tip.get_attribute("id")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    general.hover()
    expect(general.locator(".tip")).to_be_visible()
    expect(general.locator(".tip")).to_contain_text("Generalisering:")
    expect(tip).to_be_hidden()  # only the innermost hovered finding shows its tip
    shoot(page, "feedback-live")

    page.get_by_label("Hvad skete der?").fill("På teammødet tirsdag afviste Mads tre forslag.")
    page.get_by_role("button", name="Foreslå en bedre formulering").click()
    cards = page.locator(".cards .suggestion")
    expect(cards.first).to_be_visible()
    expect(page.locator(".engine-badge")).to_have_text("Svar fra de indbyggede regler")
    expect(page.locator(".sources summary")).to_be_visible()
    shoot(page, "feedback")

    # Rehearse: take the first suggestion back into the text box; the live check finds nothing.
    suggestion = cards.first.locator(".suggestion-text").inner_text()
    assert not re.search(r"\baltid\b|\bnegativ\b", suggestion)
    cards.first.get_by_role("button", name="Redigér og tjek igen").click()
    expect(box).to_be_focused()
    expect(box).to_have_value(re.compile(re.escape(suggestion[:20])))
    expect(page.locator("#live-status")).to_have_text("Ingen personrettede formuleringer fundet.")
    expect(page.locator("#live-preview mark")).to_have_count(0)
    expect(page.locator("#live-preview .placeholder").first).to_be_visible()  # gaps to fill

    box.press("End")
    box.press_sequentially(" Du er doven.", delay=10)  # edit it badly: the check notices
    expect(page.locator("#live-preview mark.cat-label")).to_be_visible()
    assert page.evaluate(A11Y) == []


def test_placeholders_are_marked_when_no_context_is_given(web: Session) -> None:
    page = web.page
    page.goto("/feedback")
    page.get_by_role("textbox", name="Din feedback").fill("Du kommer altid for sent til standup.")
    page.get_by_role("button", name="Foreslå en bedre formulering").click()
    placeholder = page.locator(".cards .placeholder").first
    expect(placeholder).to_be_visible()
    assert placeholder.inner_text().startswith("[")
    shoot(page, "feedback-placeholders")
    style = placeholder.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert style == "dashed"


def test_feedback_works_without_javascript(web_nojs: Session) -> None:
    page = web_nojs.page
    page.goto("/feedback")
    expect(page.locator("#live")).to_be_hidden()  # the live panel needs the script
    page.get_by_role("textbox", name="Din feedback").fill(SENTENCE)
    page.get_by_role("button", name="Tjek teksten").click()
    expect(page.locator("#analysis-section mark.finding").first).to_be_visible()
    expect(page.locator("#analysis-section .finding-list li").first).to_contain_text("personen")
    page.get_by_role("button", name="Foreslå en bedre formulering").click()
    expect(page.locator(".cards .suggestion").first).to_be_visible()
    page.locator(".cards .suggestion").first.get_by_role("button").click()  # re-check, no JS
    expect(page.locator("#analysis-section .verdict-ok")).to_be_visible()
    shoot(page, "feedback-nojs")
