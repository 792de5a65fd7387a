"""The LLM path of feedback rephrasing (prompts `feedback_rephrase.*.j2`).

The model gets the analyzer's findings, the facts and topics the rules engine keeps, and the
retrieved feedback guidance. Its reply is held to the rules engine's bar, field by field: every
suggestion (text and each SBI part) must pass the analyzer, invent no fact, keep every fact and
topic the rules keep, use only placeholders that ask the user something, stay within length
caps and carry a known `style`; the explanation must be in the request's language. Markup is
stripped before the checks. On a failure `draft` re-asks once, then the rules engine answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field, field_validator

from coach.feedback.analyzer import FeedbackAnalyzer, Scan
from coach.feedback.checks import kept_facts, suggestion_complaints
from coach.feedback.types import FeedbackAnalysis, SBISuggestion, Style
from coach.knowledge.types import Hit
from coach.llm.backend import ChatBackend
from coach.llm.checks import FieldPolicy, language_complaints, uncited, ungrounded
from coach.llm.draft import DraftOutcome, draft
from coach.placeholders import PLACEHOLDER

TEMPLATE = "feedback_rephrase"
PARTS = ("situation", "behaviour", "impact", "request")
# Caps on what a manager reads: a suggestion is a few sentences, a part one or two.
MAX_TEXT = 1200
MAX_PART = 600
MAX_EXPLANATION = 800
# Markdown and HTML a chat model adds out of habit; the suggestion is plain speech.
_MARKUP = [(re.compile(r"<[^>\n]{1,40}>"), ""), (re.compile(r"(\*\*|__|`+|~~)"), ""),
           (re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|>\s+)", re.MULTILINE), ""),
           (re.compile(r"(?<!\w)[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?!\w)"), r"\1")]
_REDACTION = re.compile(r"\[[A-Z]+_\d+\]")


def strip_markup(text: str) -> str:
    """Plain text: no Markdown emphasis, headings, bullets, code marks or HTML tags."""
    for pattern, repl in _MARKUP:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


class LLMSuggestion(SBISuggestion):
    """A suggestion as the model must write it: every field, `style` included."""

    style: Style = Field(description="sbi, question or short; each suggestion a different one.")

    @field_validator("text", "situation", "behaviour", "impact", "request", mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return strip_markup(value) if isinstance(value, str) else value


class LLMRephrase(BaseModel):
    """What the model must answer with."""

    suggestions: list[LLMSuggestion] = Field(min_length=1, max_length=3)
    explanation: str = Field(min_length=1)
    cited_ids: list[str] = Field(default_factory=list,
                                 description="Ids of the guidance passages used.")

    @field_validator("explanation", mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return strip_markup(value) if isinstance(value, str) else value


def placeholder_complaints(text: str, sources: str) -> list[str]:
    """Placeholders must ask the user something (end in "?") or be a redaction token of the
    input; one that states a fact ("[Mette]", "[10 minutes]") smuggles in an invention."""
    bad = [m.group() for m in PLACEHOLDER.finditer(text)
           if not (m.group()[1:-1].strip().endswith("?")
                   or (_REDACTION.fullmatch(m.group()) and m.group() in sources))]
    if not bad:
        return []
    return ["These placeholders state something instead of asking the user: " + ", ".join(bad)
            + ". Write a placeholder as a question in [brackets], e.g. [hvornår skete det?]."]


def reply_complaints(value: LLMRephrase, scan: Scan, sources: str, analyzer: FeedbackAnalyzer,
                     names: Sequence[str], keep: Sequence[str]) -> list[str]:
    """Why the model's reply falls short of the rules engine's bar (empty list = accept)."""
    lang = scan.language
    complaints: list[str] = []
    styles = [s.style for s in value.suggestions]
    if len(set(styles)) != len(styles):
        complaints.append("Give each suggestion a different style (sbi, question, short).")
    for n, s in enumerate(value.suggestions, 1):
        say = [f"Suggestion {n}: {c}"
               for c in suggestion_complaints(s, scan, sources, analyzer, names)]
        if len(s.text) > MAX_TEXT:
            say.append(f"Suggestion {n}: keep the text under {MAX_TEXT} characters.")
        missing = [k for k in keep if k.lower() not in s.text.lower()]
        if missing:
            say.append(f"Suggestion {n}: keep these words from the input as written: "
                       + ", ".join(f"“{k}”" for k in missing) + ".")
        say += [f"Suggestion {n}: {c}" for c in placeholder_complaints(s.text, sources)]
        for part in PARTS:
            body = getattr(s, part)
            if len(body) > MAX_PART:
                say.append(f"Suggestion {n}: keep “{part}” under {MAX_PART} characters.")
            found = analyzer.scan(body, lang, names).findings if body.strip() else []
            say += [f"Suggestion {n}, {part}: still judges the person ({f.category}): "
                    f"“{f.excerpt}”." for f in found]
            invented = ungrounded(body, sources)
            if invented:
                say.append(f"Suggestion {n}, {part}: facts not in the input: "
                           + ", ".join(invented) + ".")
        complaints += say
    if len(value.explanation) > MAX_EXPLANATION:
        complaints.append(f"Keep the explanation under {MAX_EXPLANATION} characters.")
    complaints += [f"Explanation: {c}" for c in language_complaints(value.explanation, lang)]
    complaints += [f"Explanation: {c}" for c in placeholder_complaints(value.explanation,
                                                                       sources)]
    return complaints


async def draft_rephrase(backend: ChatBackend | None, scan: Scan, analysis: FeedbackAnalysis,
                         context: str | None, hits: Sequence[Hit], analyzer: FeedbackAnalyzer,
                         names: Sequence[str],
                         context_scan: Scan | None = None) -> DraftOutcome[LLMRephrase]:
    """Ask the model for suggestions; `value` is None when the rules engine must answer."""
    sources = "\n".join([scan.text, context or ""])
    ids = [h.id for h in hits]
    keep = kept_facts(scan, context_scan, analyzer, names) if backend is not None else []

    def validate(value: LLMRephrase) -> list[str]:
        complaints = reply_complaints(value, scan, sources, analyzer, names, keep)
        bad = uncited(value.cited_ids, ids)
        if bad:
            complaints.append("Cite only the ids of the given passages; unknown: "
                              + ", ".join(bad))
        return complaints

    def labels(text: str) -> bool:  # the explanation may name a label it removed, not pin one
        found = analyzer.scan(text, scan.language, names).findings if text.strip() else []
        return any(f.category == "label" for f in found)

    return await draft(
        backend, template=TEMPLATE, schema=LLMRephrase, validate=validate, names=names,
        policy=FieldPolicy(judged=("explanation",), judge=labels),
        variables={
            "text": scan.text, "context": context or "", "language": scan.language,
            "findings": [f.model_dump(include={"category", "excerpt", "explanation"})
                         for f in analysis.findings],
            "strengths": analysis.strengths,
            "keep": list(keep),
            "passages": [{"id": h.id, "title": h.title, "text": h.text} for h in hits],
        },
    )
