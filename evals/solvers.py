"""Solvers: run one case through the coach (the same `Coach` facade the API and CLI use) and
return a compact, JSON-able output for the scorers.

Checks that need the coach itself (re-analysing a suggestion, near-duplicate detection, known
source ids, the judge) run here, as extra solver steps, so the scorers stay pure functions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coach.llm.checks import language_complaints, ungrounded
from coach.prep import is_duplicate
from coach.service import Coach
from evals.model import Case
from evals.summary_checks import calendar_complaints, referat_facts

Solver = Callable[[Case, "Env"], Awaitable[dict[str, Any]]]
RETRIEVAL_K = 10  # MRR is MRR@10; hit@1 and hit@3 read the head of the same list


@dataclass
class Env:
    """What solvers share during a run.

    Attributes:
        coach: The coach under test (rules engine, or with an LLM backend / cassette).
        engine: "rules" or "llm".
        judge: Scores rephrasings 1-5 when a judge model is configured, else None.
        known_ids: Every question-bank and passage id, for citation validity.
    """

    coach: Coach
    engine: str
    judge: Any = None
    known_ids: set[str] = field(default_factory=set)


def _dump(value: Any) -> dict[str, Any]:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else dict(value)


async def analyze(case: Case, env: Env) -> dict[str, Any]:
    """Feedback detection: the analysis of the statement."""
    result = _dump(await env.coach.analyze_feedback(case.inputs["text"], language=case.language))
    return {"person_directed": result["person_directed"],
            "findings": [{k: f[k] for k in ("category", "start", "end", "excerpt")}
                         for f in result["findings"]]}


async def rephrase(case: Case, env: Env) -> dict[str, Any]:
    """Rephrase, then check each suggestion: analyzer, fact grounding, language (and judge)."""
    text, context = case.inputs["text"], case.inputs.get("context")
    result = _dump(await env.coach.rephrase_feedback(text, context=context,
                                                     language=case.language))
    suggestions = []
    for s in result.get("suggestions", []):
        again = _dump(await env.coach.analyze_feedback(s["text"], language=case.language))
        invented = ungrounded(s["text"], text, context or "")
        suggestions.append({
            "text": s["text"],
            "analyzer_ok": not again["person_directed"],
            "grounded_ok": not invented,
            "language_ok": not language_complaints(s["text"], case.language),
        })
    if env.judge is not None and suggestions:
        verdicts = await env.judge.score(case, [s["text"] for s in suggestions])
        for s, verdict in zip(suggestions, verdicts, strict=True):
            s["judge"] = verdict
    return {"suggestions": suggestions, "engine": result.get("engine"),
            "degraded": result.get("degraded")}


async def check_goal(case: Case, env: Env) -> dict[str, Any]:
    """SMART: the verdict per criterion and the parsed deadline."""
    result = _dump(await env.coach.check_goal(
        case.inputs["goal"], context=case.inputs.get("context"), language=case.language,
        today=date.fromisoformat(case.inputs["today"])))
    return {"criteria": {name: c["met"] for name, c in result["criteria"].items()},
            "deadline": result.get("deadline"), "is_smart": result.get("is_smart"),
            "engine": result.get("engine"), "degraded": result.get("degraded")}


async def prep_questions(case: Case, env: Env) -> dict[str, Any]:
    """Prep: sections, each question's language and citations, near-duplicate pairs."""
    inputs = case.inputs
    result = _dump(await env.coach.prep_questions(
        inputs["role"], topics=inputs.get("topics"), context=inputs.get("context"),
        language=case.language, count=inputs["count"]))
    questions: list[dict[str, Any]] = []
    texts: list[str] = []
    duplicates = 0
    for section in result["sections"]:
        for q in section["questions"]:
            duplicates += is_duplicate(q["text"], texts, case.language)
            texts.append(q["text"])
            questions.append({
                "text": q["text"],
                "language_ok": not language_complaints(f"{q['text']} {q['why']}", case.language),
                "citations_ok": bool(q["source_ids"])
                and all(sid in env.known_ids for sid in q["source_ids"]),
            })
    return {"sections": [{"topic": s["topic"], "questions": len(s["questions"])}
                         for s in result["sections"]],
            "questions": questions, "duplicates": duplicates,
            "engine": result.get("engine"), "degraded": result.get("degraded")}


async def search(case: Case, env: Env) -> dict[str, Any]:
    """Retrieval: the best passages (id, topic, language), best first."""
    inputs = case.inputs
    hits = await env.coach.search_guidance(inputs["query"], k=RETRIEVAL_K,
                                           topic=inputs.get("topic"),
                                           audience=inputs.get("audience"),
                                           language=case.language)
    return {"hits": [{"id": h.id, "topic": h.topic, "language": h.language} for h in hits]}


async def summarize_notes(case: Case, env: Env) -> dict[str, Any]:
    """MUS summary: the found goals, to-dos and meetings with their spans, whether the referat
    states only facts from the notes, and whether its calendar parses with every date right."""
    inputs = case.inputs
    meeting = inputs.get("meeting_date")
    result = await env.coach.summarize_mus(
        inputs["notes"], language=case.language, today=date.fromisoformat(inputs["today"]),
        meeting_date=date.fromisoformat(meeting) if meeting else None)
    dumped = _dump(result)
    invented = ungrounded(result.markdown, *referat_facts(inputs["notes"], result))
    return {
        "goals": [{k: g[k] for k in ("text", "start", "end", "deadline")}
                  for g in dumped["goals"]],
        "actions": [{k: a[k] for k in ("text", "start", "end", "owner", "due")}
                    for a in dumped["actions"]],
        "follow_up": [{k: f[k] for k in ("date", "start", "end", "proposed")}
                      for f in dumped["follow_up"]],
        "ungrounded": invented,
        "calendar": calendar_complaints(result),
        "engine": dumped.get("engine"), "degraded": dumped.get("degraded"),
    }
