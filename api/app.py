"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import problems
from api.middleware import BodyLimitMiddleware, HttpMetrics, RequestContextMiddleware
from api.openapi import install_openapi
from api.ratelimit import RateLimiter, RateLimitMiddleware
from api.routes import feedback, goals, guidance, health, knowledge, metrics, prep, summary
from api.routes.docs import mount_docs
from api.security import Authenticator, AuthMiddleware
from api.web import WebAuthenticator, install_web
from coach import __version__
from coach.logging import configure_logging
from coach.service import Coach, build_coach, check_data_files, load_retriever
from coach.settings import Settings, get_settings

log = logging.getLogger(__name__)

DESCRIPTION = """\
Coach for Danish MUS conversations (medarbejderudviklingssamtale): guidance search, feedback
analysis and rephrasing, SMART goal checks, preparation questions and the summary after the MUS
(referat, agreed goals, to-dos and a follow-up calendar). Danish first, English equal.

**Access.** When API keys are configured, send one as `Authorization: Bearer <key>` or
`X-API-Key: <key>`. Scope `coach` opens the coaching and search endpoints, scope `admin`
also opens knowledge administration. `/healthz` and `/readyz` are always open.

**Errors** are `application/problem+json` (RFC 9457) with a `request_id`; every response
carries `X-Request-ID`. Bodies over 64 KiB are refused with 413, over-long fields with 422,
too many requests with 429 and a `Retry-After` header.
"""


def create_app(settings: Settings | None = None, coach: Coach | None = None) -> FastAPI:
    """Build the API. Settings are read from the environment unless given.

    Raises:
        DataFileError: a lexicon, word list, catalogue or the question bank is invalid.
        AuthConfigError: `require_auth` is set but no API key is configured.
        RateLimitConfigError: the rate limit or its storage cannot be parsed.
    """
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    # The web pages' authenticator also accepts their session cookie (api/web/auth.py).
    authenticator = (WebAuthenticator if settings.web_enabled else Authenticator)(settings)
    limiter = RateLimiter(settings)
    if coach is None:
        check_data_files(settings)  # a broken lexicon stops start-up, naming file and key
        coach = build_coach(settings, load_index=False)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not coach.ready:
            # Load in a thread so /healthz answers (and /readyz says 503) while the index builds.
            task = asyncio.create_task(asyncio.to_thread(load_retriever, coach))
            app.state.index_task = task
        yield

    app = FastAPI(
        title="mus-coach",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from vendored assets by mount_docs (works offline)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.coach = coach
    app.state.metrics = HttpMetrics()
    app.state.authenticator = authenticator
    problems.install(app)

    # Routes are matched in this order, one by one: probes and the busiest coaching routes
    # first (every route tried before the right one costs each request, docs/load.md).
    app.include_router(health.router)
    app.include_router(feedback.router)
    app.include_router(goals.router)
    app.include_router(guidance.router)
    app.include_router(prep.router)
    app.include_router(summary.router)
    app.include_router(knowledge.router)
    app.include_router(metrics.router)
    # Feature routers: every path outside api.security.OPEN_PATHS needs a key (coach scope,
    # admin for /v1/knowledge); nothing to add per router.

    mount_docs(app)
    if settings.web_enabled:
        install_web(app)  # pages at /, /feedback, /goals, /prep, /summary, /guidance; /static
    install_openapi(app, settings)

    # Middleware: the last added runs first. Request context (id, log, metrics, 500s) wraps all,
    # then CORS (so refusals carry CORS headers), auth, rate limit (needs the key), body limit.
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    app.add_middleware(RateLimitMiddleware, limiter=limiter, settings=settings)
    app.add_middleware(AuthMiddleware, authenticator=authenticator)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics, settings=settings)
    return app
