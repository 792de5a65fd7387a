"""Preparation questions' types: the answer, and the rules engine's plan the LLM adapts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from coach.knowledge.types import Hit
from coach.language import Language
from coach.types import Engine, RedactedKind, SourceRef, redacted_field

Role = Literal["employee", "manager"]
ROLES: tuple[Role, ...] = ("employee", "manager")


class PrepQuestion(BaseModel):
    """One question to bring to the meeting."""

    text: str
    why: str = Field(description="Why the question is worth asking, in one short sentence.")
    source_ids: list[str] = Field(description="Bank entries and passages the question rests on.")


class PrepSection(BaseModel):
    """The questions on one topic."""

    topic: str
    title: str
    questions: list[PrepQuestion]


class PrepResult(BaseModel):
    """The answer of `POST /v1/prep/questions`."""

    language: Language
    role: Role
    sections: list[PrepSection]
    sources: list[SourceRef]
    engine: Engine = "rules"
    degraded: bool = Field(False, description="True when an LLM is configured and at least one "
                           "question had to come unchanged from the bank (or all of them did).")
    redacted: list[RedactedKind] = redacted_field()


@dataclass
class Pick:
    """A chosen question with the bank entry (or fallback) behind it."""

    topic: str
    text: str
    why: str
    source_ids: list[str]
    bank_id: str | None = None
    pinned: bool = False  # the manager's "what can I do differently" question


@dataclass
class Plan:
    """The rules engine's answer before it becomes a `PrepResult` (the LLM adapts it)."""

    role: Role
    language: Language
    context: str | None
    sections: list[tuple[str, list[Pick]]]
    spares: dict[str, list[Pick]] = field(default_factory=dict)
    passages: dict[str, Hit] = field(default_factory=dict)  # id -> passage, for sources

    def picks(self) -> list[Pick]:
        """Every chosen question in order."""
        return [p for _, picks in self.sections for p in picks]
