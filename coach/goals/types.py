"""The SMART check's types: criteria, the check's answer and what the LLM must return."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from coach.language import Language
from coach.types import Engine, RedactedKind, SourceRef, redacted_field

CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
REQUIRED = ("specific", "measurable", "time_bound")


class Criterion(BaseModel):
    """One SMART criterion."""

    met: bool | None = Field(description="true/false, or null when it cannot be judged.")
    evidence: list[str] = Field(description="Phrases from the goal or context that decided it.")
    advice: str = Field(description="What to do next, in the request's language.")


class Criteria(BaseModel):
    """The five SMART criteria."""

    specific: Criterion
    measurable: Criterion
    achievable: Criterion
    relevant: Criterion
    time_bound: Criterion


class GoalCheck(BaseModel):
    """Body of `POST /v1/goals/check`."""

    language: Language
    criteria: Criteria
    deadline: date | None = Field(description="The resolved deadline (ISO date) or null.")
    is_smart: bool = Field(description="S, M and T met, and A and R not false.")
    suggestion: str = Field(description="The goal rewritten to meet the missing criteria; "
                            "[placeholders] mark what only the user can decide.")
    questions: list[str] = Field(description="Up to three questions that fill the placeholders.")
    sources: list[SourceRef] = Field(default_factory=list)
    engine: Engine = "rules"
    degraded: bool = False
    redacted: list[RedactedKind] = redacted_field()


class Judgement(BaseModel):
    """The LLM's view on achievable or relevant, with its reason."""

    met: bool | None = None
    advice: str = Field("", max_length=600)


class GoalDraft(BaseModel):
    """What the LLM returns for `goal_suggest`."""

    suggestion: str = Field(min_length=1, max_length=2000)
    questions: list[str] = Field(default_factory=list, max_length=3)
    achievable: Judgement | None = None
    relevant: Judgement | None = None
