"""Feedback rephrasing: person-directed feedback rewritten as situation-behaviour-impact-request.

Two engines. The rules engine (`coach.feedback.sbi`) always answers and is the embedded
default. With an LLM configured, `coach.llm.draft.draft` asks the model (prompts/feedback_rephrase.*.j2) with the
analyzer's findings and retrieved feedback guidance; every suggestion must then pass the
analyzer (no longer person-directed), keep every concrete fact of the input, carry no trait
word from the input and be in the request's language, or the rules engine answers
(`degraded: true`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from pydantic import BaseModel, Field

from coach.feedback.analyzer import (
    FeedbackAnalysis,
    FeedbackAnalyzer,
    Scan,
    default_analyzer,
)
from coach.feedback.lexicon import Lexicon, messages
from coach.feedback.sbi import Parts, SBISuggestion, Unit, at_clause, decompose, sentence
from coach.language import Language
from coach.limits import check_names, check_optional_text, check_text
from coach.llm.checks import uncited, ungrounded
from coach.llm.draft import draft
from coach.tokens import tokenize
from coach.types import Engine, SourceRef

log = logging.getLogger(__name__)

GUIDANCE_K = 3
_LOWER_STARTS = frozenset({"jeg", "det", "hvordan", "hvad", "du"})
_FUNCTION_VERBS = frozenset({"være", "have", "gøre", "få", "blive", "kunne", "ville", "skulle",
                             "be", "do", "get", "can", "will", "would", "could", "just", "a", "an",
                             "gerne", "want", "only", "kun", "to", "at", "the"})


class SearchesPassages(Protocol):
    """The part of the retriever rephrasing uses."""

    def search(self, query: str, k: int = 5, *, topic: str | None = None,
               audience: str | None = None, language: str | None = None) -> list[Any]:
        """Best passages for `query`."""
        ...


class RephraseResult(BaseModel):
    """Result of `POST /v1/feedback/rephrase`."""

    language: Language
    analysis: FeedbackAnalysis
    suggestions: list[SBISuggestion]
    explanation: str
    sources: list[SourceRef]
    engine: Engine
    degraded: bool


class LLMRephrase(BaseModel):
    """What the model must answer with."""

    suggestions: list[SBISuggestion] = Field(min_length=1, max_length=3)
    explanation: str = Field(min_length=1)
    cited_ids: list[str] = Field(default_factory=list,
                                 description="Ids of the guidance passages used.")


# -- rules engine ------------------------------------------------------------------------------
def compose(parts: Parts, lexicon: Lexicon, sources: str) -> list[SBISuggestion]:
    """Write SBI suggestions from the parts (two framings: statement first, question first)."""
    lang = parts.language

    def msg(key: str, **values: str) -> str:
        return messages().message(f"rephrase.{key}", lang, **values)

    situation = " ".join(dict.fromkeys(parts.situations))
    seen = [u for u in parts.units if u.kind in ("observation", "general")]
    instance = any(u.kind == "general" for u in seen) and not parts.has_time
    impacts = [sentence(_impact_text(u, msg("impact_that"))) for u in parts.of("impact")]
    requests = [sentence(u.text) for u in parts.of("request")]
    background = [sentence(b) for b in parts.background]
    # When the feedback itself holds no observation but the context describes what happened
    # ("På teammødet tirsdag afviste Mette tre forslag"), that description IS the behaviour:
    # use it rather than asking the manager for something they already wrote.
    observed = [sentence(b) for b in parts.observed] if not seen else []
    fields = {
        "situation": situation or " ".join(background)
        or (seen[0].text if parts.has_time and seen else msg("situation_missing")),
        "impact": " ".join(impacts) or msg("impact_placeholder"),
    }
    known = bool(situation) or parts.has_time or bool(background)
    opening = {
        1: msg("about", situation=situation) if situation else
        ("" if known else msg("about_unknown")),
        2: msg("follow_up", situation=situation) if situation else
        ("" if known else msg("follow_up_unknown")),
    }
    out: list[SBISuggestion] = []
    for variant in (1, 2):
        behaviour = [_behaviour(u, lang, msg, framed=variant == 1, instance=instance)
                     for u in seen] or observed or [msg("behaviour_missing")]
        closing = requests or [msg("request_default" if variant == 1 else "request_short")]
        ask = [msg("ask_view")] if variant == 2 and not parts.third_person and not requests \
            else []
        lead = [b for b in background if b not in observed]
        body = [*lead, opening[variant], *behaviour,
                *(impacts or [msg("impact_missing")]), *ask, *closing]
        text = _join(parts, body, msg, sources)
        beh_field = " ".join(behaviour) if seen or observed else msg("behaviour_placeholder")
        # Each part mirrors what this variant's text actually says.
        out.append(SBISuggestion(text=text, behaviour=beh_field,
                                 request=" ".join([*ask, *closing]), **fields))
    return out


def _behaviour(unit: Unit, lang: str, msg: Callable[..., str], *, framed: bool,
               instance: bool) -> str:
    latest = msg("latest") if unit.kind == "general" and instance else ""
    if framed and unit.framed:
        return msg("noticed", behaviour=at_clause(unit, lang)) + latest + "."
    return sentence(unit.text.rstrip(".!?") + latest)


def _impact_text(unit: Unit, that: str) -> str:
    first = unit.tokens[0].norm
    body = unit.text
    if first in ("hvilket", "which"):
        return that + body[len(unit.tokens[0].text):]
    if first in ("så", "so", "derfor", "therefore", "dermed"):
        return body[len(unit.tokens[0].text):].strip()
    return body


def _join(parts: Parts, body: list[str], msg: Callable[..., str], sources: str) -> str:
    sentences = [s for s in body if s]
    text = " ".join(sentences)
    lost = [n for n in dict.fromkeys(parts.names) if n.lower() not in text.lower()]
    addressee = parts.addressee
    if lost and not addressee and not parts.third_person and len(lost) == 1:
        addressee, lost = lost[0], []
    if lost:
        sentences.insert(0, msg("about_person", names=", ".join(lost)))
    text = " ".join(sentences)
    if addressee and addressee.lower() not in text.lower():
        first = text.split(" ", 1)[0]
        # "Peter, salgsrapporten var …": lower-case unless the word is written so in the input.
        if first.lower() in _LOWER_STARTS or f" {first.lower()}" in f" {sources}":
            text = text[:1].lower() + text[1:]
        text = f"{addressee}, {text}"
    missing = ungrounded(sources, text)
    if missing:  # a fact the frames could not place: keep it visibly rather than lose it
        text = f"{text} {msg('facts', facts=', '.join(missing))}"
    return text


def rules_suggestions(scan: Scan, context: Scan | None, analyzer: FeedbackAnalyzer,
                      names: Sequence[str] = ()) -> list[SBISuggestion]:
    """Rules-engine suggestions that pass the analyzer (falls back to a bare SBI frame)."""
    parts = decompose(scan, analyzer.lexicon, context)
    sources = "\n".join([scan.text, context.text if context else ""])
    suggestions = [s for s in compose(parts, analyzer.lexicon, sources)
                   if not analyzer.scan(s.text, scan.language, names).findings]
    if suggestions:
        return suggestions
    # Nothing survived (a judgement hid inside a kept clause): keep only facts and placeholders.
    bare = Parts(scan.language, situations=parts.situations, background=[],
                 has_time=parts.has_time, names=parts.names, addressee=parts.addressee)
    return compose(bare, analyzer.lexicon, sources)[:1]


def explain(scan: Scan, lexicon: Lexicon, suggestions: Sequence[SBISuggestion]) -> str:
    """What changed and why, in the request's language."""
    lang = scan.language
    excerpts = ", ".join(f"«{f.excerpt}»" if lang == "da" else f"“{f.excerpt}”"
                         for f in scan.findings)
    lines = [messages().message("rephrase.removed", lang, excerpts=excerpts) if scan.findings
             else messages().message("rephrase.already_fine", lang),
             messages().message("rephrase.kept", lang)]
    if any("[" in s.text for s in suggestions):
        lines.append(messages().message("rephrase.placeholders", lang))
    return " ".join(lines)


# -- checks every suggestion must pass ---------------------------------------------------------
def trait_words(scan: Scan) -> set[str]:
    """Judging words of the input (labels and attributions, without pronouns and fillers)."""
    fr = scan.frames
    if fr is None:
        return set()
    words = fr.lex.words
    # Function words carry no judgement; a rewrite may use them freely.
    skip = (words["person_subjects"] | words["modifiers"] | words["negations"]
            | words["possessives"] | words["speaker_subjects"] | words["prepositions"]
            | words["impersonal_subjects"] | words["subordinators"] | _FUNCTION_VERBS)
    found: set[str] = set()
    for a, b, cat in scan.flagged:
        if cat == "generalization":
            continue
        for tok in scan.tokens[a:b]:
            if tok.punct or tok.norm in skip or fr.copula_ends.get(tok.index) is not None:
                continue
            if fr.subject_kind(tok.index) == "person":
                continue  # the person's name is a fact, not a trait
            if len(tok.norm) > 2:
                found.add(tok.lemma)
    return found


def suggestion_complaints(suggestion: SBISuggestion, scan: Scan, sources: str,
                          analyzer: FeedbackAnalyzer, names: Sequence[str] = ()) -> list[str]:
    """Why a suggestion is not acceptable (empty list = fine)."""
    complaints: list[str] = []
    result = analyzer.scan(suggestion.text, scan.language, names)
    for f in result.findings:
        complaints.append(f"The suggestion still judges the person ({f.category}): "
                          f"“{f.excerpt}”. Describe the observable behaviour instead.")
    missing = ungrounded(sources, suggestion.text)
    if missing:
        complaints.append("The suggestion drops these facts from the input: "
                          + ", ".join(missing) + ". Keep every concrete fact.")
    traits = trait_words(scan)
    used = sorted({t.text for t in tokenize(suggestion.text, scan.language)
                   if t.lemma in traits or t.norm in traits})
    if used:
        complaints.append("Do not repeat these judging words from the input: "
                          + ", ".join(used) + ".")
    return complaints


# -- the feature -------------------------------------------------------------------------------
async def retrieve(retriever: SearchesPassages | None, text: str,
                   language: str) -> list[Any]:
    """Feedback guidance for the text (empty without a retriever or on a search failure)."""
    if retriever is None:
        return []
    try:
        return await asyncio.to_thread(retriever.search, text, GUIDANCE_K, topic="feedback",
                                       language=language)
    except Exception as exc:  # guidance is optional; never fail the rephrase on search
        log.warning("feedback guidance search failed: %s", type(exc).__name__)
        return []


async def rephrase(text: str, *, context: str | None = None, language: str | None = None,
                   names: Sequence[str] = (), backend: Any = None,
                   retriever: SearchesPassages | None = None,
                   analyzer: FeedbackAnalyzer | None = None) -> RephraseResult:
    """Rephrase feedback as SBI suggestions.

    Args:
        text: The feedback, 1-4000 characters after trimming.
        context: Optional background (what happened, when), same limits.
        language: "da" or "en"; detected from `text` when None.
        names: Person names that must not reach an external model.
        backend: The LLM (`coach.llm.backend.ChatBackend`) or None for the rules engine.
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
    sources = "\n".join([text, context or ""])
    hits = await retrieve(retriever, text, lang)
    refs = [SourceRef(id=h.id, title=h.title, topic=h.topic) for h in hits]
    analysis = scan.analysis(analyzer.lexicon)

    def validate(value: LLMRephrase) -> list[str]:
        complaints: list[str] = []
        for n, s in enumerate(value.suggestions, 1):
            complaints += [f"Suggestion {n}: {c}"
                           for c in suggestion_complaints(s, scan, sources, analyzer, names)]
        bad = uncited(value.cited_ids, [r.id for r in refs])
        if bad:
            complaints.append("Cite only the ids of the given passages; unknown: "
                              + ", ".join(bad))
        return complaints

    outcome = await draft(
        backend, template="feedback_rephrase", schema=LLMRephrase, validate=validate,
        names=names,
        variables={
            "text": text, "context": context or "", "language": lang,
            "findings": [f.model_dump(include={"category", "excerpt", "explanation"})
                         for f in analysis.findings],
            "strengths": analysis.strengths,
            "passages": [{"id": h.id, "title": h.title, "text": h.text} for h in hits],
        },
    )
    if outcome.value is not None:
        cited = set(outcome.value.cited_ids)
        return RephraseResult(language=lang, analysis=analysis,
                              suggestions=outcome.value.suggestions,
                              explanation=outcome.value.explanation,
                              sources=[r for r in refs if r.id in cited] or refs,
                              engine="llm", degraded=False)
    suggestions = rules_suggestions(scan, ctx_scan, analyzer, names)
    return RephraseResult(language=lang, analysis=analysis, suggestions=suggestions,
                          explanation=explain(scan, analyzer.lexicon, suggestions),
                          sources=refs, engine="rules", degraded=outcome.degraded)
