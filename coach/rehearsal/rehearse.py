"""Rehearsing feedback: the employee answers the manager's line, and the coach comments on it.

The feature's orchestration. The rules engine (`coach.rehearsal.moves`, `replies`, `tips`)
always answers and is the embedded default; with an LLM configured, `coach.rehearsal.llm`
plays the employee and the rules engine takes over (`degraded: true`) when the draft fails its
checks. Nothing is kept: the caller sends the earlier turns every time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from coach.errors import InputError
from coach.feedback import FeedbackAnalyzer, default_analyzer
from coach.knowledge.types import Hit, SearchesPassages
from coach.language import Language, check_language, detect_language
from coach.limits import check_names, check_text
from coach.llm.backend import ChatBackend
from coach.rehearsal.lexicon import say
from coach.rehearsal.llm import draft_rehearsal
from coach.rehearsal.moves import read_history, read_line
from coach.rehearsal.replies import compose
from coach.rehearsal.tips import coach_tip
from coach.rehearsal.types import PERSONAS, Move, Persona, RehearsalResult, Role, Turn
from coach.types import SourceRef

log = logging.getLogger(__name__)

MAX_TURNS = 20  # earlier turns a request may carry (CONTRACT.md)
_ROLES: dict[str, Role] = {"manager": "manager", "employee": "employee"}
GUIDANCE_K = 2


def check_persona(persona: str | None) -> Persona:
    """`persona`, or "open" when absent.

    Raises:
        InputError: not one of the five personas.
    """
    if persona is None:
        return "open"
    for known in PERSONAS:
        if persona == known:
            return known
    raise InputError("persona", f"use one of: {', '.join(PERSONAS)}")


def check_history(history: Sequence[Turn | Mapping[str, str] | Any]) -> list[Turn]:
    """The earlier turns as `Turn`s, checked against the contract's limits.

    A turn is a `Turn`, a mapping, or any object with `role` and `text` (an adapter's request
    model).

    Raises:
        InputError: more than 20 turns, an unknown role, or a text outside 1-4000 characters.
    """
    if len(history) > MAX_TURNS:
        raise InputError("history", f"at most {MAX_TURNS} earlier turns; send the latest ones")
    turns: list[Turn] = []
    for n, turn in enumerate(history):
        raw, text = ((turn.get("role"), turn.get("text")) if isinstance(turn, Mapping)
                     else (getattr(turn, "role", None), getattr(turn, "text", None)))
        role = _ROLES.get(str(raw))
        if role is None:
            raise InputError(f"history[{n}].role", "use 'manager' or 'employee'")
        if not isinstance(text, str):
            raise InputError(f"history[{n}].text", "must be a text")
        turns.append(Turn(role=role, text=check_text(text, f"history[{n}].text")))
    return turns


async def retrieve(retriever: SearchesPassages | None, move: Move,
                   language: Language) -> list[Hit]:
    """Feedback guidance for this kind of line (empty without a retriever or on failure).

    The query is the catalogue's words for the move, not the user's text: the tip advises on
    technique, and a fixed query is answered the same way every time.
    """
    if retriever is None:
        return []
    try:
        return await asyncio.to_thread(retriever.search, say(f"sources.{move}", language),
                                       GUIDANCE_K, topic="feedback", language=language)
    except Exception as exc:  # guidance is optional; never fail the rehearsal on search
        log.warning("rehearsal guidance search failed: %s", type(exc).__name__)
        return []


async def rehearse(feedback: str, *, history: Sequence[Turn | Mapping[str, str] | Any] = (),
                   persona: str | None = None, language: str | None = None,
                   names: Sequence[str] = (), backend: ChatBackend | None = None,
                   retriever: SearchesPassages | None = None,
                   analyzer: FeedbackAnalyzer | None = None) -> RehearsalResult:
    """The employee's next line and a coach tip on the manager's latest line.

    Args:
        feedback: The manager's latest line, 1-4000 characters after trimming.
        history: The earlier turns, oldest first, at most 20.
        persona: open, defensive, surprised, quiet or upset (default open).
        language: "da" or "en"; detected from the manager's lines when None.
        names: Person names that must not reach an external model.
        backend: The chat backend, or None for the rules engine.
        retriever: Guidance search, for `sources` and the tip.
        analyzer: The feedback analyzer (defaults to the built-in lexicon).

    Raises:
        InputError: An input violates the contract.
    """
    analyzer = analyzer or default_analyzer()
    feedback = check_text(feedback, "feedback")
    turns = check_history(history)
    who = check_persona(persona)
    names = check_names(names)
    # A short line ("Okay.") says little about its language; the manager's earlier lines help.
    lang = check_language(language) or detect_language(
        "\n".join([*(t.text for t in turns if t.role == "manager"), feedback]))
    scan = analyzer.scan(feedback, lang, names)
    analysis = scan.analysis()
    line = read_line(scan)
    convo = read_history(turns, analyzer, lang, names)
    hits = await retrieve(retriever, line.move, lang)
    refs = [SourceRef(id=h.id, title=h.title, topic=h.topic) for h in hits]

    outcome = await draft_rehearsal(backend, feedback=feedback, line=line, analysis=analysis,
                                    history=turns, persona=who, language=lang, hits=hits,
                                    names=names)
    if outcome.value is not None:
        cited = set(outcome.value.cited_ids)
        return RehearsalResult(language=lang, persona=who, reply=outcome.value.reply,
                               coach_tip=outcome.value.coach_tip, analysis=analysis,
                               sources=[r for r in refs if r.id in cited] or refs,
                               engine="llm", degraded=False, move=line.move,
                               reaction=outcome.value.reaction)
    reply = compose(line, convo, who, lang)
    return RehearsalResult(language=lang, persona=who, reply=reply.text,
                           coach_tip=coach_tip(line, analysis, convo, hits, lang),
                           analysis=analysis, sources=refs, engine="rules",
                           degraded=outcome.degraded, move=line.move, reaction=reply.reaction)
