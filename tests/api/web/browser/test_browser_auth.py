"""With API keys required: the key is entered once, and the page's own fetch calls then
authenticate with the HttpOnly session cookie (the script never sees a secret)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.api.web.browser.conftest import WEB_KEY, Session, shoot

pytestmark = pytest.mark.browser


def test_login_once_then_live_check_runs_on_the_session_cookie(web_keyed: Session) -> None:
    page = web_keyed.page
    page.goto("/feedback")
    expect(page).to_have_url(f"{web_keyed.service.url}/login?next=/feedback")
    shoot(page, "login")
    page.get_by_label("Adgangskode fra HR").fill("mcoach_wrong")
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator(".field-error")).to_contain_text("Koden blev ikke genkendt.")
    page.get_by_label("Adgangskode fra HR").fill(WEB_KEY)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(f"{web_keyed.service.url}/feedback")

    cookies = {c["name"]: c for c in web_keyed.context.cookies()}
    session = cookies["mus_session"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert WEB_KEY not in session["value"]
    assert page.evaluate("document.cookie").find("mus_session") == -1  # invisible to scripts

    page.get_by_role("textbox", name="Din feedback").press_sequentially(
        "Du er altid så negativ på møderne", delay=10)
    expect(page.locator("#live-preview mark.finding").first).to_be_visible()
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(f"{web_keyed.service.url}/login")
    page.goto("/goals")
    expect(page).to_have_url(f"{web_keyed.service.url}/login?next=/goals")
