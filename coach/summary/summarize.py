"""The MUS summary: the feature's orchestration.

`summarize` checks the request against the contract, lets the rules engine read the notes
(`coach.summary.rules`) and assemble the answer (`coach.summary.plan`), cites the follow-up and
documentation guidance, and, with an LLM configured, has the sections' prose written
(`coach.summary.llm`). The notes are read, never stored or logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import date
from functools import partial

from coach.goals.criteria import MAX_TODAY, MIN_TODAY
from coach.goals.errors import GoalInputError
from coach.knowledge.types import Hit, SearchesPassages
from coach.language import Language, resolve_language
from coach.limits import MAX_NOTES, check_names, check_text
from coach.llm.backend import ChatBackend
from coach.summary import plan
from coach.summary.lexicon import messages
from coach.summary.render import render_markdown
from coach.summary.rules import Extraction, extract
from coach.summary.types import SummaryResult
from coach.types import SourceRef

log = logging.getLogger(__name__)

SOURCE_TOPICS = ("follow-up", "documentation")


def assemble(notes: str, ex: Extraction, meeting_date: date | None) -> SummaryResult:
    """The rules engine's answer (markdown included) from what `extract` read."""
    goals = plan.goals(notes, ex)
    actions = plan.actions(notes, ex)
    follow_up = plan.follow_ups(notes, ex, goals)
    result = SummaryResult(
        language=ex.language, meeting_date=meeting_date, reference_date=ex.reference,
        participants=plan.participants(ex), sections=plan.sections(notes, ex), goals=goals,
        actions=actions, follow_up=follow_up,
        questions=plan.questions(notes, ex, goals, actions, follow_up), markdown="")
    return result


async def _sources(retriever: SearchesPassages | None, language: Language) -> list[Hit]:
    """The best follow-up and documentation passage (lexical: fixed queries, cached)."""
    if retriever is None:
        return []
    picked: dict[str, Hit] = {}
    try:
        for topic in SOURCE_TOPICS:
            query = messages().message(f"sources.{topic.replace('-', '_')}", language)
            hits = await retriever.asearch(query, k=1, topic=topic, language=language,
                                           dense=False)
            picked.update({h.id: h for h in hits})
    except Exception as exc:  # guidance is a bonus; the summary itself must still answer
        log.warning("summary guidance search failed: %s", type(exc).__name__)
    return list(picked.values())


def _title(notes: str, ex: Extraction) -> str | None:
    return notes[ex.title[0]:ex.title[1]] if ex.title else None


async def summarize(notes: str, *, language: str | None = None, today: date | None = None,
                    meeting_date: date | None = None, names: Sequence[str] = (),
                    llm: ChatBackend | None = None,
                    retriever: SearchesPassages | None = None) -> SummaryResult:
    """Referat, goals, to-dos and a follow-up plan from notes taken at a MUS.

    Args:
        notes: The notes as written (1-20000 characters after trimming); offsets in the answer
            point into this exact string.
        language: "da" or "en"; detected from the notes when None.
        today: The date relative dates resolve against when `meeting_date` is not given;
            defaults to the server's date.
        meeting_date: The day of the MUS; relative dates ("om 6 uger") resolve against it.
        names: Person names that must never reach an external model.
        llm: The chat backend, or None for the rules engine.
        retriever: Guidance search, for `sources`; None = no sources.

    Raises:
        InputError: notes, language or names outside the contract, or a date outside the
            range the goal check accepts (deadlines and follow-ups must stay in the calendar).
    """
    check_text(notes, "notes", limit=MAX_NOTES)
    for field, day in (("today", today), ("meeting_date", meeting_date)):
        if day is not None and not MIN_TODAY <= day <= MAX_TODAY:
            raise GoalInputError(field, "today_range", first=MIN_TODAY.isoformat(),
                                 last=MAX_TODAY.isoformat())
    cleaned = check_names(names)
    lang = resolve_language(notes, language)
    reference = meeting_date or today or date.today()
    # CPU-bound: keep the loop free
    ex = await asyncio.to_thread(partial(extract, title_date=meeting_date is None),
                                 notes, lang, reference)
    result = await asyncio.to_thread(assemble, notes, ex, meeting_date or ex.meeting_date)
    result.sources = [SourceRef(id=h.id, title=h.title, topic=h.topic)
                      for h in await _sources(retriever, lang)]
    if llm is not None:
        from coach.summary.llm import write_prose  # the LLM layer only when one is configured

        result = await write_prose(result, llm,
                                   [*cleaned, *ex.people.names(), *ex.third_parties])
    result.markdown = render_markdown(result, title=_title(notes, ex))
    return result
