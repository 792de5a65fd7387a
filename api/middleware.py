"""ASGI middleware: request id, access log, metrics, last-resort 500, header and body limits.

Pure ASGI (not `BaseHTTPMiddleware`) so that streaming, contextvars and the order of the stack
stay predictable, and so that a refused request costs as little as possible.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem, unexpected
from api.security import required_scope
from api.templates import match_template
from coach.logging import request_id_var, safe_traceback
from coach.settings import Settings

log = logging.getLogger("api.access")

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept only if it is short and plain (no spaces, quotes or control characters):
# it is echoed in a header and written to logs.
_SANE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}$")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class HttpMetrics:
    """Request counter and latency histogram, labelled by route template (never the raw path)."""

    def __init__(self) -> None:
        """Create the metrics in a registry of their own (one per app, so tests can build many)."""
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("mus_coach_http_requests", "HTTP requests answered.",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("mus_coach_http_request_duration_seconds",
                                 "Time to answer an HTTP request.", ["method", "route", "status"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Record one answered request."""
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.latency.labels(*labels).observe(seconds)


def route_template(scope: Scope) -> str:
    """The matched route's template ('/v1/knowledge/documents/{doc_id}'), or 'unmatched'."""
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return path
    app = scope.get("app")
    if app is not None and hasattr(app, "openapi"):
        # Refused before routing (401, 429, 413): name the route the request was aimed at.
        found = match_template(app, scope["path"])
        if found:
            return found[0]
    return "unmatched"


def _incoming_request_id(scope: Scope) -> str:
    for name, value in scope.get("headers") or ():
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _SANE_ID.match(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Outermost: gives every request an id, logs one line, records metrics, answers 500s."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics, settings: Settings) -> None:
        """Wrap `app`."""
        self.app = app
        self.metrics = metrics
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request with its id in scope state, the log context and the response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _incoming_request_id(scope)
        scope.setdefault("state", {})["request_id"] = rid
        token = request_id_var.set(rid)
        start = time.perf_counter()
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                message["headers"] = [*headers, (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # Log the type and frames only: exception messages may quote user text.
            log.error("unhandled exception", extra={"route": route_template(scope),
                                                    "exc": safe_traceback(exc)})
            if not started:
                await unexpected(rid)(scope, receive, send_with_id)
        finally:
            self._record(scope, status, time.perf_counter() - start)
            request_id_var.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = route_template(scope)
        method = scope.get("method", "")
        self.metrics.observe(method, route, status, seconds)
        fields: dict[str, Any] = {"method": method, "route": route, "status": status,
                                  "duration_ms": round(seconds * 1000, 2)}
        key_id = (scope.get("state") or {}).get("key_id")
        if key_id:
            fields["key_id"] = key_id
        # Probes and scrapes would drown the log at INFO.
        quiet = required_scope(scope["path"], self.settings) is None and status < 400
        log.log(logging.DEBUG if quiet else logging.INFO, "request", extra=fields)


class HeaderLimitMiddleware:
    """431 for a request with too many headers or too large a head.

    The server caps the head's bytes before parsing (api/server.py); this also caps the count,
    and holds both limits when the app runs under another server.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        """Wrap `app` with the limits of `settings`."""
        self.app = app
        self.max_headers = settings.http_max_headers
        self.max_bytes = settings.http_max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse before anything else reads the headers."""
        if scope["type"] == "http":
            headers = scope.get("headers") or ()
            size = sum(len(k) + len(v) + 4 for k, v in headers)
            if len(headers) > self.max_headers or size > self.max_bytes:
                detail = (f"Send at most {self.max_headers} headers of at most "
                          f"{self.max_bytes} bytes together.")
                await problem(431, detail=detail)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyTimeout(HTTPException):
    """Raised from `receive` when the client takes too long to send its body."""

    def __init__(self, seconds: float) -> None:
        """408 with the limit in the detail."""
        super().__init__(408, f"The request body did not arrive within {seconds:g} s.")


class BodyTooLarge(HTTPException):
    """Raised from `receive` once the bytes read pass the limit (FastAPI re-raises it as is)."""

    def __init__(self, limit: int) -> None:
        """413 with the limit in the detail."""
        super().__init__(413, f"The request body is larger than {limit} bytes.")


class BodyLimitMiddleware:
    """413 for bodies over the limit: by Content-Length up front, and on the bytes actually read.

    FastAPI 0.165 has a built-in `max_body_size`, but it sits outside the user middleware and
    answers a declared-too-large request in plain text, without request id, metrics or
    problem+json; this keeps all 413s on the same path as every other error.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        """Wrap `app`; the admin upload route gets `max_upload_bytes`, the rest `max_body_bytes`."""
        self.app = app
        self.default = settings.max_body_bytes
        self.upload = settings.max_upload_bytes
        self.timeout = settings.http_body_timeout

    def limit_for(self, scope: Scope) -> int:
        """The body limit for this request."""
        if scope.get("method") == "POST" and scope["path"].rstrip("/") == UPLOAD_PATH:
            return self.upload
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse early on Content-Length; count chunks as they are read."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        for name, value in scope.get("headers") or ():
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    await problem(413, detail=BodyTooLarge(limit).detail)(scope, receive, send)
                    return
        received = 0
        started = False
        deadline: float | None = None
        loop = asyncio.get_running_loop()

        async def limited_receive() -> Message:
            # One deadline for the whole body from its first read: a client dripping a byte at
            # a time cannot hold the request (and its worker) open for long.
            nonlocal received, deadline
            if deadline is None:
                deadline = loop.time() + self.timeout
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTimeout(self.timeout) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except (BodyTooLarge, BodyTimeout) as exc:
            # Read outside FastAPI's request handling (e.g. by a middleware): answer here.
            if started:
                raise
            await problem(exc.status_code, detail=exc.detail)(scope, receive, send)


UPLOAD_PATH = "/v1/knowledge/documents"
