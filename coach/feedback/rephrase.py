"""Feedback rephrasing: person-directed feedback rewritten as situation-behaviour-impact-request.

The feature's orchestration. Two engines: the rules engine (`coach.feedback.sbi`) always answers
and is the embedded default; with an LLM configured, `coach.feedback.llm` drafts with the
model and the rules engine takes over (`degraded: true`) when the draft fails the checks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from coach.feedback.analyzer import FeedbackAnalyzer, default_analyzer
from coach.feedback.llm import draft_rephrase
from coach.feedback.sbi import explain, rules_suggestions
from coach.feedback.types import RephraseResult, SBISuggestion
from coach.knowledge.types import Hit, SearchesPassages
from coach.limits import check_names, check_optional_text, check_text
from coach.llm.backend import ChatBackend
from coach.types import SourceRef

log = logging.getLogger(__name__)

GUIDANCE_K = 3


async def retrieve(retriever: SearchesPassages | None, text: str, language: str) -> list[Hit]:
    """Feedback guidance for the text (empty without a retriever or on a search failure)."""
    if retriever is None:
        return []
    try:
        # Called directly: the coach already runs this on one of its bounded worker threads.
        return retriever.search(text, GUIDANCE_K, topic="feedback", language=language)
    except Exception as exc:  # guidance is optional; never fail the rephrase on search
        log.warning("feedback guidance search failed: %s", type(exc).__name__)
        return []


async def rephrase(text: str, *, context: str | None = None, language: str | None = None,
                   names: Sequence[str] = (), backend: ChatBackend | None = None,
                   retriever: SearchesPassages | None = None,
                   analyzer: FeedbackAnalyzer | None = None) -> RephraseResult:
    """Rephrase feedback as SBI suggestions.

    Args:
        text: The feedback, 1-4000 characters after trimming.
        context: Optional background (what happened, when), same limits.
        language: "da" or "en"; detected from `text` when None.
        names: Person names that must not reach an external model.
        backend: The chat backend, or None for the rules engine.
        retriever: Guidance search, for `sources` and the LLM's grounding.
        analyzer: The feedback analyzer (defaults to the built-in lexicon).

    Raises:
        InputError: An input violates the limits.
    """
    analyzer = analyzer or default_analyzer()
    text = check_text(text, "text")
    context = check_optional_text(context, "context")
    names = check_names(names)
    scan = analyzer.scan(text, language, names)
    lang = scan.language
    ctx_scan = analyzer.scan(context, lang, names) if context else None
    hits = await retrieve(retriever, text, lang)
    refs = [SourceRef(id=h.id, title=h.title, topic=h.topic) for h in hits]
    analysis = scan.analysis()

    outcome = await draft_rephrase(backend, scan, analysis, context, hits, analyzer, names,
                                   ctx_scan)
    if outcome.value is not None:
        cited = set(outcome.value.cited_ids)
        return RephraseResult(language=lang, analysis=analysis,
                              suggestions=[SBISuggestion(**s.model_dump())
                                           for s in outcome.value.suggestions],
                              explanation=outcome.value.explanation,
                              sources=[r for r in refs if r.id in cited] or refs,
                              engine="llm", degraded=False)
    # The rules rewrite edits the words that judge: the rules' spans, not the learned
    # detector's whole clauses (which hold the facts the rewrite must keep).
    rules = analyzer.rules_only
    suggestions = rules_suggestions(rules.scan(text, lang, names),
                                    rules.scan(context, lang, names) if context else None,
                                    rules, names, full=analyzer, shown=analysis.findings)
    return RephraseResult(language=lang, analysis=analysis, suggestions=suggestions,
                          explanation=explain(scan, suggestions, context),
                          sources=refs, engine="rules", degraded=outcome.degraded)
