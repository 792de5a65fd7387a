"""`POST /v1/feedback/rehearse` (logic in `coach.rehearsal`)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ReadyCoachDep
from api.schemas import FeedbackRehearseRequest
from coach.rehearsal import RehearsalResult, Turn

router = APIRouter(prefix="/v1/feedback", tags=["feedback"])


@router.post("/rehearse", response_model=RehearsalResult,
             responses={422: {"description": "Invalid feedback, history, persona, language "
                                             "or names"},
                        503: {"description": "Knowledge index not loaded yet"}})
async def rehearse(body: FeedbackRehearseRequest, coach: ReadyCoachDep) -> RehearsalResult:
    """Say a line of feedback and hear the employee's reply, with a coach tip on the line.

    The employee answers in the chosen persona and reacts to what the line does: judging
    wording draws a hurt or defensive reply, a concrete, behaviour-focused line an engaged
    one. Nothing is stored: send the earlier turns in `history` every time. Uses the LLM when
    one is configured (falling back to the rules engine with `degraded: true`).
    """
    history = [Turn(role=t.role, text=t.text) for t in body.history]
    return await coach.rehearse_feedback(body.feedback, history=history, persona=body.persona,
                                         language=body.language, names=body.names)
