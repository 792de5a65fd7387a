"""Request models with the contract's limits (`../shared/CONTRACT.md`).

Responses live in `coach/` next to the logic, except where the contract's shape differs from the
domain model (guidance search returns passages without `doc_id`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, ValidationInfo, field_validator

from coach.limits import MAX_NOTES
from coach.taxonomy import TOPIC_SLUGS

LanguageField = Literal["da", "en"]
# Free text fields: 1-4000 characters after trimming.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Names = Annotated[list[Name], Field(max_length=20, description="Person names that must never "
                                    "reach an external model (replaced by placeholders).")]


class PrepRequest(BaseModel):
    """Body of `POST /v1/prep/questions`."""

    role: Literal["employee", "manager"] = Field(description="Who prepares.")
    language: LanguageField | None = Field(
        None, description="Answer language; detected from `context` when absent, else Danish.")
    topics: list[str] | None = Field(
        None, max_length=len(TOPIC_SLUGS),
        description="Taxonomy slugs; absent = chosen from the context plus the core topics.")
    context: Text | None = Field(None, description="The situation in a few words (1-4000 chars).")
    count: int = Field(10, ge=1, le=30, description="Number of questions.")
    names: Names = Field(default_factory=list)

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(t not in TOPIC_SLUGS for t in value):
            raise ValueError(f"unknown topic; use slugs from: {', '.join(TOPIC_SLUGS)}")
        return value


# --- Guidance search (`GET /v1/guidance/search`) ---------------------------------------------

class GuidanceQuery(BaseModel):
    """Query parameters of `GET /v1/guidance/search`."""

    q: Text = Field(description="What to look for, Danish or English (1-4000 characters).")
    k: int = Field(5, ge=1, le=20, description="Number of results.")
    topic: str | None = Field(None, description="Only passages with this taxonomy slug.")
    audience: Literal["employee", "manager", "both"] | None = Field(
        None, description="employee/manager also return passages written for both; "
        "both returns only those.")
    language: LanguageField | None = Field(
        None, description="Results in this language first (the other fills in when nothing "
        "fits); absent = the query's language is preferred.")

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, value: str | None) -> str | None:
        if value is not None and value not in TOPIC_SLUGS:
            raise ValueError(f"unknown topic; use one of: {', '.join(TOPIC_SLUGS)}")
        return value


class GuidanceResult(BaseModel):
    """One guidance passage, as the contract lists it."""

    id: str = Field(description="Stable passage id `<doc-id>:<sha256(text)[:8]>`.")
    title: str
    topic: str
    audience: Literal["employee", "manager", "both"]
    language: LanguageField
    source: Literal["builtin", "org"]
    text: str
    score: float = Field(description="Relevance, higher is better; results are sorted by it.")


class GuidanceResponse(BaseModel):
    """Body of a guidance search: best result first."""

    results: list[GuidanceResult]


# --- Feedback (`POST /v1/feedback/analyze`, `POST /v1/feedback/rephrase`) ---------------------

class FeedbackAnalyzeRequest(BaseModel):
    """Body of `POST /v1/feedback/analyze`."""

    text: Text = Field(description="The feedback to check, Danish or English (1-4000 chars).")
    language: LanguageField | None = Field(
        None, description="da or en; detected from `text` when absent.")
    names: Names = Field(default_factory=list)


class FeedbackRephraseRequest(BaseModel):
    """Body of `POST /v1/feedback/rephrase`."""

    text: Text = Field(description="The feedback to rephrase (1-4000 characters).")
    context: Text | None = Field(
        None, description="Background: what happened, when, who was there (1-4000 chars).")
    language: LanguageField | None = Field(
        None, description="da or en; detected from `text` when absent.")
    names: Names = Field(default_factory=list)


# --- SMART goal check (`POST /v1/goals/check`) -----------------------------------------------

class GoalCheckRequest(BaseModel):
    """Body of `POST /v1/goals/check`."""

    goal: Text = Field(description="The goal as written (1-4000 characters).")
    context: Text | None = Field(
        None, description="Role, team goals, resources (1-4000 chars); lets the coach judge "
        "achievable and relevant.")
    language: LanguageField | None = Field(
        None, description="da or en; detected from `goal` when absent.")
    today: date | None = Field(
        None, description="YYYY-MM-DD that relative deadlines resolve against; default: the "
        "server's date.")
    names: Names = Field(default_factory=list)

    @field_validator("today", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        # pydantic would also take timestamps and datetimes; the contract says YYYY-MM-DD.
        if value is not None and not (isinstance(value, str)
                                      and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
            raise ValueError("today must be a date written YYYY-MM-DD")
        return value


# --- MUS summary (`POST /v1/mus/summary`) -----------------------------------------------------

def _iso_date(value: object, field: str) -> object:
    # pydantic would also take timestamps and datetimes; the contract says YYYY-MM-DD.
    if value is not None and not (isinstance(value, str)
                                  and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise ValueError(f"{field} must be a date written YYYY-MM-DD")
    return value


class SummaryRequest(BaseModel):
    """Body of `POST /v1/mus/summary`."""

    notes: str = Field(
        description="The notes from the MUS as written: bullets, half-sentences, initials "
        "(1-20000 characters after trimming; sent untrimmed so offsets point into them).",
        json_schema_extra={"minLength": 1})
    language: LanguageField | None = Field(
        None, description="da or en; detected from `notes` when absent.")
    today: date | None = Field(
        None, description="YYYY-MM-DD that relative dates resolve against when `meeting_date` "
        "is absent; default: the server's date.")
    meeting_date: date | None = Field(
        None, description="YYYY-MM-DD of the MUS; relative dates in the notes ('om 6 uger', "
        "'next week') resolve against it.")
    names: Names = Field(default_factory=list)

    @field_validator("notes")
    @classmethod
    def _notes_length(cls, value: str) -> str:
        # Counted after trimming, but returned as sent: the answer's offsets point into it.
        trimmed = value.strip()
        if not trimmed:
            raise ValueError("notes must contain at least one non-space character")
        if len(trimmed) > MAX_NOTES:
            raise ValueError(f"notes must be at most {MAX_NOTES} characters after trimming")
        return value

    @field_validator("today", "meeting_date", mode="before")
    @classmethod
    def _dates(cls, value: object, info: ValidationInfo) -> object:
        return _iso_date(value, str(info.field_name))
