"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import problems
from api.routes import health
from coach import __version__
from coach.service import Coach, build_coach, load_retriever
from coach.settings import Settings, get_settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, coach: Coach | None = None) -> FastAPI:
    """Build the API. Settings are read from the environment unless given."""
    settings = settings or get_settings()
    coach = coach or build_coach(settings, load_index=False)

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
        description="Coach for Danish MUS conversations: guidance search, feedback rephrasing, "
        "SMART goal checks and preparation questions. Danish first, English equal.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.coach = coach
    problems.install(app)
    app.include_router(health.router)
    return app
