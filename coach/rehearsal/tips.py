"""The rules engine's coach tip on the manager's line: what worked (the analyzer's strengths),
the judging wording quoted with what to do instead (its findings), the next step for this
kind of line, and the guidance it rests on."""

from __future__ import annotations

from collections.abc import Sequence

from coach.feedback import FeedbackAnalysis
from coach.knowledge.types import Hit
from coach.language import Language
from coach.rehearsal.lexicon import say
from coach.rehearsal.moves import Conversation, Line


def _join(items: Sequence[str], language: Language) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {say('tip.and', language)} {items[-1]}"


def _next_steps(line: Line, convo: Conversation) -> list[str]:
    move, strengths = line.move, set(line.strengths)
    if move == "judging":
        return ["tip.next.judging"]
    if move == "acknowledgement":
        return ["tip.next.acknowledgement_after" if convo.tension else "tip.next.acknowledgement"]
    if move == "concrete":
        keys = []
        if "impact" not in strengths:
            keys.append("tip.next.concrete_impact")
        if "request" not in strengths and line.question is None:
            keys.append("tip.next.concrete_request")
        return keys or ["tip.next.concrete_listen"]
    if move == "question":
        return ["tip.next.question_closed" if line.closed else "tip.next.question_open"]
    if move == "praise":
        return ["tip.next.praise" if strengths & {"behaviour", "situation"}
                else "tip.next.praise_vague"]
    return [f"tip.next.{move}"]


def coach_tip(line: Line, analysis: FeedbackAnalysis, convo: Conversation, hits: Sequence[Hit],
              language: Language) -> str:
    """The tip: strengths, each finding by its exact wording, the next step, one source."""
    parts: list[str] = []
    # An apology or a vague opener has no strengths to praise, whatever the analyzer found.
    worked = [] if line.move in ("acknowledgement", "neutral") else [
        say(f"tip.strength.{k}", language) for k in line.strengths
        if k != "request" or line.move != "judging"]
    if worked:
        parts.append(say("tip.worked", language, strengths=_join(worked, language)))
    for f in analysis.findings:
        parts.append(say(f"tip.finding.{f.category}", language, excerpt=f.excerpt))
    if analysis.findings:
        parts.append(say("tip.effect.again" if convo.tension else "tip.effect.first", language))
    parts += [say(k, language) for k in _next_steps(line, convo)]
    if hits:
        parts.append(say("tip.source", language, title=hits[0].title))
    return " ".join(parts)
