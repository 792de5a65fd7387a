"""Preparation questions for a MUS: the feature's orchestration.

`prepare` validates the request against the contract, lets the rules engine plan the questions
(`coach.prep.plan`) and, with an LLM configured, has them adapted to the context
(`coach.prep.llm`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from coach.knowledge.types import BankQuestion, SearchesPassages
from coach.language import Language, check_language, detect_language
from coach.limits import MAX_COUNT, check_number, check_optional_text, check_role, check_topics
from coach.llm.backend import ChatBackend
from coach.prep.plan import plan, to_result
from coach.prep.types import PrepResult, Role


def validate_request(role: str, topics: Sequence[str] | None, context: str | None,
                     language: str | None, count: int) -> tuple[Role, list[str] | None,
                                                                 str | None, Language]:
    """Check a request against the contract and resolve the language.

    Raises:
        InputError: naming the field and the fix.
    """
    checked_role = check_role(role)
    checked_topics = check_topics(topics)
    context = check_optional_text(context, "context")
    context = context.strip() if context is not None else None
    check_number(count, "count", 1, MAX_COUNT)
    checked = check_language(language)
    resolved: Language = checked or (detect_language(context) if context else "da")
    return checked_role, checked_topics, context, resolved


async def prepare(bank: Sequence[BankQuestion], retriever: SearchesPassages | None,
                  backend: ChatBackend | None = None, *, role: str,
                  topics: Sequence[str] | None = None,
                  context: str | None = None, language: str | None = None, count: int = 10,
                  names: Sequence[str] = (),
                  judge: Callable[[str, str], bool] | None = None) -> PrepResult:
    """Preparation questions for `role`, optionally focused by `topics` and `context`.

    Args:
        bank: The question bank (`coach.knowledge.passages.load_question_bank`).
        retriever: Passage search, used to map the context to topics and to give the LLM
            guidance; None skips both.
        backend: Chat backend, or None for the rules engine.
        role: "employee" or "manager".
        topics: Taxonomy slugs; None lets the context decide (core topics always included).
        context: Free text about the situation (1-4000 characters).
        language: "da"/"en"; detected from the context when absent, else Danish.
        count: Number of questions, 1-30.
        names: Person names never sent to the model.
        judge: `judge(text, language)` True when a model text labels the person; such an
            answer degrades to the rules (`coach.service.labels_person`).

    Raises:
        InputError: an argument violates the contract.
    """
    checked_role, checked_topics, checked_context, lang = validate_request(
        role, topics, context, language, count)
    # Called directly: the coach already runs this on one of its bounded worker threads.
    the_plan = plan(bank, role=checked_role, language=lang, context=checked_context,
                    count=count, topics=checked_topics, retriever=retriever)
    if backend is None:
        return to_result(the_plan)
    from coach.prep.llm import adapt  # the LLM path is only imported when configured

    return await adapt(the_plan, backend, retriever, names=names, judge=judge)
