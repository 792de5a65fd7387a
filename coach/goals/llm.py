"""The LLM path of the goal check (prompts/goal_suggest.*.j2).

The model's suggestion replaces the rules suggestion only when it passes the same checks as the
rules' own answer: the SMART checker (S, M and T met, or left as a [placeholder]), the user's
facts kept (nothing ungrounded, no number from the goal dropped), plain sentences rather than a
chain of placeholders, and questions that are questions. With context it may also judge
achievable/relevant where the rules could not, and must say why from the context; it may not
call a goal achievable when the context names less capacity, and the rules' own judgements are
never overridden. The rules' questions on achievability and relevance are always kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from coach.goals.criteria import check_rules, is_smart
from coach.goals.domains import domain_of, pick
from coach.goals.lexicon import messages, smart_lexicon
from coach.goals.types import CRITERIA, REQUIRED, Criterion, GoalCheck, GoalDraft
from coach.knowledge.types import Hit
from coach.language import Language
from coach.llm.backend import ChatBackend
from coach.llm.checks import FieldPolicy, language_complaints, ungrounded
from coach.llm.draft import draft
from coach.placeholders import PLACEHOLDER

TEMPLATE = "goal_suggest"
_QUOTED = re.compile(r'"([^"]+)"')
_DIGITS = re.compile(r"\d+")
# "by [action], measured by [...], by [date]": placeholders strung together by a comma and a
# word or two read as a form, not a sentence (issue 16).
_CHAIN = re.compile(r"\],?\s+(?:[^\W\d_]+\s+){0,2}\[.*?\],?\s+(?:[^\W\d_]+\s+){0,2}\[")
FOLLOWUPS = 2  # the rules' last questions: one on achievable, one on relevant


def needs_llm(result: GoalCheck, context: str | None) -> bool:
    """True when the model has something to add: a missing criterion, or context to judge by."""
    missing = any(getattr(result.criteria, k).met is not True for k in REQUIRED)
    unjudged = context is not None and (result.criteria.achievable.met is None
                                        or result.criteria.relevant.met is None)
    return missing or unjudged


def _variables(result: GoalCheck, goal: str, context: str | None,
               hits: Sequence[Hit]) -> dict[str, Any]:
    # Only the quoted phrases of the evidence go to the model: the resolved ISO dates and the
    # advice examples are the coach's words, and would let an invented date pass as grounded.
    findings = [{"name": k, "met": getattr(result.criteria, k).met,
                 "phrases": [q for e in getattr(result.criteria, k).evidence
                             for q in _QUOTED.findall(e)]} for k in CRITERIA]
    return {
        "goal": goal,
        "context": context or "",
        "language": result.language,
        "judge": context is not None,
        "findings": findings,
        "missing": [k for k in REQUIRED if getattr(result.criteria, k).met is not True],
        "rules_suggestion": result.suggestion,
        "passages": [{"id": h.id, "title": h.title, "text": h.text} for h in hits],
        "examples": _examples(goal, result.language),
    }


def _examples(goal: str, language: Language) -> list[str]:
    """Two actions from the goal's own domain, which the model may offer inside a placeholder."""
    domain = domain_of(goal, language)
    return pick(domain.actions[language], goal, 2) if domain else []


class _Validator:
    """The feature's checks on a draft (draft() adds language and prompt-leak checks)."""

    def __init__(self, goal: str, context: str | None, language: str, today: date) -> None:
        self.goal, self.context, self.language, self.today = goal, context, language, today

    def __call__(self, value: GoalDraft) -> list[str]:
        problems: list[str] = []
        check = check_rules(value.suggestion, context=self.context, language=self.language,
                            today=self.today)
        unmet = [k for k in REQUIRED if getattr(check.criteria, k).met is not True]
        has_placeholder = bool(PLACEHOLDER.search(value.suggestion))
        if unmet and not has_placeholder:
            problems.append("The suggestion is still not " + ", ".join(unmet) + ". Make it so, "
                            "or leave a bracketed placeholder for what only the user can decide.")
        # Stricter than draft()'s own grounding: only the user's goal and context count, not the
        # passages, whose examples ("inden 30. juni") must not become the user's deadline.
        invented = ungrounded("\n".join([value.suggestion, *value.questions]), self.goal,
                              self.context or "")
        if invented:
            problems.append("These facts are not in the goal or context: " + ", ".join(invented)
                            + ". Remove them or use a placeholder such as [dato] or [antal].")
        lost = sorted(set(_DIGITS.findall(self.goal)) - set(_DIGITS.findall(value.suggestion)))
        if lost:
            problems.append("Keep every number and date from the goal; missing: "
                            + ", ".join(lost) + ".")
        if _CHAIN.search(value.suggestion):
            problems.append("Write the suggestion as plain sentences, e.g. 'I will [action] by "
                            "[date], and the goal is met when [number]', not a chain of "
                            "placeholders joined by commas.")
        problems += [f"Question {i} must end with '?'." for i, q in
                     enumerate(value.questions, 1) if not q.strip().endswith("?")]
        labelled = [("The suggestion", value.suggestion),
                    *((f"Question {i}", q) for i, q in enumerate(value.questions, 1))]
        for where, text in labelled:
            problems += [f"{where}: {c}" for c in language_complaints(text, self.language)]
        if has_placeholder and not value.questions:
            problems.append("Ask one to three questions that fill the placeholders.")
        for name in ("achievable", "relevant"):
            judgement = getattr(value, name)
            if judgement is None or judgement.met is None:
                continue
            if self.context is None:
                problems.append(f"No context was given: set {name} to null.")
            elif not judgement.advice.strip():
                problems.append(f"Explain the {name} judgement in its advice.")
            else:
                invented = ungrounded(judgement.advice, self.goal, self.context)
                if invented:
                    problems.append(f"The {name} advice states facts that are not in the goal "
                                    f"or context ({', '.join(invented)}); remove them.")
        achievable = value.achievable
        if achievable is not None and achievable.met is True and self.context is not None \
                and smart_lexicon().capacity.search(self.context):
            problems.append("The context names less capacity than usual: set achievable to "
                            "null and let the question ask what gives way.")
        return problems


async def improve(result: GoalCheck, goal: str, context: str | None, today: date,
                  hits: Sequence[Hit], llm: ChatBackend, names: Sequence[str],
                  judge: Callable[[str, str], bool] | None = None) -> GoalCheck:
    """Ask the LLM for a better suggestion and, with context, achievable/relevant judgements.

    Returns `result` updated in place: the draft's suggestion and questions when it passed the
    checks, `engine`/`degraded` as `draft` reports them.
    """
    if not needs_llm(result, context):
        return result
    lang = result.language
    policy = FieldPolicy(judged=("suggestion", "questions.*"),
                         judge=(lambda text: judge(text, lang)) if judge else None)
    outcome = await draft(llm, template=TEMPLATE, variables=_variables(result, goal, context, hits),
                          schema=GoalDraft, validate=_Validator(goal, context, result.language,
                                                                today), names=names,
                          policy=policy)
    result.engine, result.degraded = outcome.engine, outcome.degraded
    value = outcome.value
    if value is None:
        return result
    followups = result.questions[-FOLLOWUPS:]  # the rules' achievable and relevant questions
    result.suggestion = value.suggestion.strip()
    result.questions = [q.strip() for q in value.questions if q.strip()][:3] + followups
    if context is not None:
        for name in ("achievable", "relevant"):
            judgement = getattr(value, name)
            if getattr(result.criteria, name).met is None and judgement is not None \
                    and judgement.met is not None:
                setattr(result.criteria, name, Criterion(
                    met=judgement.met,
                    evidence=[messages().message("evidence.llm", result.language)],
                    advice=judgement.advice.strip()))
    result.is_smart = is_smart(result.criteria)
    return result
