"""The model's second opinion on an analysis (prompts `feedback_second_opinion.*.j2`).

With an LLM configured, the model reads the statement and the findings the rules and the
learned detector made, and may add passages they missed. It can only add: every rule finding
stays, an added excerpt must be copied exactly from the text (it becomes an exact span) and
its category must be one of the contract's. Personal data is redacted before the call, as for
every model call (`coach.llm.draft`); when the model fails or keeps answering wrongly, the
analysis stands as it was, marked `degraded`.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from coach.feedback.lexicon import messages
from coach.feedback.types import Category, FeedbackAnalysis, Finding
from coach.llm.backend import ChatBackend
from coach.llm.draft import draft

TEMPLATE = "feedback_second_opinion"


class ModelFinding(BaseModel):
    """One passage the model says judges the person."""

    category: Category
    excerpt: str = Field(min_length=1, max_length=400,
                         description="The passage, copied character for character from the text.")


class SecondOpinion(BaseModel):
    """What the model must answer with: only passages the analysis does not list yet."""

    findings: list[ModelFinding] = Field(default_factory=list, max_length=10)


def _complaints(value: SecondOpinion, text: str) -> list[str]:
    return [f"Finding {n}: the excerpt {f.excerpt!r} is not copied exactly from the text; "
            "copy the words character for character, or leave the finding out."
            for n, f in enumerate(value.findings, 1) if f.excerpt not in text]


def merge(analysis: FeedbackAnalysis, text: str, added: Sequence[ModelFinding]) -> list[Finding]:
    """The analysis's findings plus the model's new ones, by position; none is ever removed."""
    findings = list(analysis.findings)
    for f in added:
        start = text.find(f.excerpt)
        if start < 0:
            continue
        end = start + len(f.excerpt)
        if any(g.category == f.category and g.start < end and start < g.end for g in findings):
            continue  # already found: the same kind of judgement over the same words
        explanation = messages().message(f"explanations.{f.category}", analysis.language,
                                         excerpt=f.excerpt)
        findings.append(Finding(category=f.category, start=start, end=end, excerpt=f.excerpt,
                                explanation=explanation))
    return sorted(findings, key=lambda g: (g.start, g.end))


async def second_opinion(backend: ChatBackend | None, analysis: FeedbackAnalysis, text: str,
                         names: Sequence[str] = ()) -> FeedbackAnalysis:
    """`analysis` with the model's additions; unchanged (`engine: rules`) without a model."""
    outcome = await draft(
        backend, template=TEMPLATE, schema=SecondOpinion, names=names, common_checks=False,
        validate=lambda value: _complaints(value, text),
        variables={"text": text, "language": analysis.language,
                   "findings": [f.model_dump(include={"category", "excerpt"})
                                for f in analysis.findings]},
    )
    if outcome.value is None:
        return analysis.model_copy(update={"engine": "rules", "degraded": outcome.degraded})
    findings = merge(analysis, text, outcome.value.findings)
    return analysis.model_copy(update={"findings": findings, "person_directed": bool(findings),
                                       "engine": "llm", "degraded": False})
