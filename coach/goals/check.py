"""SMART goal check: the feature's orchestration (rules answer, cited guidance, LLM optional).

`check_goal` always runs the rules (`coach.goals.criteria`). With a context and the e5 model at
hand it judges relevant by meaning where shared words said nothing (`coach.goals.relevance`).
For a goal that is not yet specific it adds, from the goal's own domain, a guidance passage and
a question from the question bank to think with. With an LLM it asks for a better suggestion
(and, given context, a judgement of achievable/relevant), and keeps the rules' answer unless
the draft passes the checker and the grounding check (`coach.goals.llm`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import date

from coach.goals.criteria import check_rules, with_relevant
from coach.goals.domains import Domain, domain_of, pick
from coach.goals.lexicon import messages
from coach.goals.types import REQUIRED, GoalCheck
from coach.knowledge.types import BankQuestion, Hit, SearchesPassages
from coach.limits import check_names
from coach.llm.backend import ChatBackend
from coach.types import SourceRef

log = logging.getLogger(__name__)

SOURCES_K = 3
DENSE_MODES = ("fused", "dense")  # retriever modes that have the e5 model loaded


async def _sources(retriever: SearchesPassages | None, result: GoalCheck, goal: str,
                   domain: Domain | None) -> list[Hit]:
    """The SMART passages the advice rests on: per missing criterion (S, M, T) the passage that
    best answers the catalogue's question about it, then what SMART stands for, up to three;
    then, for a goal in a known domain, the passage of that domain's topic nearest the goal.

    The SMART queries depend on the verdicts, not on the goal's wording, so the retriever
    answers them from memory (`asearch`); citing by criterion means every check cites something.
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
        found = list(picked.values())[:SOURCES_K]
        if domain is not None:
            near = await retriever.asearch(goal, k=1, topic=domain.topic, audience="employee",
                                           language=result.language, dense=False)
            found += [h for h in near if h.id not in picked]
        return found
    except Exception as exc:  # guidance is a bonus; the check itself must still answer
        log.warning("SMART guidance search failed: %s", type(exc).__name__)
    return list(picked.values())[:SOURCES_K]


def _bank_question(bank: Sequence[BankQuestion], domain: Domain, language: str,
                   goal: str) -> BankQuestion | None:
    """A question from the bank on the domain's topic, for the employee, chosen by the goal."""
    options = [q for q in bank if q.topic == domain.topic and q.language == language
               and q.audience == "employee"]
    if not options:
        return None
    text = pick(tuple(q.text for q in options), goal, 1)[0]
    return next(q for q in options if q.text == text)


async def _relevant_by_meaning(result: GoalCheck, goal: str, context: str,
                               retriever: SearchesPassages | None) -> GoalCheck:
    if result.criteria.relevant.met is not None or getattr(retriever, "mode", None) \
            not in DENSE_MODES:
        return result
    from coach.goals.relevance import by_meaning  # numpy and the model only when used

    finding = await asyncio.to_thread(by_meaning, goal, context, result.language)
    return with_relevant(result, finding) if finding is not None else result


async def check_goal(goal: str, *, context: str | None = None, language: str | None = None,
                     today: date | None = None, names: Sequence[str] = (),
                     llm: ChatBackend | None = None,
                     retriever: SearchesPassages | None = None,
                     bank: Sequence[BankQuestion] = (),
                     judge: Callable[[str, str], bool] | None = None) -> GoalCheck:
    """Check a goal against SMART and suggest a better one.

    Args:
        goal: The goal as the employee wrote it (1-4000 characters).
        context: Role, team goals, resources; lets achievable/relevant be judged.
        language: "da" or "en"; detected from the goal when None.
        today: Date relative deadlines resolve against; defaults to the server's date.
        names: Person names that must never reach an external model.
        llm: The chat backend, or None for the rules engine.
        retriever: Guidance search, for `sources` (and, when it holds the e5 model, relevance
            by meaning); None = no sources.
        bank: The prep question bank; a goal that is not specific gets a question from it.
        judge: `judge(text, language)` True when a model text labels the person; such a
            suggestion or question degrades to the rules (`coach.service.labels_person`).

    Raises:
        InputError: goal, context, language, today or names outside the contract.
    """
    cleaned_names = check_names(names)
    result = check_rules(goal, context=context, language=language, today=today)
    text = goal.strip()
    if context is not None:
        result = await _relevant_by_meaning(result, text, context.strip(), retriever)
    unspecific = result.criteria.specific.met is not True
    domain = domain_of(text, result.language) if unspecific else None
    hits = await _sources(retriever, result, text, domain)
    result.sources = [SourceRef(id=h.id, title=h.title, topic=h.topic) for h in hits]
    question = _bank_question(bank, domain, result.language, text) if domain else None
    if question is not None:
        result.criteria.specific.advice += " " + messages().message(
            "examples.bank", result.language, question=question.text)
        result.sources.append(SourceRef(id=question.id, title=messages().message(
            "examples.bank_source", result.language), topic=question.topic))
    if llm is None:
        return result
    from coach.goals.llm import improve  # the LLM layer is only loaded when one is configured

    return await improve(result, text, context.strip() if context else None,
                         today or date.today(), hits, llm, cleaned_names, judge)
