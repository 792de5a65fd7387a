"""Request models with the contract's limits (`../shared/CONTRACT.md`).

Every field is checked by the function in `coach.limits` / `coach.language` that the features,
the web pages and the CLI use, so a rule and its wording exist once: pydantic parses the type,
and anything it refuses gets that rule's message too (`checked_by`), never pydantic's own.
`api/problems.py` turns the resulting `InputError` into the 422 body.

Texts are validated, not replaced: the limits count trimmed characters, but the value stays as
sent, so answer offsets (`start`/`end`) index the text the caller sent. JSON Schema's
`maxLength` counts untrimmed characters, so text fields declare `minLength` only and carry the
trimmed limit as `x-trimmed-max-length`.

Responses live in `coach/` next to the logic, except where the contract's shape differs from the
domain model (guidance search returns passages without `doc_id`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from coach.errors import InputError
from coach.language import check_language
from coach.limits import (
    INVALID,
    MAX_COUNT,
    MAX_K,
    MAX_NAME_CHARS,
    MAX_NAMES,
    MAX_TEXT,
    check_audience,
    check_date,
    check_names,
    check_number,
    check_role,
    check_text,
    check_topic,
    check_topics,
)
from coach.taxonomy import TOPIC_SLUGS

TRIMMED_MAX = "x-trimmed-max-length"


def checked_by(check: Callable[[Any, str], Any], *, raw: bool = False) -> WrapValidator:
    """A validator that runs `check(value, field)` from coach.limits on the field's value.

    Pydantic parses first (a query's "5" becomes 5); when it refuses the value, `check` sees
    the raw value and raises its own `InputError`, so the caller reads the rule's wording.
    With `raw`, `check` alone decides on the value as sent (dates: pydantic would also take
    timestamps, the contract says YYYY-MM-DD).
    """
    def validate(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        field = info.field_name or "body"
        if raw:
            return check(value, field)
        try:
            parsed = handler(value)
        except ValidationError:
            check(value, field)
            raise InputError(field, INVALID) from None  # `check` took what pydantic refused
        return check(parsed, field)

    return WrapValidator(validate)


def text_rule(limit: int, *, optional: bool = False) -> WrapValidator:
    """The check of a free-text field: 1-`limit` characters after trimming (None if `optional`)."""
    def check(value: Any, field: str) -> str | None:
        if optional and value is None:
            return None
        return check_text(value, field, limit=limit)

    return checked_by(check)


def text_schema(limit: int) -> Any:
    """The JSON Schema of a free-text field (`Annotated[str, text_schema(limit)]`)."""
    return Field(json_schema_extra={"minLength": 1, TRIMMED_MAX: limit})


def _language(value: Any, field: str) -> str | None:
    return check_language(value)


def _whole_number(low: int, high: int) -> Callable[[Any, str], int]:
    return lambda value, field: check_number(value, field, low, high)


# Free text fields: 1-4000 characters after trimming, kept as sent.
# A new text field with another limit: `Annotated[str, text_schema(N), text_rule(N)]`.
Text = Annotated[str, text_schema(MAX_TEXT), text_rule(MAX_TEXT)]
OptionalText = Annotated[Annotated[str, text_schema(MAX_TEXT)] | None,
                         text_rule(MAX_TEXT, optional=True)]
LanguageField = Annotated[Literal["da", "en"] | None, checked_by(_language)]
Names = Annotated[
    list[Annotated[str, Field(json_schema_extra={"minLength": 1, TRIMMED_MAX: MAX_NAME_CHARS})]],
    Field(json_schema_extra={"maxItems": MAX_NAMES},
          description="Person names that must never reach an external model (replaced by "
          f"placeholders); at most {MAX_NAMES}, each 1-{MAX_NAME_CHARS} characters."),
    checked_by(lambda value, field: check_names(value)),
]


class PrepRequest(BaseModel):
    """Body of `POST /v1/prep/questions`."""

    role: Annotated[Literal["employee", "manager"], checked_by(
        lambda value, field: check_role(value))] = Field(description="Who prepares.")
    language: LanguageField = Field(
        None, description="Answer language; detected from `context` when absent, else Danish.")
    topics: Annotated[list[str] | None, checked_by(check_topics)] = Field(
        None, max_length=len(TOPIC_SLUGS),
        description="Taxonomy slugs; absent = chosen from the context plus the core topics.")
    context: OptionalText = Field(
        None, description="The situation in a few words (1-4000 chars).")
    count: Annotated[int, Field(ge=1, le=MAX_COUNT), checked_by(_whole_number(1, MAX_COUNT))] = \
        Field(10, description="Number of questions.")
    names: Names = Field(default_factory=list)


# --- Guidance search (`GET /v1/guidance/search`) ---------------------------------------------

class GuidanceQuery(BaseModel):
    """Query parameters of `GET /v1/guidance/search`."""

    q: Text = Field(description="What to look for, Danish or English (1-4000 characters).")
    k: Annotated[int, Field(ge=1, le=MAX_K), checked_by(_whole_number(1, MAX_K))] = Field(
        5, description="Number of results.")
    topic: Annotated[str | None, checked_by(check_topic)] = Field(
        None, description="Only passages with this taxonomy slug.")
    audience: Annotated[Literal["employee", "manager", "both"] | None,
                        checked_by(check_audience)] = Field(
        None, description="employee/manager also return passages written for both; "
        "both returns only those.")
    language: LanguageField = Field(
        None, description="Results in this language first (the other fills in when nothing "
        "fits); absent = the query's language is preferred.")


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
    language: LanguageField = Field(
        None, description="da or en; detected from `text` when absent.")
    names: Names = Field(default_factory=list)


class FeedbackRephraseRequest(BaseModel):
    """Body of `POST /v1/feedback/rephrase`."""

    text: Text = Field(description="The feedback to rephrase (1-4000 characters).")
    context: OptionalText = Field(
        None, description="Background: what happened, when, who was there (1-4000 chars).")
    language: LanguageField = Field(
        None, description="da or en; detected from `text` when absent.")
    names: Names = Field(default_factory=list)


# --- Rehearsal (`POST /v1/feedback/rehearse`) -------------------------------------------------

class RehearsalTurn(BaseModel):
    """One earlier line of the rehearsed conversation."""

    role: Literal["manager", "employee"] = Field(
        description="Who said it: the manager (the user) or the employee (the coach's replies).")
    text: Text = Field(description="What was said (1-4000 characters).")


class FeedbackRehearseRequest(BaseModel):
    """Body of `POST /v1/feedback/rehearse`."""

    feedback: Text = Field(description="The manager's latest line (1-4000 characters).")
    history: list[RehearsalTurn] = Field(
        default_factory=list, max_length=20,
        description="The earlier turns, oldest first, at most 20. Nothing is stored: send the "
        "conversation so far every time.")
    persona: Literal["open", "defensive", "surprised", "quiet", "upset"] = Field(
        "open", description="How the employee reacts: open, defensive, surprised, quiet or "
        "upset.")
    language: LanguageField | None = Field(
        None, description="da or en; detected from the manager's lines when absent.")
    names: Names = Field(default_factory=list)


# --- SMART goal check (`POST /v1/goals/check`) -----------------------------------------------

class GoalCheckRequest(BaseModel):
    """Body of `POST /v1/goals/check`."""

    goal: Text = Field(description="The goal as written (1-4000 characters).")
    context: OptionalText = Field(
        None, description="Role, team goals, resources (1-4000 chars); lets the coach judge "
        "achievable and relevant.")
    language: LanguageField = Field(
        None, description="da or en; detected from `goal` when absent.")
    # pydantic would also take timestamps and datetimes; the contract says YYYY-MM-DD.
    today: Annotated[date | None, checked_by(check_date, raw=True)] = Field(
        None, description="YYYY-MM-DD that relative deadlines resolve against; default: the "
        "server's date.")
    names: Names = Field(default_factory=list)
