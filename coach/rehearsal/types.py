"""The rehearsal feature's types: turns, personas, what the manager did, and the answer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from coach.feedback.types import FeedbackAnalysis
from coach.language import Language
from coach.types import Engine, SourceRef

Persona = Literal["open", "defensive", "surprised", "quiet", "upset"]
PERSONAS: tuple[Persona, ...] = ("open", "defensive", "surprised", "quiet", "upset")
Role = Literal["manager", "employee"]
# What the manager's line does, as the rules engine reads it (coach.rehearsal.moves).
Move = Literal["judging", "acknowledgement", "concrete", "question", "request", "praise",
               "neutral"]
# How the employee answers it: hurt or defensive at a judgement, engaged at a concrete line.
Reaction = Literal["defensive", "engaged", "answer", "softened", "agreeing", "pleased",
                   "unsure"]
REACTIONS: dict[Move, Reaction] = {
    "judging": "defensive", "acknowledgement": "softened", "concrete": "engaged",
    "question": "answer", "request": "agreeing", "praise": "pleased", "neutral": "unsure",
}


class Turn(BaseModel):
    """One earlier line of the conversation."""

    role: Role = Field(description="Who said it: the manager (the user) or the employee.")
    text: str


class RehearsalResult(BaseModel):
    """Result of `POST /v1/feedback/rehearse`."""

    language: Language
    persona: Persona
    reply: str = Field(description="What the employee says next (at most three sentences).")
    coach_tip: str = Field(description="Coaching on the manager's line: what worked, what to "
                           "try instead, with the guidance it rests on.")
    analysis: FeedbackAnalysis = Field(description="The analysis of `feedback`, as "
                                       "`POST /v1/feedback/analyze` returns it.")
    sources: list[SourceRef]
    engine: Engine
    degraded: bool
    move: Move = Field(description="What the manager's line does, as the coach read it.")
    reaction: Reaction = Field(description="How the employee's reply reacts to it.")
