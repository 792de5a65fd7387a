"""Small types shared by every coaching feature's response."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Engine = Literal["llm", "rules"]
# Which kinds of personal data were replaced by placeholders before the text went to a model.
RedactedKind = Literal["person", "cpr", "email", "phone", "iban", "account"]


def redacted_field() -> Any:
    """The `redacted` field of a response that may have asked a model (default: empty)."""
    return Field(default_factory=list, description="Kinds of personal data hidden from the model "
                 "before the text left (person, cpr, email, phone, iban, account); empty when no "
                 "model was asked or nothing was hidden.")


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
