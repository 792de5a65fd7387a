"""The HTTP server's own limits: what uvicorn is told in `mus-coach serve` (docs/deployment.md).

uvicorn picks httptools when it is installed, and that parser buffers a header of any size
(a 30 MB header was accepted); h11 caps the unparsed head at `h11_max_incomplete_event_size`,
so the server runs h11. uvicorn arms no timer while a client is still sending its request head
(its keep-alive timer starts only after a response, and any byte cancels it), so a client could
hold a connection forever by dripping half a header: `GuardedH11Protocol` closes a connection
whose head is not complete within `COACH_HTTP_HEADER_TIMEOUT` seconds. Slow bodies are cut off
in `api.middleware.BodyLimitMiddleware` (408), too many headers in `HeaderLimitMiddleware`.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from coach.settings import Settings, get_settings


@lru_cache(maxsize=1)
def _header_timeout() -> float:
    # The protocol is built by uvicorn per connection, without our settings: read them once.
    return get_settings().http_header_timeout


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol plus a deadline for each request head (slow-header clients)."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Accept the connection and start the clock for the first request head."""
        super().connection_made(transport)
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        """Feed h11; once a request head is complete its deadline no longer applies."""
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        """After each response the next request head gets the same deadline."""
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        """Drop the timer with the connection."""
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(_header_timeout(), self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            # No response: the client never finished asking. Close (nginx does the same).
            self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The uvicorn settings `mus-coach serve` starts with (every limit from `settings`)."""
    return {
        "http": GuardedH11Protocol,
        "h11_max_incomplete_event_size": settings.http_max_header_bytes,
        "timeout_keep_alive": settings.http_keep_alive_timeout,
        "limit_concurrency": settings.http_max_concurrency,
        "backlog": 256,
        "timeout_graceful_shutdown": 10,
    }
