"""Who may see the pages, and how their fetch calls reach the API without the key in JavaScript.

`WebAuthenticator` extends the API's `Authenticator` (api/security.py) in two ways:
- web paths (pages, /login, /static) pass the API check; `web_access` below guards the pages and
  sends a visitor without a session to /login instead of answering 401 problem+json;
- the pages' own `fetch` calls (`PAGE_API_CALLS`, sent from our origin as the browser attests)
  may use a valid session cookie instead of a key header, for `coach` scope only (never admin).
  The cookie is no API credential beyond that: any other route, or a request without the
  browser's same-origin headers, needs a key. That matters most with `COACH_WEB_AUTH=off`,
  where anyone who opens a page gets an anonymous session.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from starlette.types import Scope

from api.security import Authenticator, presented_key
from api.web.session import (
    COOKIE,
    SessionSigner,
    WebSession,
    browser_same_origin,
    cookie_value,
    same_origin,
)
from coach.apikeys import ApiKey, KeyScope, KeyStore
from coach.settings import Settings

PAGES = frozenset({"/", "/feedback", "/goals", "/prep", "/guidance"})
PUBLIC = frozenset({"/login", "/logout"})
STATIC_PREFIX = "/static/"
# The API calls the pages' own JavaScript makes (api/web/static/web.js); only these accept the
# session cookie in place of a key.
PAGE_API_CALLS = frozenset({("POST", "/v1/feedback/analyze")})


def is_web_path(path: str) -> bool:
    """True for the pages, the login form and the static assets."""
    return path in PAGES or path in PUBLIC or path.startswith(STATIC_PREFIX)


class WebAuthenticator(Authenticator):
    """The API authenticator, also accepting the web session cookie (see module docstring)."""

    def __init__(self, settings: Settings, store: KeyStore | None = None) -> None:
        """Build the API authenticator and the session signer on the same key store."""
        super().__init__(settings, store)
        self.signer = SessionSigner(settings, self.store)

    def check(self, scope: Scope, needed: KeyScope) -> tuple[int, ApiKey | None]:
        """As `Authenticator.check`, plus web paths and same-origin session cookies."""
        if self.settings.web_enabled and is_web_path(scope["path"]):
            return 0, None  # guarded by `web_access` (redirect to /login), not by a 401
        status, key = super().check(scope, needed)
        if status == 401 and needed == "coach" and presented_key(scope) is None \
                and (scope.get("method"), scope["path"]) in PAGE_API_CALLS \
                and browser_same_origin(scope):
            session = self.session(scope)
            if session is not None:
                return 0, session.key
        return status, key

    def session(self, scope: Scope) -> WebSession | None:
        """The valid session in the request's cookie (anonymous ones only with web_auth=off)."""
        session = self.signer.verify(cookie_value(scope, COOKIE))
        if session is None or (session.anonymous and self.settings.web_auth != "off"):
            return None
        return session


class LoginRequired(Exception):
    """A page was asked for without a session; the handler redirects to /login."""

    def __init__(self, next_path: str) -> None:
        """Remember where to go back to after login."""
        super().__init__(next_path)
        self.next_path = next_path


class CrossSiteForm(Exception):
    """A form was posted from another site (answered with 403)."""


@dataclass
class Access:
    """What a page request may do: `session` to set (anonymous, new), `can_logout`."""

    new_cookie: str | None = None
    can_logout: bool = False


def authenticator(request: Request) -> WebAuthenticator:
    """The app's authenticator (a `WebAuthenticator` whenever the pages are served)."""
    auth: WebAuthenticator = request.app.state.authenticator
    return auth


def web_access(request: Request) -> Access:
    """Page guard: open, anonymous session (web_auth=off), API key header or key session.

    Raises:
        CrossSiteForm: a POST came from another site.
        LoginRequired: keys are enforced and the request has neither a key nor a session.
    """
    if request.method == "POST" and not same_origin(request.scope):
        raise CrossSiteForm()
    auth = authenticator(request)
    if auth.settings.web_auth == "off":
        # Always hold an anonymous session, so the live check keeps working if keys appear later.
        if auth.session(request.scope) is None:
            return Access(new_cookie=auth.signer.issue(None))
        return Access()
    if not auth.is_enforced():
        return Access()
    presented = presented_key(request.scope)
    if presented and auth.store.verify(presented) is not None:
        return Access()
    session = auth.session(request.scope)
    if session is None or session.anonymous:
        raise LoginRequired(request.url.path)
    return Access(can_logout=True)


def safe_next(value: str | None) -> str:
    """A local page to return to after login (never another site)."""
    return value if value in PAGES else "/"


def login_url(next_path: str) -> str:
    """/login with the page to come back to."""
    return f"/login?next={quote(safe_next(next_path), safe='/')}"
