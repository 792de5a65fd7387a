"""At 390 px (a phone): no page scrolls sideways, the goal check stacks into one card per
criterion, and the feedback page shows no empty boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.api.web.browser.conftest import Session, shoot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
A11Y = (Path(__file__).with_name("a11y.js")).read_text(encoding="utf-8")
OVERFLOW = (Path(__file__).with_name("overflow.js")).read_text(encoding="utf-8")


def _phone(page: Page) -> None:
    page.set_viewport_size(PHONE)


def test_goal_check_fits_a_phone_without_sideways_scrolling(web: Session) -> None:
    page = web.page
    _phone(page)
    page.goto("/goals")
    assert page.evaluate(OVERFLOW) == []
    page.get_by_label("Målet").fill("Jeg vil blive bedre til Excel")
    page.get_by_role("button", name="Tjek målet").click()
    cards = page.locator(".smart-table tbody tr")
    expect(cards).to_have_count(5)
    assert page.evaluate(OVERFLOW) == []

    table = page.locator(".smart-table").bounding_box()
    assert table is not None
    tops = []
    for n in range(5):
        card = cards.nth(n).bounding_box()
        status = cards.nth(n).locator(".status").bounding_box()
        advice = cards.nth(n).locator(".cell-advice").bounding_box()
        assert card and status and advice
        # One card per criterion, as wide as the table; the verdict is whole inside it.
        assert abs(card["width"] - table["width"]) < 2
        right = card["x"] + card["width"]
        assert card["x"] <= status["x"] and status["x"] + status["width"] <= right
        assert advice["width"] > 0.8 * card["width"]  # the advice gets the card's width
        tops.append(card["y"])
    assert tops == sorted(tops) and len(set(tops)) == 5  # stacked, not side by side
    expect(cards.nth(0).locator(".status")).to_have_text("Ikke opfyldt")
    expect(cards.nth(0).locator(".cell-advice")).to_be_visible()
    label = cards.nth(0).locator(".cell-advice").evaluate(
        "el => getComputedStyle(el, '::before').content")
    assert "Råd" in label  # each part of the card says what it is
    assert page.evaluate(A11Y) == []
    # Still a table for screen readers: five rows with a header and cells each.
    assert page.get_by_role("row").count() == 6
    shoot(page, "goals-mobile")

    page.set_viewport_size({"width": 1280, "height": 900})  # and a table again on a desk
    header = page.locator(".smart-table thead").bounding_box()
    assert header is not None and header["height"] > 10


def test_every_page_fits_a_phone(web: Session) -> None:
    page = web.page
    _phone(page)
    for path in ("/", "/feedback", "/rehearse", "/goals", "/prep", "/guidance?q=feedback",
                 "/?lang=en"):
        page.goto(path)
        assert page.evaluate(OVERFLOW) == [], path
    # The check itself sees what it looks for: the old table's scroll box, a too-wide block
    # (styled through the CSSOM: the pages' CSP refuses style attributes).
    page.evaluate("""() => {
        const box = document.createElement('div'), wide = document.createElement('div');
        box.style.overflowX = 'auto'; wide.style.width = '652px'; wide.textContent = 'SMART';
        box.appendChild(wide); document.querySelector('main').appendChild(box);
    }""")
    found = page.evaluate(OVERFLOW)
    past = [f for f in found if f != "div scrolls" and int(f.rsplit("-", 1)[1]) > PHONE["width"]]
    assert "div scrolls" in found and past, found


def test_feedback_page_shows_no_empty_boxes(web: Session) -> None:
    page = web.page
    _phone(page)
    page.goto("/feedback")
    live = page.locator("#live")
    expect(live).to_be_hidden()  # nothing typed yet: no empty "Sådan kan det blive hørt"
    box = page.get_by_role("textbox", name="Din feedback")
    box.press_sequentially("Du er altid så negativ på møderne", delay=10)
    expect(live).to_be_visible()
    expect(page.locator("#live-preview mark.cat-label")).to_be_visible()
    assert page.evaluate(OVERFLOW) == []
    shoot(page, "feedback-mobile")
    box.fill("")
    box.press("Space")  # emptied again (only a space): the box goes away
    expect(live).to_be_hidden()

    page.goto("/feedback")
    page.get_by_role("button", name="Tjek teksten").click()  # an empty submit
    expect(page.locator(".field-error")).to_have_text(
        "Skal indeholde mindst ét tegn, der ikke er et mellemrum.")
    expect(live).to_be_hidden()
    assert page.evaluate(OVERFLOW) == []
    # Nothing on the page is an empty box: every panel and card has text in it.
    empty = page.evaluate("""() => [...document.querySelectorAll(
        '.panel, .card, .live, .alert, .basis, blockquote, ul, ol')]
        .filter(el => el.offsetParent !== null && !el.innerText.trim())
        .map(el => el.className || el.tagName)""")
    assert empty == []
