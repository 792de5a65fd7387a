"""`GET /v1/guidance/search`: built-in and organisation guidance (`coach.knowledge`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ReadyCoachDep
from api.schemas import GuidanceQuery, GuidanceResponse, GuidanceResult

router = APIRouter(prefix="/v1/guidance", tags=["guidance"])


@router.get("/search", response_model=GuidanceResponse,
            responses={422: {"description": "Invalid q, k, topic, audience or language"},
                       503: {"description": "Knowledge index not loaded yet"}})
async def search_guidance(params: Annotated[GuidanceQuery, Query()],
                          coach: ReadyCoachDep) -> GuidanceResponse:
    """Guidance passages for a question, best first.

    Danish and English passages are searched together: an explicit `language` puts that language
    first, and the other language fills in when nothing fits.
    """
    hits = await coach.search_guidance(params.q, params.k, topic=params.topic,
                                       audience=params.audience, language=params.language)
    return GuidanceResponse(results=[GuidanceResult.model_validate(h.model_dump()) for h in hits])
