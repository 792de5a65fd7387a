"""API key authentication: which paths need which scope, and the middleware that checks it.

Enforced in ASGI middleware rather than per-route dependencies so that every route is closed by
default (a new router cannot forget it) and a request without a valid key is refused before its
body is read or validated. The same `required_scope` drives the OpenAPI security declarations.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from api.problems import problem
from coach.apikeys import ApiKey, KeyScope, KeyStore
from coach.settings import Settings

log = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/openapi.json", "/docs", "/docs/oauth2-redirect"})
OPEN_PREFIXES = ("/docs/assets/", "/static/")  # Swagger UI and web page assets
ADMIN_PREFIXES = ("/v1/knowledge",)
REALM = 'Bearer realm="mus-coach"'


class AuthConfigError(RuntimeError):
    """The service was told to require keys but none are configured."""


def required_scope(path: str, settings: Settings) -> KeyScope | None:
    """The scope a path needs, or None when it is open (health, docs, public metrics)."""
    if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
        return None
    if path == "/metrics":
        return None if settings.metrics_public else "admin"
    if path.startswith(ADMIN_PREFIXES):
        return "admin"
    return "coach"  # everything else, including paths nobody has written yet


CREDENTIAL_HEADERS = (b"authorization", b"x-api-key", b"cookie")


def duplicated_credentials(scope: Scope) -> str | None:
    """The name of a credential header sent more than once, if any.

    Two `Authorization` headers are ambiguous: proxies and frameworks disagree on which one wins
    (the last, the first, or both joined), so a request that sends two is refused (400) rather
    than authenticated by whichever one this server happens to read.
    """
    seen: set[bytes] = set()
    for name, _ in scope.get("headers") or ():
        if name in CREDENTIAL_HEADERS[:2]:
            if name in seen:
                return name.decode("latin-1")
            seen.add(name)
    return None


def presented_key(scope: Scope) -> str | None:
    """The key from `Authorization: Bearer …` or `X-API-Key`, if any."""
    headers = dict(scope.get("headers") or [])
    auth = headers.get(b"authorization", b"").decode("latin-1").strip()
    if auth[:7].lower() == "bearer " and auth[7:].strip():
        return auth[7:].strip()
    api_key = headers.get(b"x-api-key", b"").decode("latin-1").strip()
    return api_key or None


class Authenticator:
    """Decides per request; open only while no key has ever existed (and none is required).

    A store whose keys were all revoked keeps their tombstones (`coach.apikeys`), so it stays
    locked across restarts instead of failing open.
    """

    def __init__(self, settings: Settings, store: KeyStore | None = None) -> None:
        """Load the key store; raise `AuthConfigError` if keys are required but missing."""
        self.settings = settings
        self.store = store or KeyStore(settings)
        # Sticky: once keys exist, revoking the last one locks the service rather than opening it,
        # also after a restart (the revoked keys stay in the file as tombstones).
        self.enforced = settings.require_auth or self.store.ever_configured
        if settings.require_auth and not self.store.configured:
            raise AuthConfigError(
                "COACH_REQUIRE_AUTH is true but no API key is configured: create one with "
                "`mus-coach keys create --scope admin`, or set COACH_API_KEY_HASHES / "
                f"COACH_API_KEYS_FILE (looked in {self.store.path})."
            )
        if self.store.locked:
            log.error("API locked: %s", self.store.reopen_hint())
        if not self.enforced:
            log.warning("no API keys configured: the API is open to anyone who can reach it; "
                        "create keys with `mus-coach keys create` or set COACH_REQUIRE_AUTH=true")

    def is_enforced(self) -> bool:
        """True once keys exist (checked again so keys created while running take effect)."""
        if not self.enforced and self.store.ever_configured:
            self.enforced = True
            log.info("API keys found: authentication is now enforced")
        return self.enforced

    def check(self, scope: Scope, needed: KeyScope) -> tuple[int, ApiKey | None]:
        """(0, key) when allowed (key None when open), else (401 | 403, None)."""
        if not self.is_enforced():
            return 0, None
        presented = presented_key(scope)
        key = self.store.verify(presented) if presented else None
        if key is None:
            return 401, None
        if not key.allows(needed):
            return 403, None
        return 0, key


class AuthMiddleware:
    """Refuses requests without a valid key for the path's scope (401/403 problem+json)."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        """Wrap `app`."""
        self.app = app
        self.auth = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the key, then pass on; the key's id goes to `scope["state"]["key_id"]`."""
        if scope["type"] != "http" or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        duplicate = duplicated_credentials(scope)
        if duplicate is not None:
            await problem(400, detail=f"Send the {duplicate} header once; this request has "
                          "several.")(scope, receive, send)
            return
        needed = required_scope(scope["path"], self.auth.settings)
        if needed is not None:
            status, key = self.auth.check(scope, needed)
            if status == 401:
                detail = ("Send a valid API key as 'Authorization: Bearer <key>' or "
                          "'X-API-Key: <key>'.")
                if self.auth.store.locked:
                    detail = ("The service is locked: every API key was revoked. An operator "
                              "can create a new key with `mus-coach keys create`.")
                response = problem(401, detail=detail, headers={"WWW-Authenticate": REALM})
                await response(scope, receive, send)
                return
            if status == 403:
                response = problem(403, detail=f"This endpoint needs an API key with the "
                                   f"'{needed}' scope.")
                await response(scope, receive, send)
                return
            if key is not None:
                scope.setdefault("state", {})["key_id"] = key.id
        await self.app(scope, receive, send)
