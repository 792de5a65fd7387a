"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import problems
from api.mcp.http import install_mcp, mcp_sessions
from api.middleware import (
    BodyLimitMiddleware,
    HeaderLimitMiddleware,
    HttpMetrics,
    RequestContextMiddleware,
)
from api.openapi import install_openapi
from api.ratelimit import RateLimiter, RateLimitMiddleware
from api.routes import feedback, goals, guidance, health, knowledge, metrics, prep, summary
from api.routes import rehearse as rehearse_routes
from api.routes.docs import mount_docs
from api.security import Authenticator, AuthMiddleware
from api.web import WebAuthenticator, install_web
from coach import __version__
from coach.logging import configure_logging, quiet_threads, safe_traceback
from coach.service import Coach, build_coach, check_data_files, load_retriever, load_settled
from coach.settings import Settings, get_settings

log = logging.getLogger(__name__)
INDEX_THREAD = "mus-coach-index"
_builds = itertools.count(1)  # one thread name per app, so quieting one build spares others

DESCRIPTION = """\
Coach for Danish MUS conversations (medarbejderudviklingssamtale): guidance search, feedback
analysis and rephrasing, SMART goal checks, preparation questions and the summary after the MUS
(referat, agreed goals, to-dos and a follow-up calendar). Danish first, English equal.

**Access.** When API keys are configured, send one as `Authorization: Bearer <key>` or
`X-API-Key: <key>`. Scope `coach` opens the coaching and search endpoints, scope `admin`
also opens knowledge administration. `/healthz` and `/readyz` are always open.

**Engines.** Every coaching answer says which engine wrote it. `engine: "rules"` is the
built-in rules engine: deterministic, offline, no model involved. `engine: "llm"` means a
language model wrote the text (AI-generated content in the sense of the EU AI Act, art. 50):
the coach has checked it (no judging words, no invented facts, the user's facts kept, the
request's language) but a person should read it before using it, and clients that show it to
end users should label it as AI-generated. `degraded: true` means the model's draft failed
those checks or the model could not be reached, so the rules engine answered instead.

**Errors** are `application/problem+json` (RFC 9457) with a `request_id`; every response
carries `X-Request-ID`. Bodies over 64 KiB are refused with 413, over-long fields with 422,
too many requests with 429 and a `Retry-After` header.
"""


def _report_failed_build(task: asyncio.Future[None]) -> None:
    # Otherwise a failed build only shows as /readyz answering 503 forever.
    if not task.cancelled() and task.exception() is not None:
        log.error("the knowledge index failed to load; /readyz stays 503",
                  extra={"exc": safe_traceback(task.exception())})  # type: ignore[arg-type]


def create_app(settings: Settings | None = None, coach: Coach | None = None, *,
               settle: bool = False) -> FastAPI:
    """Build the API. Settings are read from the environment unless given.

    `settle`: once the index is loaded, exempt what is loaded from garbage collection
    (`coach.service.settle_heap`); for a serving process, not for tests that build many apps.

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
        pool = None
        if not coach.ready:
            # Load in a thread so /healthz answers (and /readyz says 503) while the index builds.
            name = f"{INDEX_THREAD}-{next(_builds)}"
            pool = ThreadPoolExecutor(1, thread_name_prefix=name)
            load = load_settled if settle else load_retriever
            task = asyncio.get_running_loop().run_in_executor(pool, load, coach)
            task.add_done_callback(_report_failed_build)
            app.state.index_task = task
        async with mcp_sessions(app):
            yield
        if pool is not None:
            # A build still running at shutdown is abandoned: nothing waits for it and it logs
            # nothing more (the process still lets it finish writing before it exits).
            if not app.state.index_task.done():
                quiet_threads(f"{name}_")  # the pool names its thread <prefix>_0
                app.state.index_task.cancel()
            pool.shutdown(wait=False)
        coach.close()  # the worker threads (a later request would start new ones)

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
    app.include_router(rehearse_routes.router)
    app.include_router(knowledge.router)
    app.include_router(metrics.router)
    # Feature routers: every path outside api.security.OPEN_PATHS needs a key (coach scope,
    # admin for /v1/knowledge); nothing to add per router.
    install_mcp(app, coach, settings)  # /mcp: the same tools for AI assistants (api/mcp)

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
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID",
                           "Mcp-Protocol-Version"],
            expose_headers=["X-Request-ID", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(HeaderLimitMiddleware, settings=settings)  # before anything reads them
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics, settings=settings)
    return app


def create_served_app() -> FastAPI:
    """The app `mus-coach serve` runs (uvicorn's factory): `create_app` with a settled heap."""
    return create_app(settle=True)
