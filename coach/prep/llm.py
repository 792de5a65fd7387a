"""The LLM engine for prep questions: adapt the rules engine's bank questions to the context.

Each adapted question passes the same checks as the rules' own set: it ends with "?", is open
(not verb-first yes/no), is in the requested language, invents no facts (`ungrounded` against
the context, the bank questions and the passages), cites only ids it was given, does not nearly
repeat another question, still names the context's words when it was built on them, takes
nothing for granted that the context contradicts (a new manager's "feedback from me this
year"), and speaks to the employee where it is the employee's or one to ask. The sections (the
opening first, the closing last) and each question's `kind` are the plan's. The model gets one
retry with the complaints; after that every question that still fails is replaced by its
original (per question, not all or nothing).

`degraded` is true when any question had to be replaced, so an integrator can tell a fully
adapted set from a partly adapted one; `engine` is "llm" while at least one adapted question
survived, else "rules".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from coach.knowledge.types import Hit, SearchesPassages
from coach.llm.backend import ChatBackend
from coach.llm.checks import FieldPolicy, language_complaints, uncited, ungrounded
from coach.llm.draft import draft
from coach.prep.cues import has_words, question_complaints
from coach.prep.lexicon import prep_data
from coach.prep.plan import is_duplicate, is_manager_self, section_title, to_result
from coach.prep.situation import contradicted
from coach.prep.types import Pick, Plan, PrepResult

log = logging.getLogger(__name__)

TEMPLATE = "prep_adapt"
_QUOTED = re.compile(r'"[^"]*"')  # the context's own words inside a question
# Passages per section and in total: enough guidance to adapt from, small enough for a prompt.
PASSAGES_PER_SECTION = 1
MAX_PASSAGES = 8


class AdaptedQuestion(BaseModel):
    """One question as the model returns it."""

    id: str = Field(description="The id of the bank question this one adapts.")
    text: str = Field(description="The adapted open question, ending with '?'.")
    why: str = Field(description="One short sentence on why the question is worth asking.")
    source_ids: list[str] = Field(default_factory=list,
                                  description="Ids of the passages used; may be empty.")


class AdaptedSet(BaseModel):
    """The model's whole answer."""

    questions: list[AdaptedQuestion]


def _key(pick: Pick, n: int) -> str:
    return pick.bank_id or f"{'context' if pick.quote else 'fallback'}-{n}"


def keyed(plan: Plan) -> list[tuple[str, list[tuple[str, Pick]]]]:
    """The plan's sections with an id per question: its bank id, else "context-N" (built on
    the context) or "fallback-N"."""
    counter = iter(range(1, 1000))
    return [(t, [(_key(p, next(counter)), p) for p in picks]) for t, picks in plan.sections]


def _passages(plan: Plan, retriever: SearchesPassages | None) -> list[Hit]:
    """The best passage per section, for the model to adapt from and cite."""
    if retriever is None:
        return []
    found: dict[str, Hit] = {}
    for topic, _ in plan.sections:
        query = plan.context or section_title(topic, plan.language)
        for hit in retriever.search(query, k=PASSAGES_PER_SECTION, topic=topic,
                                    audience=plan.role, language=plan.language):
            if hit.language == plan.language:
                found.setdefault(hit.id, hit)
    return list(found.values())[:MAX_PASSAGES]


class _Checker:
    """Per-question checks; also the `validate` callback handed to `draft`."""

    def __init__(self, plan: Plan, keys: dict[str, Pick], passages: list[Hit]) -> None:
        self.plan = plan
        self.keys = keys
        self.allowed = [p.id for p in passages]
        self.sources = [plan.context or "", *(p.text for p in passages),
                        *(f"{p.text}\n{p.why}" for p in keys.values()),
                        *(section_title(t, plan.language) for t, _ in plan.sections)]
        self.calls = 0

    def complaints(self, q: AdaptedQuestion) -> list[str]:
        """What is wrong with one adapted question (empty when it may be used)."""
        lang = self.plan.language
        pick = self.keys.get(q.id)
        if pick is None:
            return ["Its id is not one of the given question ids; keep each question's id."]
        problems = question_complaints(q.text, lang)
        problems += language_complaints(f"{q.text} {q.why}", lang)
        invented = ungrounded(f"{q.text}\n{q.why}", *self.sources)
        if invented:
            problems.append("It states facts that are not in the context, questions or "
                            f"passages ({', '.join(invented)}); remove them.")
        if uncited(q.source_ids, self.allowed):
            problems.append("It cites ids that are not in <passages>; cite only those.")
        if pick.pinned and not pick.quote and not is_manager_self(q.text, lang):
            problems.append("It must still ask what the manager can do differently.")
        if pick.quote and pick.quote.casefold() not in q.text.casefold():
            problems.append(f'It must still name "{pick.quote}" from the context, word for '
                            "word.")
        taken = contradicted(q.text, lang, self.plan.facts)
        if taken:
            problems.append("It takes for granted what the context contradicts ("
                            f"{', '.join(taken)}); the context says the manager or the employee "
                            "is new or this is the first MUS.")
        kinds = prep_data()["kinds"]
        if self.plan.role == "employee" and not has_words(q.text, kinds["second_person"][lang]):
            problems.append("Address the employee directly (du/you).")
        if pick.kind == "ask" and has_words(_QUOTED.sub(" ", q.text), kinds["third_person"][lang]):
            problems.append("It is asked of the employee: say 'you', not 'the employee'.")
        return problems

    def __call__(self, value: AdaptedSet) -> list[str]:
        """First answer: every complaint, so the retry can fix them. Second: accept, so the
        failing questions are replaced one by one instead of dropping the whole answer."""
        self.calls += 1
        if self.calls > 1:
            return []
        found: list[str] = []
        seen = set()
        for q in value.questions:
            seen.add(q.id)
            found += [f"Question {q.id}: {c}" for c in self.complaints(q)]
        missing = [k for k in self.keys if k not in seen]
        if missing:
            found.append(f"Adapt every given question; missing ids: {', '.join(missing)}.")
        return found


def _variables(plan: Plan, keyed: list[tuple[str, list[tuple[str, Pick]]]],
               passages: list[Hit]) -> dict[str, Any]:
    return {
        "language": plan.language,
        "role": plan.role,
        "context": plan.context or "",
        "count": sum(len(picks) for _, picks in keyed),
        "sections": [{"topic": t, "title": section_title(t, plan.language),
                      "questions": [{"id": k, "text": p.text, "why": p.why, "kind": p.kind,
                                     "quote": p.quote} for k, p in picks]}
                     for t, picks in keyed],
        "passages": [{"id": p.id, "title": p.title, "text": p.text} for p in passages],
    }


def _assemble(plan: Plan, keyed: list[tuple[str, list[tuple[str, Pick]]]],
              adapted: dict[str, AdaptedQuestion], ok: Callable[[AdaptedQuestion], bool]
              ) -> tuple[list[tuple[str, list[Pick]]], int, int]:
    """Pick per slot: the adaptation if it passes, else the bank original, else a spare."""
    texts: list[str] = []
    sections: list[tuple[str, list[Pick]]] = []
    kept = replaced = 0
    for topic, picks in keyed:
        spares = list(plan.spares.get(topic, []))
        out: list[Pick] = []
        for key, pick in picks:
            q = adapted.get(key)
            options: list[Pick] = []
            if q is not None and ok(q):
                cited = [s for s in q.source_ids if s not in pick.source_ids]
                options.append(Pick(topic, q.text.strip(), q.why.strip(),
                                    [*pick.source_ids, *cited], pick.bank_id, pick.pinned,
                                    pick.kind, pick.quote))
            has_adaptation = bool(options)
            options += [pick, *spares]
            for n, option in enumerate(options):
                if is_duplicate(option.text, texts, plan.language):
                    continue
                out.append(option)
                texts.append(option.text)
                spares = [s for s in spares if s is not option]
                if has_adaptation and n == 0:
                    kept += 1
                else:
                    replaced += 1
                break
        sections.append((topic, out))
    return sections, kept, replaced


async def adapt(plan: Plan, backend: ChatBackend, retriever: SearchesPassages | None,
                names: Sequence[str] = (),
                judge: Callable[[str, str], bool] | None = None) -> PrepResult:
    """Rewrite the plan's questions for its context with the LLM, question by question.

    Args:
        plan: The rules engine's selection (also the fallback for every question).
        backend: A `coach.llm.backend.ChatBackend`.
        retriever: Passage search for guidance the model may cite; None gives it none.
        names: Person names the model must never see.
        judge: `judge(text, language)` True when a text labels the person; a question or its
            why that does fails the whole answer (the rules answer, degraded).
    """
    # Called directly: the coach already runs this on one of its bounded worker threads.
    passages = _passages(plan, retriever)
    plan.passages.update({p.id: p for p in passages})
    sections_keyed = keyed(plan)
    keys = {k: p for _, picks in sections_keyed for k, p in picks}
    checker = _Checker(plan, keys, passages)
    lang = plan.language
    outcome = await draft(backend, template=TEMPLATE,
                          variables=_variables(plan, sections_keyed, passages),
                          schema=AdaptedSet, validate=checker, names=names, common_checks=False,
                          policy=FieldPolicy(judged=("questions.*.text", "questions.*.why"),
                                             judge=(lambda text: judge(text, lang))
                                             if judge else None))
    if outcome.value is None:
        return to_result(plan, "rules", outcome.degraded)
    adapted = {q.id: q for q in outcome.value.questions if q.id in keys}
    sections, kept, replaced = _assemble(plan, sections_keyed, adapted,
                                         lambda q: not checker.complaints(q))
    if replaced:
        log.info("prep: %d of %d adapted questions replaced from the bank", replaced,
                 kept + replaced)
    plan.sections = sections
    return to_result(plan, "llm" if kept else "rules", degraded=bool(replaced))
