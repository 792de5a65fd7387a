"""`POST /v1/goals/check`: SMART check of a goal (logic in `coach.goals.check`)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ReadyCoachDep
from api.schemas import GoalCheckRequest
from coach.goals import GoalCheck

router = APIRouter(prefix="/v1/goals", tags=["goals"])


@router.post("/check", response_model=GoalCheck,
             responses={422: {"description": "Invalid goal, context, language, today or names"},
                        503: {"description": "Knowledge index not loaded yet"}})
async def check(body: GoalCheckRequest, coach: ReadyCoachDep) -> GoalCheck:
    """Judge a goal against SMART, resolve its deadline and suggest a SMART version.

    Specific, measurable and time-bound are always decided, with the phrases that decided them;
    achievable and relevant are null unless `context` lets the coach judge them.
    """
    return await coach.check_goal(body.goal, context=body.context, language=body.language,
                                  today=body.today, names=body.names)
