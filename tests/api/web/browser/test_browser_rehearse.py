"""The rehearsal page in a real browser against the real service: choose a persona, say a
judging line and a behaviour-focused one, see the highlights, the replies and the tips, start
over; with and without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.api.web.browser.conftest import Session, shoot

pytestmark = pytest.mark.browser

A11Y = (Path(__file__).with_name("a11y.js")).read_text(encoding="utf-8")
JUDGING = "Du er altid så negativ på møderne."
SORRY = "Undskyld, det var ikke fair sagt."
CONCRETE = ("På tavlemødet i tirsdags sagde du nej til to forslag uden at forklare hvorfor, så "
            "vi måtte udsætte beslutningen. Hvordan oplevede du det?")


def _say(session: Session, line: str) -> None:
    page = session.page
    page.get_by_role("textbox", name="Din replik").fill(line)
    page.get_by_role("button", name="Sig det").click()


def test_a_rehearsal_reacts_to_judging_and_to_behaviour(web: Session) -> None:
    page = web.page
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Øv samtalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Øv samtalen")
    page.get_by_label("I forsvar").check()

    _say(web, JUDGING)
    first = page.locator(".exchange").nth(0)
    general = first.locator(".bubble-manager mark.cat-generalization")
    expect(general).to_have_text(re.compile(r"^altid"))  # then its tooltip
    expect(first.locator(".bubble-employee")).to_contain_text("«")  # picks up the wording
    expect(first.locator(".reaction")).to_have_text("går i forsvar")
    expect(first.locator(".coach-tip")).to_contain_text("«Du er altid så negativ»")
    expect(first.locator(".engine-badge")).to_have_text("Svar fra regelmotoren")
    expect(page.get_by_label("I forsvar")).to_be_checked()  # the persona stays chosen

    _say(web, SORRY)
    second = page.locator(".exchange").nth(1)
    expect(second.locator(".reaction")).to_have_text("falder til ro")
    expect(page.locator(".exchange").nth(0).locator("mark.finding").first).to_be_visible()

    _say(web, CONCRETE)
    third = page.locator(".exchange").nth(2)
    expect(third.locator(".reaction")).to_have_text("går i dialog")
    expect(third.locator("mark.finding")).to_have_count(0)
    expect(third.locator(".coach-tip")).to_contain_text("Det virker")
    replies = page.locator(".bubble-employee .said").all_inner_texts()
    assert len(replies) == len(set(replies)) == 3
    shoot(page, "rehearse")
    assert page.evaluate(A11Y) == []

    page.get_by_role("button", name="Begynd forfra").click()
    expect(page.locator(".exchange")).to_have_count(0)
    expect(page.get_by_label("I forsvar")).to_be_checked()


def test_personas_answer_differently_in_english(web: Session) -> None:
    page = web.page
    page.goto("/rehearse?lang=en")
    replies = []
    for persona in ("Open", "Quiet", "Upset"):
        page.get_by_label(persona, exact=True).check()
        page.get_by_role("textbox", name="Your line").fill("You never listen in meetings.")
        page.get_by_role("button", name="Say it").click()
        reply = page.locator(".exchange.latest .bubble-employee .said")
        expect(reply).to_contain_text("never")
        replies.append(reply.inner_text())
        page.get_by_role("button", name="Start over").click()
    assert len(set(replies)) == 3, replies


def test_the_rehearsal_works_without_javascript(web_nojs: Session) -> None:
    page = web_nojs.page
    page.goto("/rehearse")
    _say(web_nojs, JUDGING)
    expect(page.locator(".exchange")).to_have_count(1)
    _say(web_nojs, CONCRETE)
    expect(page.locator(".exchange")).to_have_count(2)
    expect(page.locator(".exchange").nth(1).locator(".reaction")).to_have_text("går i dialog")
    shoot(page, "rehearse-nojs")
