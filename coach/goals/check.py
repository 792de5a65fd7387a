"""SMART goal check: deterministic criteria, deadline, a rewrite with placeholders, LLM optional.

`check_goal` always runs the rules (`coach.goals.rules`, `coach.goals.deadlines`). With an LLM
it asks for a better suggestion (and, given context, a judgement of achievable/relevant), and keeps the
rules' answer unless the draft passes the checker and the grounding check.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from simplemma import langdetect

from coach.goals import rules
from coach.goals.deadlines.scan import TimeScan, scan
from coach.goals.lexicon import messages
from coach.language import Language, resolve_language
from coach.limits import check_names, check_optional_text, check_text
from coach.types import Engine, SourceRef

log = logging.getLogger(__name__)

CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
REQUIRED = ("specific", "measurable", "time_bound")
TEMPLATE = "goal_suggest"
SOURCES_K = 3
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]")


class Criterion(BaseModel):
    """One SMART criterion."""

    met: bool | None = Field(description="true/false, or null when it cannot be judged.")
    evidence: list[str] = Field(description="Phrases from the goal or context that decided it.")
    advice: str = Field(description="What to do next, in the request's language.")


class Criteria(BaseModel):
    """The five SMART criteria."""

    specific: Criterion
    measurable: Criterion
    achievable: Criterion
    relevant: Criterion
    time_bound: Criterion


class GoalCheck(BaseModel):
    """Body of `POST /v1/goals/check`."""

    language: Language
    criteria: Criteria
    deadline: date | None = Field(description="The resolved deadline (ISO date) or null.")
    is_smart: bool = Field(description="S, M and T met, and A and R not false.")
    suggestion: str = Field(description="The goal rewritten to meet the missing criteria; "
                            "[placeholders] mark what only the user can decide.")
    questions: list[str] = Field(description="Up to three questions that fill the placeholders.")
    sources: list[SourceRef] = Field(default_factory=list)
    engine: Engine = "rules"
    degraded: bool = False


class Judgement(BaseModel):
    """The LLM's view on achievable or relevant, with its reason."""

    met: bool | None = None
    advice: str = Field("", max_length=600)


class GoalDraft(BaseModel):
    """What the LLM returns for `goal_suggest`."""

    suggestion: str = Field(min_length=1, max_length=2000)
    questions: list[str] = Field(default_factory=list, max_length=3)
    achievable: Judgement | None = None
    relevant: Judgement | None = None


def is_smart(criteria: Criteria) -> bool:
    """S, M and T met, and A and R not judged false."""
    return (all(getattr(criteria, k).met is True for k in REQUIRED)
            and criteria.achievable.met is not False and criteria.relevant.met is not False)


def _quote(phrases: Sequence[str], language: str) -> str:
    return ", ".join(messages().message("evidence.quoted", language, text=p) for p in phrases)


def _evidence(name: str, finding: rules.Finding, time: TimeScan, language: str) -> list[str]:
    if name == "time_bound" and finding.met:
        out = []
        for ref in time.deadlines:
            when = ref.day.isoformat()
            if ref.note:
                note = messages().message(f"conventions.{ref.note}", language)
                out.append(messages().message("evidence.deadline_note", language, text=ref.text,
                                      date=when, note=note))
            else:
                out.append(messages().message("evidence.deadline", language, text=ref.text, date=when))
        return out
    if name == "achievable" and finding.reason in ("supported", "dependence", "perfection"):
        key = {"supported": "support"}.get(finding.reason, finding.reason)
        return [messages().message(f"evidence.{key}", language, text=t) for t in finding.extra]
    if name == "relevant" and finding.met:
        return [messages().message("evidence.shared_terms", language, terms=", ".join(finding.extra))]
    return [messages().message("evidence.quoted", language, text=p) for p in finding.phrases]


def _criterion(name: str, finding: rules.Finding, time: TimeScan, language: str) -> Criterion:
    key = f"advice.{name}.{finding.reason}"
    used = messages().fields(key)
    # Only the values the message formats: quoting every finding's phrases cost ~5 us a check.
    values: dict[str, str] = {}
    if "phrases" in used:
        values["phrases"] = _quote(finding.extra, language)
    if "terms" in used:
        values["terms"] = ", ".join(finding.extra)
    if "date" in used:
        values["date"] = finding.extra[0] if finding.reason == "past" else (
            time.deadline.day.isoformat() if time.deadline else "")
    advice = messages().template(key, language).format(**values)
    return Criterion(met=finding.met, evidence=_evidence(name, finding, time, language),
                     advice=advice)


def rules_suggestion(goal: str, findings: dict[str, rules.Finding], time: TimeScan,
                     language: str) -> tuple[str, list[str]]:
    """The goal as written plus a placeholder per missing criterion, and the questions that
    fill them. Nothing is removed, so every fact stays; placeholders hold no numbers or dates."""
    missing = [k for k in REQUIRED if not findings[k].met]
    base = goal.strip().rstrip(" .!")
    prefix, parts = "", []
    if "specific" in missing:
        if findings["specific"].reason == "empty":
            prefix = messages().message("placeholders.specific_empty", language) + " – "
        else:
            base = f"{base} {messages().message('placeholders.specific', language)}"
    if "measurable" in missing:
        parts.append(messages().message("placeholders.measurable", language))
    if "time_bound" in missing:
        key = "time_bound_frequency" if time.frequencies else "time_bound"
        parts.append(messages().message(f"placeholders.{key}", language))
    text = prefix + ", ".join([base, *parts]) + "."
    return text, [messages().message(f"questions.{k}", language) for k in missing]


def analysis_language(text: str, language: str, requested: str | None) -> str:
    """The language the rules read the goal in: the requested one, unless the goal is clearly
    written in the other ("language" then only decides the language of the advice)."""
    if requested is None:
        return language
    scores = dict(langdetect(text, lang=("da", "en")))
    other = "en" if language == "da" else "da"
    return other if scores.get(other, 0.0) - scores.get(language, 0.0) >= 0.3 else language


def check_rules(goal: str, *, context: str | None = None, language: str | None = None,
                today: date | None = None) -> GoalCheck:
    """The deterministic check (no retrieval, no LLM).

    Raises:
        InputError: goal, context or language outside the contract.
    """
    text = check_text(goal, "goal").strip()
    ctx = check_optional_text(context, "context")
    ctx = ctx.strip() if ctx is not None else None
    lang = resolve_language(text, language)
    today = today or date.today()
    time = scan(text, today)
    prepared = rules.prepare(text, analysis_language(text, lang, language), time)
    found = rules.measures(prepared)
    actions = rules.concrete_actions(prepared)
    events = rules.events(prepared, actions)
    findings = {
        "specific": rules.specific(prepared, found, events, actions),
        "measurable": rules.measurable(prepared, found, events, actions),
        "achievable": rules.achievable(prepared, ctx),
        "relevant": rules.relevant(prepared, ctx),
        "time_bound": rules.time_bound(prepared, today.isoformat()),
    }
    criteria = Criteria(**{k: _criterion(k, f, time, lang) for k, f in findings.items()})
    suggestion, questions = rules_suggestion(text, findings, time, lang)
    return GoalCheck(language=lang, criteria=criteria,
                     deadline=time.deadline.day if time.deadline else None,
                     is_smart=is_smart(criteria), suggestion=suggestion, questions=questions)


async def _sources(retriever: Any, result: GoalCheck) -> list[Any]:
    """The SMART passages the advice rests on: per missing criterion (S, M, T) the passage that
    best answers the catalogue's question about it, then what SMART stands for, up to three.

    The queries depend on the verdicts, not on the goal's wording, so the retriever answers them
    from memory (`asearch`); citing by criterion also means every check cites something.
    """
    if retriever is None:
        return []
    missing = [k for k in REQUIRED if getattr(result.criteria, k).met is not True]
    picked: dict[str, Any] = {}
    try:
        for name in [*missing, "smart"]:
            # Lexical only: a handful of one topic's passages, asked in the catalogue's words.
            hits = await retriever.asearch(messages().message(f"sources.{name}", result.language),
                                           k=SOURCES_K, topic="smart-goals",
                                           language=result.language, dense=False)
            fresh = [h for h in hits if h.id not in picked]
            for h in fresh if name == "smart" else fresh[:1]:
                picked[h.id] = h
    except Exception as exc:  # guidance is a bonus; the check itself must still answer
        log.warning("SMART guidance search failed: %s", type(exc).__name__)
    return list(picked.values())[:SOURCES_K]


async def check_goal(goal: str, *, context: str | None = None, language: str | None = None,
                     today: date | None = None, names: Sequence[str] = (), llm: Any = None,
                     retriever: Any = None) -> GoalCheck:
    """Check a goal against SMART and suggest a better one.

    Args:
        goal: The goal as the employee wrote it (1-4000 characters).
        context: Role, team goals, resources; lets achievable/relevant be judged.
        language: "da" or "en"; detected from the goal when None.
        today: Date relative deadlines resolve against; defaults to the server's date.
        names: Person names that must never reach an external model.
        llm: A `coach.llm.backend.ChatBackend`, or None for the rules engine.
        retriever: Anything with `async asearch(q, k=, topic=, language=, dense=)` (a
            `coach.knowledge.search.Retriever`); None = no sources.

    Raises:
        InputError: goal, context, language or names outside the contract.
    """
    cleaned_names = check_names(names)
    result = check_rules(goal, context=context, language=language, today=today)
    hits = await _sources(retriever, result)
    result.sources = [SourceRef(id=h.id, title=h.title, topic=h.topic) for h in hits]
    if llm is None:
        return result
    from coach.goals.llm import improve  # the LLM layer is only loaded when one is configured

    return await improve(result, goal.strip(), context.strip() if context else None,
                         today or date.today(), hits, llm, cleaned_names)
