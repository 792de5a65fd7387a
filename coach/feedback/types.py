"""The feedback feature's types: findings, the analysis, SBI suggestions and the rephrasing."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from coach.language import Language
from coach.types import Engine, RedactedKind, SourceRef, redacted_field

Category = Literal["label", "generalization", "attribution"]
Style = Literal["sbi", "question", "short"]


class Finding(BaseModel):
    """One person-directed passage of the text."""

    category: Category
    start: int = Field(description="Character offset into the text where the passage starts.")
    end: int = Field(description="Character offset where it ends; excerpt == text[start:end].")
    excerpt: str
    explanation: str


class FeedbackAnalysis(BaseModel):
    """Result of `POST /v1/feedback/analyze`."""

    language: Language
    person_directed: bool
    findings: list[Finding]
    strengths: list[str]
    engine: Engine = Field(default="rules", description=(
        "'llm' when a configured model gave its second opinion (it may only add findings), "
        "'rules' for the rules and the learned detector alone."))
    degraded: bool = Field(default=False, description=(
        "True when a model is configured but its second opinion failed or was rejected."))
    redacted: list[RedactedKind] = redacted_field()


class SBISuggestion(BaseModel):
    """One rephrased version: the full text and its situation-behaviour-impact-request parts."""

    text: str
    situation: str
    behaviour: str
    impact: str
    request: str
    style: Style = Field(
        "sbi", description="How the suggestion is written: `sbi` a full situation-behaviour-"
        "impact-request statement, `question` opens by asking for the employee's view, `short` "
        "a brief version for a chat message.")


class RephraseResult(BaseModel):
    """Result of `POST /v1/feedback/rephrase`."""

    language: Language
    analysis: FeedbackAnalysis
    suggestions: list[SBISuggestion]
    explanation: str
    sources: list[SourceRef]
    engine: Engine
    degraded: bool
    redacted: list[RedactedKind] = redacted_field()
