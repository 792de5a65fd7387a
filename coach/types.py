"""Small types shared by every coaching feature's response."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Engine = Literal["llm", "rules"]


class SourceRef(BaseModel):
    """A knowledge passage (or question-bank entry) an answer rests on."""

    id: str
    title: str
    topic: str


class EngineInfo(BaseModel):
    """Which engine answered, and whether the LLM path failed and the rules engine took over."""

    engine: Engine = "rules"
    degraded: bool = Field(False, description="True when an LLM was configured but its output "
                           "was rejected or unavailable, so the rules engine answered.")
