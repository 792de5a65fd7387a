"""The LLM path of the rehearsal (prompts `feedback_rehearse.*.j2`).

The model plays the persona and coaches the manager in one answer. The reply must pass
`coach.rehearsal.checks` (length, language, the employee's voice, no facts beyond the
conversation, no abuse, no repeat) and react to judging wording as judging; the tip must quote
every judging wording and cite only the passages it was given. Otherwise `draft` re-asks once
and then the rules engine answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from coach.feedback import FeedbackAnalysis
from coach.knowledge.types import Hit
from coach.language import Language
from coach.llm.backend import ChatBackend
from coach.llm.checks import uncited
from coach.llm.draft import DraftOutcome, draft
from coach.rehearsal.checks import reply_complaints, tip_complaints
from coach.rehearsal.moves import Line
from coach.rehearsal.types import Persona, Reaction, Turn

TEMPLATE = "feedback_rehearse"


class LLMRehearsal(BaseModel):
    """What the model must answer with."""

    reply: str = Field(min_length=1, description="The employee's next line.")
    reaction: Reaction
    coach_tip: str = Field(min_length=1, description="Coaching on the manager's latest line.")
    cited_ids: list[str] = Field(default_factory=list,
                                 description="Ids of the guidance passages used.")


async def draft_rehearsal(backend: ChatBackend | None, *, feedback: str, line: Line,
                          analysis: FeedbackAnalysis, history: Sequence[Turn],
                          persona: Persona, language: Language, hits: Sequence[Hit],
                          names: Sequence[str]) -> DraftOutcome[LLMRehearsal]:
    """Ask the model for the reply and the tip; `value` is None when the rules must answer."""
    conversation = [feedback, *(t.text for t in history)]
    said = [t.text for t in history if t.role == "employee"]
    ids = [h.id for h in hits]

    def validate(value: LLMRehearsal) -> list[str]:
        complaints = reply_complaints(value.reply, language, conversation, said)
        if line.judging and value.reaction != "defensive":
            complaints.append("The manager's line judges the person; the employee reacts to "
                              "that wording (hurt or defensive, reaction \"defensive\").")
        complaints += tip_complaints(value.coach_tip, analysis.findings)
        bad = uncited(value.cited_ids, ids)
        if bad:
            complaints.append("Cite only the ids of the given passages; unknown: "
                              + ", ".join(bad))
        return complaints

    return await draft(
        backend, template=TEMPLATE, schema=LLMRehearsal, validate=validate, names=names,
        variables={
            "feedback": feedback, "language": language, "persona": persona,
            "history": [{"role": t.role, "text": t.text} for t in history],
            "move": line.move,
            "findings": [f.model_dump(include={"category", "excerpt"})
                         for f in analysis.findings],
            "strengths": analysis.strengths,
            "passages": [{"id": h.id, "title": h.title, "text": h.text} for h in hits],
        },
    )
