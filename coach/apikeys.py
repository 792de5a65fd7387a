"""API keys: creation, hashing and the key store (domain only; the API checks them in api/security).

Keys are 256-bit random tokens, so a single SHA-256 is the right hash: a slow password hash
(bcrypt, scrypt, argon2) protects low-entropy secrets against guessing, which is pointless for a
key nobody can guess, and it would cost milliseconds on every request. Only hashes are stored;
a presented key is hashed and compared to every stored hash with `hmac.compare_digest`.

Revoked keys stay in the key file as tombstones (`revoked` set, never matched): a store that has
ever held a key stays locked when its last key is revoked, across restarts too, instead of
opening the service to anyone. Deleting the key file is the deliberate way to reopen it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from coach.errors import ApiKeyError
from coach.settings import Settings

log = logging.getLogger(__name__)

KeyScope = Literal["coach", "admin"]
SCOPES: tuple[KeyScope, ...] = ("coach", "admin")
KEY_PREFIX = "mcoach_"
_RELOAD_SECONDS = 2.0  # how often a running service re-reads the key file (revocations apply)


@dataclass(frozen=True)
class ApiKey:
    """A stored key: never the key itself, only its SHA-256."""

    id: str
    scope: KeyScope
    hash: str
    name: str = ""
    created: str = ""
    source: Literal["file", "env"] = "file"
    revoked: str = ""  # ISO time of revocation; a tombstone never authenticates

    def allows(self, needed: KeyScope) -> bool:
        """True when this key may call endpoints that need `needed` (admin implies coach)."""
        return self.scope == "admin" or needed == "coach"


def hash_key(key: str) -> str:
    """SHA-256 hex digest of a presented key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A fresh random key (256 bits of entropy)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _check_scope(scope: str) -> KeyScope:
    if scope not in SCOPES:
        raise ApiKeyError(f"Unknown scope {scope!r}; use one of: {', '.join(SCOPES)}.")
    return scope


def parse_env_hashes(value: str | None) -> list[ApiKey]:
    """Parse `COACH_API_KEY_HASHES`: comma-separated `scope:sha256hex` (a bare hash means coach)."""
    keys: list[ApiKey] = []
    for n, raw in enumerate(p.strip() for p in (value or "").split(",")):
        if not raw:
            continue
        scope, _, digest = raw.rpartition(":")
        digest = digest.lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ApiKeyError(f"COACH_API_KEY_HASHES entry {n + 1} is not 'scope:<64 hex chars>'.")
        keys.append(ApiKey(id=f"env-{n + 1}", scope=_check_scope(scope or "coach"), hash=digest,
                           name="from COACH_API_KEY_HASHES", source="env"))
    return keys


class KeyStore:
    """Keys from the key file plus `COACH_API_KEY_HASHES`; re-reads the file when it changes."""

    def __init__(self, settings: Settings) -> None:
        """Load keys for `settings` (file: `api_keys_file`, default `<data_dir>/api_keys.json`)."""
        self.path = settings.api_keys_file or settings.data_dir / "api_keys.json"
        self._env = parse_env_hashes(settings.api_key_hashes)
        self._lock = threading.Lock()
        self._file_keys: list[ApiKey] = []  # every row, tombstones included
        self._stamp: tuple[int, int] | None = None
        self._checked = 0.0
        self._reload(force=True)

    # -- reading -----------------------------------------------------------------------------

    def _reload(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < _RELOAD_SECONDS:
            return
        self._checked = now
        try:
            st = self.path.stat()
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp == self._stamp and not force:
            return
        try:
            keys = self._read() if stamp else []
        except ApiKeyError:
            if force:
                raise
            # A running service keeps its last good keys rather than failing every request.
            log.error("API key file unreadable; keeping the keys loaded before", exc_info=False)
            return
        with self._lock:
            self._file_keys, self._stamp = keys, stamp

    def _read(self) -> list[ApiKey]:
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
            return [ApiKey(**{**row, "source": "file"}) for row in rows]
        except (OSError, ValueError, TypeError) as exc:
            raise ApiKeyError(
                f"Cannot read the API key file {self.path}: {type(exc).__name__}. "
                "Fix or remove it, then create keys with `mus-coach keys create`."
            ) from exc

    def keys(self) -> list[ApiKey]:
        """All active keys (file first, then environment); tombstones are left out."""
        self._reload()
        with self._lock:
            return [*(k for k in self._file_keys if not k.revoked), *self._env]

    @property
    def configured(self) -> bool:
        """True when at least one active key exists."""
        return bool(self.keys())

    @property
    def ever_configured(self) -> bool:
        """True when the store holds or has held a key (a revoked one leaves a tombstone)."""
        self._reload()
        with self._lock:
            return bool(self._file_keys or self._env)

    @property
    def locked(self) -> bool:
        """True when keys existed but every one is revoked: the service refuses every call."""
        return self.ever_configured and not self.configured

    def reopen_hint(self) -> str:
        """How an operator gets out of the locked state, on purpose."""
        return (f"every API key was revoked, so the service is locked. Create a new key with "
                f"`mus-coach keys create --scope admin`, or, to run without keys on purpose, "
                f"delete {self.path} (it keeps the revoked keys) and restart.")

    def verify(self, presented: str) -> ApiKey | None:
        """The key matching `presented`, or None. Compares against every hash in constant time."""
        digest = hash_key(presented)
        found: ApiKey | None = None
        for key in self.keys():
            # No early exit: the time taken does not reveal which (or whether a) key matched.
            if hmac.compare_digest(digest, key.hash) and found is None:
                found = key
        return found

    # -- writing (CLI) -------------------------------------------------------------------------

    def _write(self, keys: list[ApiKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        rows = [{k: v for k, v in asdict(key).items() if k != "source"} for key in keys]
        tmp = self.path.with_suffix(".tmp")
        # Owner-only: hashes are not secrets, but nobody else needs to read or change them.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)
        os.replace(tmp, self.path)
        self._reload(force=True)

    def create(self, scope: str, name: str = "") -> tuple[ApiKey, str]:
        """Create and store a key; returns the record and the key (shown once, never stored)."""
        key = new_key()
        record = ApiKey(id=secrets.token_hex(4), scope=_check_scope(scope), hash=hash_key(key),
                        name=name, created=datetime.now(UTC).isoformat(timespec="seconds"))
        self._reload(force=True)
        self._write([*self._file_keys, record])
        return record, key

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key (kept as a tombstone); raises `ApiKeyError` for an unknown id."""
        self._reload(force=True)
        match = [k for k in self._file_keys if k.id == key_id and not k.revoked]
        if not match:
            if any(k.id == key_id for k in self._env):
                raise ApiKeyError(f"{key_id} comes from COACH_API_KEY_HASHES; remove it there.")
            raise ApiKeyError(f"No key with id {key_id!r}; see `mus-coach keys list`.")
        when = datetime.now(UTC).isoformat(timespec="seconds")
        self._write([replace(k, revoked=when) if k.id == key_id else k for k in self._file_keys])
        return match[0]
