"""`POST /v1/prep/questions`: preparation questions for a MUS (logic in `coach.prep.plan`)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ReadyCoachDep
from api.schemas import PrepRequest
from coach.prep import PrepResult

router = APIRouter(prefix="/v1/prep", tags=["prep"])


@router.post("/questions", response_model=PrepResult,
             responses={422: {"description": "Invalid role, topic, context, count or language"},
                        503: {"description": "Knowledge index not loaded yet"}})
async def prep_questions(body: PrepRequest, coach: ReadyCoachDep) -> PrepResult:
    """Open questions to bring to a MUS, in sections ordered the way the meeting runs.

    Without `topics` the coach picks topics from `context` and always includes the core ones
    (work situation, expectations and goals, development, feedback).
    """
    return await coach.prep_questions(body.role, topics=body.topics, context=body.context,
                                      language=body.language, count=body.count, names=body.names)
