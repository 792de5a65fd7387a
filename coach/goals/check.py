"""SMART goal check: the feature's orchestration (rules answer, cited guidance, LLM optional).

`check_goal` always runs the rules (`coach.goals.criteria`). With an LLM it asks for a better
suggestion (and, given context, a judgement of achievable/relevant), and keeps the rules'
answer unless the draft passes the checker and the grounding check (`coach.goals.llm`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date

from coach.goals.criteria import check_rules
from coach.goals.lexicon import messages
from coach.goals.types import REQUIRED, GoalCheck
from coach.knowledge.types import Hit, SearchesPassages
from coach.limits import check_names
from coach.llm.backend import ChatBackend
from coach.types import SourceRef

log = logging.getLogger(__name__)

SOURCES_K = 3


async def _sources(retriever: SearchesPassages | None, result: GoalCheck) -> list[Hit]:
    """The SMART passages the advice rests on: per missing criterion (S, M, T) the passage that
    best answers the catalogue's question about it, then what SMART stands for, up to three.

    The queries depend on the verdicts, not on the goal's wording, so the retriever answers them
    from memory (`asearch`); citing by criterion also means every check cites something.
    """
    if retriever is None:
        return []
    missing = [k for k in REQUIRED if getattr(result.criteria, k).met is not True]
    picked: dict[str, Hit] = {}
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
                     today: date | None = None, names: Sequence[str] = (),
                     llm: ChatBackend | None = None,
                     retriever: SearchesPassages | None = None,
                     judge: Callable[[str, str], bool] | None = None) -> GoalCheck:
    """Check a goal against SMART and suggest a better one.

    Args:
        goal: The goal as the employee wrote it (1-4000 characters).
        context: Role, team goals, resources; lets achievable/relevant be judged.
        language: "da" or "en"; detected from the goal when None.
        today: Date relative deadlines resolve against; defaults to the server's date.
        names: Person names that must never reach an external model.
        llm: The chat backend, or None for the rules engine.
        retriever: Guidance search, for `sources`; None = no sources.
        judge: `judge(text, language)` True when a model text labels the person; such a
            suggestion or question degrades to the rules (`coach.service.labels_person`).

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
                         today or date.today(), hits, llm, cleaned_names, judge)
