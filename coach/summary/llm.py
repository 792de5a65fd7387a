"""The LLM path of the summary: the model writes each section's prose; the rules keep the facts.

Goals, to-dos, owners, dates and follow-ups always come from the rules engine, with offsets into
the notes. The model only turns each topic's points into a short paragraph, and a paragraph is
used only when every fact in it (numbers, dates, names: `coach.llm.checks.ungrounded`) occurs in
that topic's own points, it is in the notes' language and names a topic it was given. One retry
with the complaints; a section whose paragraph still fails keeps its bullet points.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from coach.llm.backend import ChatBackend
from coach.llm.checks import language_complaints, ungrounded
from coach.llm.draft import draft
from coach.summary.types import Section, SummaryResult

log = logging.getLogger(__name__)
_REDACTED = re.compile(r"\[(?:PERSON|CPR|EMAIL|PHONE)_\d+\]")

TEMPLATE = "summary_referat"
MAX_PROSE_CHARS = 1200


class SectionProse(BaseModel):
    """One topic's paragraph as the model returns it."""

    topic: str = Field(description="The topic's slug, exactly as given.")
    text: str = Field(min_length=1, max_length=MAX_PROSE_CHARS,
                      description="One to three neutral sentences.")


class ReferatProse(BaseModel):
    """The model's whole answer."""

    sections: list[SectionProse]


def complaints(prose: SectionProse, sections: dict[str, Section], language: str) -> list[str]:
    """What is wrong with one paragraph (empty when it may be used)."""
    section = sections.get(prose.topic)
    if section is None:
        return [f"Topic '{prose.topic}' was not given; use the given slugs only."]
    problems = language_complaints(prose.text, language)
    if _REDACTED.search(prose.text):  # restored already: this one stands for nobody
        problems.append("It uses a placeholder such as [PERSON_1] that is not in the points.")
    invented = ungrounded(prose.text, section.title, *(p.text for p in section.points))
    if invented:
        problems.append(f"The paragraph for '{prose.topic}' states facts that are not in its "
                        f"points ({', '.join(invented)}); remove them.")
    return problems


class _Checker:
    """The `validate` callback: every complaint on the first answer, none on the second, so a
    retry that fixes some paragraphs keeps those and drops only the rest."""

    def __init__(self, sections: dict[str, Section], language: str) -> None:
        self.sections = sections
        self.language = language
        self.calls = 0

    def __call__(self, value: ReferatProse) -> list[str]:
        self.calls += 1
        if self.calls > 1:
            return []
        found = [c for p in value.sections for c in complaints(p, self.sections, self.language)]
        missing = [t for t in self.sections if t not in {p.topic for p in value.sections}]
        if missing:
            found.append(f"Write a paragraph for every topic; missing: {', '.join(missing)}.")
        return found


def _variables(result: SummaryResult) -> dict[str, Any]:
    return {"language": result.language,
            "sections": [{"topic": s.topic, "title": s.title, "points": [p.text for p in s.points]}
                         for s in result.sections]}


async def write_prose(result: SummaryResult, backend: ChatBackend,
                      names: Sequence[str] = ()) -> SummaryResult:
    """`result` with each section's `summary` written by the model where it passes the checks.

    Args:
        result: The rules engine's answer (also the fallback for every section).
        backend: A `coach.llm.backend.ChatBackend`.
        names: Person names the model must never see (the participants' too).
    """
    if not result.sections:
        return result
    by_topic = {s.topic: s for s in result.sections}
    checker = _Checker(by_topic, result.language)
    outcome = await draft(backend, template=TEMPLATE, variables=_variables(result),
                          schema=ReferatProse, validate=checker, names=names)
    if outcome.value is None:
        return result.model_copy(update={"engine": "rules", "degraded": outcome.degraded})
    kept = 0
    for prose in outcome.value.sections:
        section = by_topic.get(prose.topic)
        if section is not None and section.summary is None \
                and not complaints(prose, by_topic, result.language):
            section.summary = prose.text.strip()
            kept += 1
    dropped = len(by_topic) - kept
    if dropped:
        log.info("summary: %d of %d section paragraphs kept as bullet points", dropped,
                 len(by_topic))
    return result.model_copy(update={"engine": "llm" if kept else "rules",
                                     "degraded": bool(dropped)})
