"""Per-key rate limiting (per client IP when auth is off) with the `limits` library.

The synchronous `limits` API is used on purpose: its in-memory storage keeps a thread-safe store
that works under any event loop (the asyncio one binds locks and timers to the loop that first
used it), and a memory hit costs microseconds. Remote storages (redis://…) run in a worker
thread so the event loop never blocks on the network.
"""

from __future__ import annotations

import math
import time

import anyio.to_thread
from limits import RateLimitItem, parse_many, storage, strategies
from starlette.types import ASGIApp, Receive, Scope, Send

from api.problems import problem
from api.security import required_scope
from coach.settings import Settings


class RateLimitConfigError(ValueError):
    """`COACH_RATE_LIMIT` or `COACH_RATE_LIMIT_STORAGE` cannot be used."""


class RateLimiter:
    """Moving-window limits for one identity, e.g. '120/minute' or '10/second;300/hour'."""

    def __init__(self, settings: Settings) -> None:
        """Parse the limits; `rate_limit = "off"` (or empty) disables limiting."""
        spec = settings.rate_limit.strip()
        self.items: list[RateLimitItem] = []
        if spec.lower() in ("", "off", "none", "0"):
            return
        try:
            self.items = parse_many(spec)
            self.storage = storage.storage_from_string(settings.rate_limit_storage)
        except (ValueError, storage.ConfigurationError) as exc:
            raise RateLimitConfigError(
                f"Cannot use rate limit {spec!r} with storage {settings.rate_limit_storage!r}: "
                "write limits like '120/minute' or '10/second;300/hour' and a storage URI like "
                "memory:// or redis://host:6379."
            ) from exc
        self.limiter = strategies.MovingWindowRateLimiter(self.storage)
        self.remote = not settings.rate_limit_storage.startswith("memory://")

    @property
    def enabled(self) -> bool:
        """True when any limit is configured."""
        return bool(self.items)

    def hit(self, identity: str) -> int:
        """Count one request; 0 when allowed, else the seconds to wait before retrying."""
        wait = 0
        for item in self.items:
            if not self.limiter.hit(item, identity):
                reset, _ = self.limiter.get_window_stats(item, identity)
                wait = max(wait, math.ceil(reset - time.time()), 1)
        return wait

    async def ahit(self, identity: str) -> int:
        """`hit`, off the event loop when the storage is remote."""
        if self.remote:
            return await anyio.to_thread.run_sync(self.hit, identity)
        return self.hit(identity)


class RateLimitMiddleware:
    """429 problem+json with `Retry-After` once an identity spends its budget."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, settings: Settings) -> None:
        """Wrap `app`; runs after authentication so the key id is known."""
        self.app = app
        self.limiter = limiter
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the request against its key (or client address) unless the path is open."""
        if (scope["type"] != "http" or not self.limiter.enabled
                or scope.get("method") == "OPTIONS"
                or required_scope(scope["path"], self.settings) is None):
            await self.app(scope, receive, send)
            return
        key_id = (scope.get("state") or {}).get("key_id")
        client = scope.get("client")
        identity = f"key:{key_id}" if key_id else f"ip:{client[0] if client else 'unknown'}"
        wait = await self.limiter.ahit(identity)
        if wait:
            response = problem(429, detail=f"Rate limit reached; retry in {wait} s.",
                               headers={"Retry-After": str(wait)})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
