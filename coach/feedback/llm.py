"""The LLM path of feedback rephrasing (prompts `feedback_rephrase.*.j2`).

The model gets the analyzer's findings and the retrieved feedback guidance. Every suggestion
must then pass the same checks as the rules engine's (`coach.feedback.checks`) and cite only the
passages it was given, or `draft` re-asks once and then hands over to the rules engine.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from coach.feedback.analyzer import FeedbackAnalyzer, Scan
from coach.feedback.checks import suggestion_complaints
from coach.feedback.types import FeedbackAnalysis, SBISuggestion
from coach.knowledge.types import Hit
from coach.llm.backend import ChatBackend
from coach.llm.checks import uncited
from coach.llm.draft import DraftOutcome, draft

TEMPLATE = "feedback_rephrase"


class LLMRephrase(BaseModel):
    """What the model must answer with."""

    suggestions: list[SBISuggestion] = Field(min_length=1, max_length=3)
    explanation: str = Field(min_length=1)
    cited_ids: list[str] = Field(default_factory=list,
                                 description="Ids of the guidance passages used.")


async def draft_rephrase(backend: ChatBackend | None, scan: Scan, analysis: FeedbackAnalysis,
                         context: str | None, hits: Sequence[Hit], analyzer: FeedbackAnalyzer,
                         names: Sequence[str]) -> DraftOutcome[LLMRephrase]:
    """Ask the model for suggestions; `value` is None when the rules engine must answer."""
    sources = "\n".join([scan.text, context or ""])
    ids = [h.id for h in hits]

    def validate(value: LLMRephrase) -> list[str]:
        complaints: list[str] = []
        for n, s in enumerate(value.suggestions, 1):
            complaints += [f"Suggestion {n}: {c}"
                           for c in suggestion_complaints(s, scan, sources, analyzer, names)]
        bad = uncited(value.cited_ids, ids)
        if bad:
            complaints.append("Cite only the ids of the given passages; unknown: "
                              + ", ".join(bad))
        return complaints

    return await draft(
        backend, template=TEMPLATE, schema=LLMRephrase, validate=validate, names=names,
        variables={
            "text": scan.text, "context": context or "", "language": scan.language,
            "findings": [f.model_dump(include={"category", "excerpt", "explanation"})
                         for f in analysis.findings],
            "strengths": analysis.strengths,
            "passages": [{"id": h.id, "title": h.title, "text": h.text} for h in hits],
        },
    )
