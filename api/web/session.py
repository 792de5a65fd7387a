"""Signed web session cookies: a key entered once on /login, then a cookie instead of the key.

The cookie holds a random session id, the key's id, a fingerprint of its stored hash and the
issue time, signed with a server secret (itsdangerous); never the key itself. A revoked or
replaced key fails the fingerprint check, so its sessions end with it. Logging out records the
session id as ended (one empty file per id under `<data_dir>/web_sessions_ended`, shared by the
workers on one host, pruned once the cookie would have expired anyway), so a copy of the cookie
is worthless after logout. With `COACH_WEB_AUTH=off` the pages hand out an anonymous session
instead, which only ever stands for the `coach` scope.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import Scope

from coach.apikeys import ApiKey, KeyStore
from coach.settings import Settings

COOKIE = "mus_session"
ANONYMOUS = "-"  # key id of an anonymous (web_auth=off) session
_SALT = "mus-coach.web-session.v2"  # v2: the payload carries a session id (server-side logout)
_SID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass(frozen=True)
class WebSession:
    """A verified session: the key it was opened with, or None for an anonymous one."""

    key: ApiKey | None
    sid: str = ""

    @property
    def anonymous(self) -> bool:
        """True for a `web_auth=off` session."""
        return self.key is None


def _fingerprint(key: ApiKey) -> str:
    return hashlib.sha256(f"web:{key.hash}".encode()).hexdigest()[:16]


def load_secret(settings: Settings) -> str:
    """The signing secret: `COACH_WEB_SECRET`, else one kept in `<data_dir>/web_secret`."""
    if settings.web_secret is not None:
        return settings.web_secret.get_secret_value()
    path: Path = settings.data_dir / "web_secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two workers starting together agree on one secret (the loser reads it below).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_urlsafe(48))
    secret = path.read_text(encoding="utf-8").strip()
    if len(secret) < 32:
        raise RuntimeError(f"{path} holds too short a secret; delete it to get a new one.")
    return secret


class SessionSigner:
    """Issues and verifies session cookie values."""

    def __init__(self, settings: Settings, store: KeyStore) -> None:
        """Sign with the configured (or stored) secret; look keys up in `store`."""
        self.store = store
        self.max_age = int(settings.web_session_hours * 3600)
        self._serializer = URLSafeTimedSerializer(load_secret(settings), salt=_SALT)
        self.ended_dir: Path = settings.data_dir / "web_sessions_ended"

    def issue(self, key: ApiKey | None) -> str:
        """A cookie value for `key` (None = anonymous session), with a fresh session id."""
        sid = secrets.token_urlsafe(18)
        payload = [sid, ANONYMOUS, ""] if key is None else [sid, key.id, _fingerprint(key)]
        return self._serializer.dumps(payload)

    def verify(self, value: str | None) -> WebSession | None:
        """The session behind a cookie value; None if forged, expired, ended or its key is gone."""
        if not value:
            return None
        try:
            sid, key_id, fingerprint = self._serializer.loads(value, max_age=self.max_age)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(sid, str) or not _SID.match(sid) or self._ended(sid):
            return None
        if key_id == ANONYMOUS:
            return WebSession(key=None, sid=sid)
        keys = self.store.keys()  # a method of KeyStore, not a dict
        for key in keys:
            if key.id == key_id and secrets.compare_digest(_fingerprint(key), str(fingerprint)):
                return WebSession(key=key, sid=sid)
        return None

    def _ended(self, sid: str) -> bool:
        return (self.ended_dir / sid).exists()

    def end(self, session: WebSession) -> None:
        """Record the session as ended: its cookie no longer verifies, in any worker on the host."""
        if not session.sid:
            return
        self.ended_dir.mkdir(parents=True, exist_ok=True)
        (self.ended_dir / session.sid).touch()
        self._prune()

    def _prune(self) -> None:
        # An ended id only matters until its cookie would have expired by itself.
        cutoff = time.time() - self.max_age - 60
        with contextlib.suppress(OSError), os.scandir(self.ended_dir) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return dict(scope.get("headers") or [])


def cookie_value(scope: Scope, name: str = COOKIE) -> str | None:
    """The value of cookie `name` in the request, if any."""
    raw = _headers(scope).get(b"cookie", b"").decode("latin-1")
    for part in raw.split(";"):
        k, _, v = part.strip().partition("=")
        if k == name and v:
            return v
    return None


def browser_same_origin(scope: Scope) -> bool:
    """True only when the browser positively says the request comes from our own pages.

    Unlike `same_origin`, a request that sends neither `Sec-Fetch-Site` nor `Origin` fails: it
    is not a page's fetch, so a session cookie must not authenticate it.
    """
    headers = _headers(scope)
    if b"sec-fetch-site" in headers or b"origin" in headers:
        return same_origin(scope)
    return False


def same_origin(scope: Scope, *, navigation: bool = False) -> bool:
    """False when the browser says the request comes from another site (CSRF guard).

    Uses `Sec-Fetch-Site` when sent (every current browser does), else compares `Origin` with
    `Host`. A request with neither is not from a browser page, so there is no CSRF to stop.
    `navigation` also accepts a typed URL or bookmark (`Sec-Fetch-Site: none`).
    """
    headers = _headers(scope)
    site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
    if site:
        return site == "same-origin" or (navigation and site == "none")
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin or origin == "null":
        return not origin
    host = headers.get(b"host", b"").decode("latin-1")
    return origin.split("://", 1)[-1] == host
