"""The knowledge layer's types, and the one protocol every feature searches guidance through."""

from __future__ import annotations

from typing import Annotated, Literal, Protocol

from pydantic import AfterValidator, BaseModel, Field, field_validator

from coach.language import Language
from coach.taxonomy import TOPIC_SLUGS, Audience, Source


def _known_topic(value: str) -> str:
    if value not in TOPIC_SLUGS:
        raise ValueError(f"unknown topic {value!r}; use one of: {', '.join(TOPIC_SLUGS)}")
    return value


# A taxonomy slug (coach/taxonomy.py); passages and bank questions check it the same way.
Topic = Annotated[str, AfterValidator(_known_topic)]


class Passage(BaseModel):
    """One self-contained piece of guidance, built in or added by HR."""

    id: str
    doc_id: str
    title: str
    topic: Topic
    audience: Audience
    language: Language
    source: Source = "builtin"
    text: str


class Hit(Passage):
    """A passage returned by a search, with its relevance (higher is better)."""

    score: float


class BankQuestion(BaseModel):
    """An open preparation question from `coach/data/knowledge/questions/*.yaml`."""

    id: str
    topic: Topic
    audience: Literal["employee", "manager"] = Field(
        description="Who asks or reflects on the question."
    )
    language: Language
    text: str = Field(min_length=3)
    why: str = ""

    @field_validator("text")
    @classmethod
    def _is_question(cls, value: str) -> str:
        value = value.strip()
        if not value.endswith("?"):
            raise ValueError("a question must end with '?'")
        return value



class SearchesPassages(Protocol):
    """Guidance search as the features use it (`coach.knowledge.search.Retriever` is one)."""

    def search(self, query: str, k: int = 5, *, topic: str | None = None,
               audience: str | None = None, language: str | None = None,
               dense: bool = True) -> list[Hit]:
        """Best passages for `query`, best first (blocking: may embed the query)."""
        ...

    async def asearch(self, query: str, k: int = 5, *, topic: str | None = None,
                      audience: str | None = None, language: str | None = None,
                      dense: bool = True) -> list[Hit]:
        """`search` for async callers; repeated queries may be answered from memory."""
        ...
