"""The rules engine's whole answer: rule findings turned into criteria with evidence and advice,
the deadline, and a suggestion that keeps the goal and adds a placeholder per missing criterion.

No retrieval and no LLM: `check_rules` is deterministic, and the LLM path checks its drafts
with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coach.goals import rules
from coach.goals.deadlines.scan import MAX_SPAN_YEARS, TimeScan, scan
from coach.goals.errors import GoalInputError
from coach.goals.lexicon import messages
from coach.goals.types import REQUIRED, Criteria, Criterion, GoalCheck
from coach.language import Language, language_shares, resolve_language
from coach.limits import check_optional_text, check_text

# The dates a goal can be checked on: deadlines up to MAX_SPAN_YEARS ahead must stay inside
# Python's calendar (year 9999), with room to spare, and no goal is written before 1900.
MIN_TODAY = date(1900, 1, 1)
MAX_TODAY = date(2999, 12, 31)
assert MAX_TODAY.year + MAX_SPAN_YEARS + 2 <= date.max.year


def check_today(today: date | None) -> date:
    """`today`, or the server's date when None.

    Raises:
        InputError: a date outside MIN_TODAY..MAX_TODAY.
    """
    if today is None:
        return date.today()
    if not MIN_TODAY <= today <= MAX_TODAY:
        raise GoalInputError("today", "today_range", first=MIN_TODAY.isoformat(),
                             last=MAX_TODAY.isoformat())
    return today


def is_smart(criteria: Criteria) -> bool:
    """S, M and T met, and A and R not judged false."""
    return (all(getattr(criteria, k).met is True for k in REQUIRED)
            and criteria.achievable.met is not False and criteria.relevant.met is not False)


def _quote(phrases: Sequence[str], language: str) -> str:
    return ", ".join(messages().message("evidence.quoted", language, text=p) for p in phrases)


def _evidence(name: str, finding: rules.Finding, time: TimeScan, language: str) -> list[str]:
    if name == "time_bound" and finding.reason == "anchored":
        return [messages().message("evidence.anchored", language, text=t) for t in finding.extra]
    if name == "time_bound" and finding.met:
        out = []
        for ref in time.deadlines:
            when = ref.day.isoformat()
            if ref.note:
                note = messages().message(f"conventions.{ref.note}", language)
                out.append(messages().message("evidence.deadline_note", language, text=ref.text,
                                      date=when, note=note))
            else:
                out.append(messages().message("evidence.deadline", language, text=ref.text,
                                              date=when))
        return out
    if name == "achievable" and finding.reason in ("supported", "dependence", "perfection"):
        key = {"supported": "support"}.get(finding.reason, finding.reason)
        return [messages().message(f"evidence.{key}", language, text=t) for t in finding.extra]
    if name == "relevant" and finding.met:
        terms = ", ".join(finding.extra)
        return [messages().message("evidence.shared_terms", language, terms=terms)]
    return [messages().message("evidence.quoted", language, text=p) for p in finding.phrases]


def _criterion(name: str, finding: rules.Finding, time: TimeScan, language: str) -> Criterion:
    key = f"advice.{name}.{finding.reason}"
    date = finding.extra[0] if finding.reason == "past" else (
        time.deadline.day.isoformat() if time.deadline else "")
    # Each advice message formats the fields it needs and ignores the others.
    advice = messages().template(key, language).format(
        phrases=_quote(finding.extra, language), terms=", ".join(finding.extra), date=date)
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


def analysis_language(text: str, language: Language, requested: str | None) -> Language:
    """The language the rules read the goal in: the requested one, unless the goal is clearly
    written in the other ("language" then only decides the language of the advice)."""
    if requested is None:
        return language
    scores = language_shares(text)
    other: Language = "en" if language == "da" else "da"
    return other if scores[other] - scores[language] >= 0.3 else language


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
    today = check_today(today)
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
