"""Web pages behind the API's keys: key entered once, signed HttpOnly SameSite=Strict session
cookie, accepted by the API for same-origin fetches (coach scope only), `COACH_WEB_AUTH=off`."""

from __future__ import annotations

import stat
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web.session import COOKIE, load_secret
from coach.apikeys import KeyStore
from coach.service import Coach
from coach.settings import Settings, get_settings

SAME = {"Sec-Fetch-Site": "same-origin"}


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"data_dir": tmp_path / "data", "rate_limit": "off"}
    return get_settings(**{**values, **overrides})


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings, coach=Coach(settings=settings)))


def _login(client: TestClient, key: str, next_path: str = "/feedback") -> Any:
    return client.post("/login", data={"key": key, "next": next_path}, headers=SAME,
                       follow_redirects=False)


@pytest.fixture
def keyed(tmp_path: Path) -> tuple[TestClient, dict[str, str], Settings]:
    settings = _settings(tmp_path)
    store = KeyStore(settings)
    keys = {scope: store.create(scope, f"web-{scope}")[1] for scope in ("coach", "admin")}
    return _client(settings), keys, settings


def test_open_service_needs_no_login(tmp_path: Path) -> None:
    client = _client(_settings(tmp_path))
    r = client.get("/feedback")
    assert r.status_code == 200 and COOKIE not in r.cookies and "/logout" not in r.text
    assert client.get("/login", follow_redirects=False).headers["location"] == "/"


def test_pages_send_a_visitor_without_a_key_to_the_login_form(keyed: Any) -> None:
    client, _, _ = keyed
    r = client.get("/goals", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/goals"
    login = client.get("/login?next=/goals")
    assert login.status_code == 200 and 'type="password"' in login.text
    assert client.get("/static/web.css").status_code == 200  # the form is styled
    assert client.post("/v1/ping", headers=SAME).status_code == 401


def test_a_wrong_key_is_refused_on_the_form(keyed: Any) -> None:
    client, _, _ = keyed
    r = _login(client, "mcoach_wrong")
    assert r.status_code == 401 and "Koden blev ikke genkendt." in r.text
    assert COOKIE not in r.cookies


def test_the_key_buys_a_signed_strict_httponly_cookie_without_the_key_in_it(keyed: Any) -> None:
    client, keys, _ = keyed
    r = _login(client, keys["coach"])
    assert r.status_code == 303 and r.headers["location"] == "/feedback"
    header = r.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header.replace("Strict", "strict")
    assert "Path=/" in header
    value = r.cookies[COOKIE]
    assert keys["coach"] not in value and keys["coach"][7:] not in value
    page = client.get("/feedback")
    assert page.status_code == 200 and 'action="/logout"' in page.text
    again = client.get("/login?next=/prep", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/prep"


ANALYZE = "/v1/feedback/analyze"
BODY = {"text": "Du kom for sent til mødet i går."}


def test_the_api_accepts_the_cookie_for_the_pages_own_same_origin_calls_only(keyed: Any) -> None:
    client, keys, _ = keyed
    _login(client, keys["coach"])
    assert client.post(ANALYZE, json=BODY, headers=SAME).status_code == 200
    assert client.post(ANALYZE, json=BODY, headers={"Origin": "http://testserver"}
                       ).status_code == 200
    assert client.post(ANALYZE, json=BODY, headers={"Sec-Fetch-Site": "cross-site"}
                       ).status_code == 401
    assert client.post(ANALYZE, json=BODY, headers={"Origin": "https://evil.example"}
                       ).status_code == 401
    # Not a browser page (no Sec-Fetch-Site, no Origin): the cookie is no API credential.
    assert client.post(ANALYZE, json=BODY).status_code == 401
    # Nor for any route the pages do not call themselves.
    assert client.get("/v1/ping", headers=SAME).status_code == 401
    assert client.post("/v1/goals/check", json={"goal": "x"}, headers=SAME).status_code == 401


def test_the_cookie_never_opens_admin_endpoints(keyed: Any) -> None:
    client, keys, _ = keyed
    _login(client, keys["admin"])
    assert client.post(ANALYZE, json=BODY, headers=SAME).status_code == 200
    assert client.get("/v1/knowledge/documents", headers=SAME).status_code == 401
    admin = {"Authorization": f"Bearer {keys['admin']}"}
    assert client.get("/v1/knowledge/documents", headers=admin).status_code == 200


def test_revoking_the_key_ends_its_sessions(keyed: Any) -> None:
    client, keys, settings = keyed
    _login(client, keys["coach"])
    store = KeyStore(settings)
    active = store.keys()
    coach_key = next(k for k in active if k.scope == "coach")
    store.revoke(coach_key.id)
    time.sleep(2.1)  # the running service re-reads the key file every 2 s
    assert client.post(ANALYZE, json=BODY, headers=SAME).status_code == 401
    assert client.get("/feedback", follow_redirects=False).status_code == 303


def test_a_tampered_or_expired_cookie_is_refused(tmp_path: Path) -> None:
    settings = _settings(tmp_path, web_session_hours=1 / 3600)  # one second
    _, key = KeyStore(settings).create("coach")
    client = _client(settings)
    value = _login(client, key).headers["set-cookie"].split(";")[0].split("=", 1)[1]
    client.cookies.set(COOKIE, value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1])
    assert client.post(ANALYZE, json=BODY, headers=SAME).status_code == 401
    client.cookies.set(COOKIE, value)
    assert client.post(ANALYZE, json=BODY, headers=SAME).status_code == 200
    time.sleep(2.1)
    assert client.post(ANALYZE, json=BODY, headers=SAME).status_code == 401


def test_cross_site_form_posts_are_refused(keyed: Any) -> None:
    client, keys, _ = keyed
    assert _login(client, keys["coach"]).status_code == 303
    r = client.post("/feedback", data={"text": "hej"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and "Formularen blev afvist" in r.text
    r = client.post("/login", data={"key": keys["coach"]},
                    headers={"Origin": "https://evil.example"})
    assert r.status_code == 403


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/v1/ping"])
def test_login_only_returns_to_our_pages(keyed: Any, target: str) -> None:
    client, keys, _ = keyed
    assert _login(client, keys["coach"], target).headers["location"] == "/"


def test_a_key_header_opens_the_pages_too(keyed: Any) -> None:
    client, keys, _ = keyed
    r = client.get("/prep", headers={"X-API-Key": keys["coach"]})
    assert r.status_code == 200 and 'action="/logout"' not in r.text


def test_logout_removes_the_cookie(keyed: Any) -> None:
    client, keys, _ = keyed
    _login(client, keys["coach"])
    r = client.post("/logout", headers=SAME, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert f"{COOKIE}=" in r.headers["set-cookie"] and "Max-Age=0" in r.headers["set-cookie"]


def test_logout_ends_the_session_on_the_server(keyed: Any) -> None:
    client, keys, settings = keyed
    value = _login(client, keys["coach"]).headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert client.post(ANALYZE, json=BODY, headers=SAME).status_code == 200
    client.post("/logout", headers=SAME, follow_redirects=False)
    # A copy of the cookie (another tab, a stolen value) is refused after logout, by every
    # process on the host (they share the data directory) ...
    other = _client(settings)
    for c in (client, other):
        c.cookies.set(COOKIE, value)
        assert c.post(ANALYZE, json=BODY, headers=SAME).status_code == 401
        assert c.get("/feedback", follow_redirects=False).status_code == 303
    # ... while a fresh login works again.
    fresh = _client(settings)
    _login(fresh, keys["coach"])
    assert fresh.post(ANALYZE, json=BODY, headers=SAME).status_code == 200


def test_web_auth_off_opens_pages_with_an_anonymous_coach_session(tmp_path: Path) -> None:
    settings = _settings(tmp_path, web_auth="off")
    _, admin = KeyStore(settings).create("admin")
    client = _client(settings)
    r = client.get("/feedback")
    assert r.status_code == 200 and COOKIE in r.cookies
    assert client.post(ANALYZE, json=BODY, headers=SAME).status_code == 200  # the live check
    assert client.post(ANALYZE, json=BODY, headers={"Sec-Fetch-Site": "cross-site"}
                       ).status_code == 401
    assert client.get("/v1/knowledge/documents", headers=SAME).status_code == 401
    assert "Set-Cookie" not in client.get("/goals").headers  # the session is kept, not renewed
    anonymous = client.cookies[COOKIE]
    # The anonymous page cookie is no API credential: not for other routes, not outside a page.
    assert client.get("/v1/ping", headers=SAME).status_code == 401
    assert client.post(ANALYZE, json=BODY).status_code == 401
    assert client.post("/v1/prep/questions", json={"role": "employee"}, headers=SAME
                       ).status_code == 401
    # The same anonymous cookie is worthless once the pages require keys again.
    strict = _client(_settings(tmp_path))
    strict.cookies.set(COOKIE, anonymous)
    assert strict.post(ANALYZE, json=BODY, headers=SAME).status_code == 401
    assert strict.get("/feedback", follow_redirects=False).status_code == 303
    assert admin


def test_the_signing_secret_is_kept_private_or_taken_from_settings(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    first = load_secret(settings)
    path = settings.data_dir / "web_secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret(settings) == first and len(first) >= 32
    assert load_secret(_settings(tmp_path, web_secret="s" * 40)) == "s" * 40


def test_web_disabled_serves_the_api_only(tmp_path: Path) -> None:
    client = _client(_settings(tmp_path, web_enabled=False))
    assert client.get("/feedback").status_code == 404
    assert client.get("/healthz").status_code == 200
