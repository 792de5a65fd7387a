"""The rules engine's whole answer: rule findings turned into criteria with evidence and advice,
the deadline, and a suggestion that keeps the goal and adds a placeholder per missing criterion.

No retrieval and no LLM: `check_rules` is deterministic, and the LLM path checks its drafts
with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coach.goals import rules
from coach.goals.achievability import achievable
from coach.goals.deadlines.scan import MAX_SPAN_YEARS, TimeScan, scan
from coach.goals.domains import Domain, domain_of, pick
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
    if name == "time_bound" and finding.reason in ("anchored", "undated"):
        return [messages().message(f"evidence.{finding.reason}", language, text=t)
                for t in finding.extra]
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
    if name == "achievable":
        return _achievable_evidence(finding, language)
    if name == "relevant" and finding.reason == "shared":
        terms = ", ".join(finding.extra)
        return [messages().message("evidence.shared_terms", language, terms=terms)]
    if name == "relevant" and finding.reason in ("similar", "unrelated", "similar_role", "distant",
                                                   "distant_role"):
        return [messages().message(f"evidence.{finding.reason}", language, text=t)
                for t in finding.extra]
    return [messages().message("evidence.quoted", language, text=p) for p in finding.phrases]


def _achievable_evidence(finding: rules.Finding, language: str) -> list[str]:
    reason, extra = finding.reason, finding.extra
    if reason in ("supported", "dependence", "perfection", "capacity"):
        key = {"supported": "support"}.get(reason, reason)
        return [messages().message(f"evidence.{key}", language, text=t) for t in extra]
    if reason == "too_little_time":
        return [messages().message("evidence.workload", language, days=extra[0],
                                   phrases=_quote(extra[1:], language))]
    if reason == "tight":
        return [messages().message("evidence.days_left", language, days=extra[0])]
    return [messages().message("evidence.quoted", language, text=p) for p in finding.phrases]


def _examples(kind: str, domain: Domain | None, goal: str, language: str) -> str:
    """Two examples of `kind` ("actions", "measures") from the goal's own domain, or a prompt
    to think of one when the domain is unknown (never one fixed pair for every goal)."""
    if domain is None:
        return messages().message(f"examples.{kind}_none", language)
    first, second = pick(getattr(domain, kind)[language], goal, 2)
    return messages().message(f"examples.{kind}", language, first=first, second=second)


def _criterion(name: str, finding: rules.Finding, time: TimeScan, language: str,
               domain: Domain | None, goal: str) -> Criterion:
    key = f"advice.{name}.{finding.reason}"
    template = messages().template(key, language)
    values = {"phrases": _quote(finding.extra, language), "terms": ", ".join(finding.extra),
              "date": finding.extra[0] if finding.reason == "past" and name == "time_bound"
              else (time.deadline.day.isoformat() if time.deadline else "")}
    if finding.reason in ("too_little_time", "tight"):
        values |= {"days": finding.extra[0], "phrases": _quote(finding.extra[1:], language)}
    if "{actions}" in template:
        values["actions"] = _examples("actions", domain, goal, language)
    if "{measures}" in template:
        values["measures"] = _examples("measures", domain, goal, language)
    # Each advice message formats the fields it needs and ignores the others.
    return Criterion(met=finding.met, evidence=_evidence(name, finding, time, language),
                     advice=template.format(**values))


def followup_question(name: str, finding: rules.Finding, language: str) -> str:
    """The question on achievable or relevant that every check asks, SMART or not, pointed at
    what decided it (a passed deadline, the context's "to rådgivere mindre", ...)."""
    extra = finding.extra
    values: dict[str, str] = {"phrases": _quote(extra, language)}
    if finding.reason in ("too_little_time", "tight"):
        values = {"days": extra[0], "phrases": _quote(extra[1:], language)}
    if name == "achievable" and finding.reason == "supported" and finding.phrases:
        return messages().message("questions.achievable.supported_capacity", language,
                                  phrases=_quote(finding.phrases, language))
    return messages().template(f"questions.{name}.{finding.reason}", language).format(**values)


def with_relevant(result: GoalCheck, finding: rules.Finding) -> GoalCheck:
    """`result` with relevant decided by `finding` instead (advice, evidence, its question
    and `is_smart` follow); the relevant question is always the last one."""
    lang = result.language
    result.criteria.relevant = _criterion("relevant", finding, TimeScan(), lang, None, "")
    result.questions[-1] = followup_question("relevant", finding, lang)
    result.is_smart = is_smart(result.criteria)
    return result


def rules_suggestion(goal: str, findings: dict[str, rules.Finding], time: TimeScan,
                     language: str) -> tuple[str, list[str]]:
    """The goal as written, completed in plain sentences with a placeholder per missing
    criterion ("Get better at public speaking. Concretely, I will [concrete action] by [date],
    and the goal is met when [number or deliverable]."), and the questions that fill them.

    Nothing is removed, so every fact stays; placeholders hold no numbers or dates.
    """
    missing = [k for k in REQUIRED if not findings[k].met]
    base = goal.strip().rstrip(" .!")
    if not missing:
        return base + ".", []

    def say(key: str) -> str:
        return messages().message(f"suggestion.{key}", language)

    when = ""
    if "time_bound" in missing:
        kind = findings["time_bound"].reason
        when = say({"frequency_only": "until", "past": "new_date"}.get(kind, "by"))
    done = say("done_when") if "measurable" in missing else ""
    if "specific" in missing and findings["specific"].reason == "empty":
        lead = base[:1].lower() + base[1:] if base[1:2].islower() else base
        text = f"{say('what')} {lead}{when}{done}."  # "[Hvad vil du gøre?] inden 30. juni, ..."
    elif "specific" in missing:
        text = f"{base}. {say('concretely')}{when}{done}."
    else:
        text = f"{base}{when}{done}."
    questions = [messages().message(f"questions.{k}", language) for k in missing]
    if findings["time_bound"].reason == "impossible":  # "by March 32": which day was meant?
        questions[missing.index("time_bound")] = messages().message(
            "questions.time_bound_impossible", language,
            phrases=_quote(findings["time_bound"].extra, language))
    return text, questions


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
    read_as = analysis_language(text, lang, language)
    prepared = rules.prepare(text, read_as, time)
    actions = rules.concrete_actions(prepared)
    found = rules.measures(prepared).for_actions(actions, read_as)
    events = rules.events(prepared, actions)
    findings = {
        "specific": rules.specific(prepared, found, events, actions),
        "measurable": rules.measurable(prepared, found, events, actions),
        "achievable": achievable(prepared, ctx, today),
        "relevant": rules.relevant(prepared, ctx),
        "time_bound": rules.time_bound(prepared, today.isoformat()),
    }
    # Only advice on a missing S or M gives examples, so only then is the domain looked up.
    domain = domain_of(text, read_as) if not (findings["specific"].met
                                              and findings["measurable"].met) else None
    criteria = Criteria(**{k: _criterion(k, f, time, lang, domain, text)
                           for k, f in findings.items()})
    suggestion, questions = rules_suggestion(text, findings, time, lang)
    if time.impossible and findings["time_bound"].reason != "impossible":
        # another date decided the deadline, but the one that does not exist is still asked
        questions.append(messages().message("questions.time_bound_impossible", lang, phrases=_quote(
            [b.text for b in time.impossible], lang)))
    if findings["time_bound"].reason == "undated":  # "inden sommerferien": which day is it?
        questions.append(messages().message("questions.time_bound_undated", lang, phrases=_quote(
            findings["time_bound"].extra, lang)))
    questions += [followup_question(k, findings[k], lang) for k in ("achievable", "relevant")]
    return GoalCheck(language=lang, criteria=criteria,
                     deadline=time.deadline.day if time.deadline else None,
                     is_smart=is_smart(criteria), suggestion=suggestion, questions=questions)
