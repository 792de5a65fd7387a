"""`POST /v1/feedback/analyze` and `/v1/feedback/rephrase` (logic in `coach.feedback.analyzer`,
`coach.feedback.rephrase`)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CoachDep, ReadyCoachDep
from api.schemas import FeedbackAnalyzeRequest, FeedbackRephraseRequest
from coach.feedback import FeedbackAnalysis, RephraseResult

router = APIRouter(prefix="/v1/feedback", tags=["feedback"])


@router.post("/analyze", response_model=FeedbackAnalysis,
             responses={422: {"description": "Invalid text, language or names"}})
async def analyze(body: FeedbackAnalyzeRequest, coach: CoachDep) -> FeedbackAnalysis:
    """Find labels, generalizations and attributions (with character spans) and strengths.

    Answers without the knowledge index, so it works while the service is still starting.
    """
    return await coach.analyze_feedback(body.text, language=body.language, names=body.names)


@router.post("/rephrase", response_model=RephraseResult,
             responses={422: {"description": "Invalid text, context, language or names"},
                        503: {"description": "Knowledge index not loaded yet"}})
async def rephrase(body: FeedbackRephraseRequest, coach: ReadyCoachDep) -> RephraseResult:
    """Rewrite feedback as situation-behaviour-impact-request suggestions.

    Uses the LLM when one is configured (falling back to the rules engine with
    `degraded: true` when its output fails the checks), else the rules engine.
    """
    return await coach.rephrase_feedback(body.text, context=body.context,
                                         language=body.language, names=body.names)
