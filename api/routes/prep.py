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

    The set opens with the purpose and a look back and closes with agreements and follow-up;
    each concrete interest, worry or change `context` names gets a question that quotes it.
    Without `topics` the coach picks the topics from `context` and adds the core ones (work
    situation, expectations and goals, development, feedback) where `count` leaves room. A
    manager's questions are marked `kind` "ask" or "prepare"; `note` says why fewer than
    `count` came back.
    """
    return await coach.prep_questions(body.role, topics=body.topics, context=body.context,
                                      language=body.language, count=body.count, names=body.names)
