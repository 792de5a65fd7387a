"""Solvers: run one case through the coach (the same `Coach` facade the API and CLI use) and
return a compact, JSON-able output for the scorers.

Checks that need the coach itself (re-analysing a suggestion, near-duplicate detection, known
source ids, the judge) run here, as extra solver steps, so the scorers stay pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from coach.errors import InputError
from coach.feedback.rewrite_data import rewrite_words
from coach.feedback.sbi import near_duplicate
from coach.llm.checks import language_complaints, ungrounded
from coach.prep import is_duplicate
from coach.prep.cues import has_words
from coach.prep.lexicon import prep_data
from coach.rehearsal import PERSONAS
from coach.service import Coach
from coach.tokens import tokenize
from evals import spelling
from evals.goalgen import generate
from evals.model import Case
from evals.summary_checks import calendar_complaints, referat_facts

Solver = Callable[[Case, "Env"], Awaitable[dict[str, Any]]]
RETRIEVAL_K = 10  # MRR is MRR@10; hit@1 and hit@3 read the head of the same list
_QUOTED = re.compile(r'"[^"]*"')  # the context's own words inside a question
MAX_TURNS = 20  # the history a rehearsal request carries (CONTRACT.md)


@dataclass
class Env:
    """What solvers share during a run.

    Attributes:
        coach: The coach under test (rules engine, or with an LLM backend / cassette).
        engine: "rules" or "llm".
        judge: Scores rephrasings 1-5 when a judge model is configured, else None.
        known_ids: Every question-bank and passage id, for citation validity.
    """

    coach: Coach
    engine: str
    judge: Any = None
    known_ids: set[str] = field(default_factory=set)


def _dump(value: Any) -> dict[str, Any]:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else dict(value)


async def analyze(case: Case, env: Env) -> dict[str, Any]:
    """Feedback detection: the analysis of the statement."""
    result = _dump(await env.coach.analyze_feedback(case.inputs["text"], language=case.language))
    return {"person_directed": result["person_directed"],
            "findings": [{k: f[k] for k in ("category", "start", "end", "excerpt")}
                         for f in result["findings"]]}


async def rephrase(case: Case, env: Env) -> dict[str, Any]:
    """Rephrase, then check each suggestion against the case: the analyzer, invented facts,
    language, the topics to keep, the judging words to drop, spelling (and the judge); and the
    answer as a whole: near-duplicate suggestions, praise kept as praise."""
    text, context = case.inputs["text"], case.inputs.get("context")
    expected = case.expected
    result = _dump(await env.coach.rephrase_feedback(text, context=context,
                                                     language=case.language))
    suggestions = []
    for s in result.get("suggestions", []):
        again = _dump(await env.coach.analyze_feedback(s["text"], language=case.language))
        invented = ungrounded(s["text"], text, context or "")
        missing = [k for k in expected.get("keep", []) if k.lower() not in s["text"].lower()]
        judging = [w for j in expected.get("judging", [])
                   for w in judging_left(s["text"], j, case.language)]
        strict = [w for j in expected.get("judging", [])
                  for w in judging_left(s["text"], j, case.language, strict=True)]
        typos = spelling.misspelt(s["text"], case.language, text, context or "")
        suggestions.append({
            "text": s["text"],
            "style": s.get("style"),
            "analyzer_ok": not again["person_directed"],
            "grounded_ok": not invented,
            "language_ok": not language_complaints(s["text"], case.language),
            "keep_ok": not missing, "missing": missing,
            "judging_ok": not judging, "judging": judging, "judging_strict_ok": not strict,
            "spelling_ok": not typos if spelling.available(case.language) else None,
            "misspelt": typos,
            "praise_ok": _praise_ok(s["text"], case.language)
            if expected.get("kind") == "praise" else None,
        })
    if env.judge is not None and suggestions:
        verdicts = await env.judge.score(case, [s["text"] for s in suggestions])
        for s, verdict in zip(suggestions, verdicts, strict=True):
            s["judge"] = verdict
    texts = [s["text"] for s in suggestions]
    duplicates = sum(is_near_duplicate(t, texts[:n]) for n, t in enumerate(texts))
    return {"suggestions": suggestions, "duplicates": duplicates,
            "engine": result.get("engine"), "degraded": result.get("degraded")}


# Words of a judging phrase that carry no judgement of their own: pronouns, articles, the
# copula, prepositions and conjunctions. Everything else counts: "keep ignoring" leaves no
# "keep" behind. The gate's check also passes negations and auxiliaries, which the user's own
# facts need ("de ikke får dine tal", "didn't review"); the strict figure counts them too.
_FUNCTION_WORDS = {
    "da": frozenset({"du", "dig", "din", "dit", "dine", "jeg", "mig", "vi", "os", "han", "hun",
                     "ham", "hende", "de", "dem", "den", "det", "en", "et", "er", "var", "være",
                     "og", "at", "i", "på", "med", "til", "for", "af", "om", "som", "der",
                     "men", "eller"}),
    "en": frozenset({"you", "your", "yours", "i", "me", "my", "we", "us", "our", "he", "she",
                     "him", "her", "his", "it", "its", "they", "them", "their", "the", "a",
                     "an", "be", "is", "are", "am", "was", "were", "and", "that", "to", "of",
                     "in", "on", "at", "with", "for", "about", "but", "or"}),
}


_GRAMMAR_WORDS = {"da": frozenset({"ikke", "have", "har", "så", "gøre", "gør"}),
                  "en": frozenset({"not", "n't", "do", "does", "did", "have", "has", "so"})}


def judging_left(text: str, phrase: str, language: str, *, strict: bool = False) -> list[str]:
    """Words of a judging phrase the suggestion still holds, compared by lemma (placeholders
    included: a question must not repeat the judgement either)."""
    said = {k for t in tokenize(text, language) if not t.punct for k in t.keys}
    plain = _FUNCTION_WORDS[language] | (frozenset() if strict else _GRAMMAR_WORDS[language])
    return [t.text for t in tokenize(phrase, language) if not t.punct
            and t.lemma not in plain and t.norm not in plain
            and (t.norm in said or t.lemma in said)]


_WORDS = re.compile(r"[^\W_]+")
def is_near_duplicate(text: str, others: list[str]) -> bool:
    """True when `text` reads almost like one of `others` (the product's own measure,
    `coach.feedback.sbi.near_duplicate`: ratio or token-set ratio >= 85, placeholders blanked)."""
    return any(near_duplicate(text, o) for o in others)


def _praise_ok(text: str, language: str) -> bool:
    """Praise out: it thanks the person ("Tak for …", "Thank you for …") and asks for no
    change."""
    words = rewrite_words(language)
    low = " " + " ".join(_WORDS.findall(text.lower())) + " "

    def has(phrases: tuple[tuple[str, ...], ...]) -> bool:
        return any(f" {' '.join(p)} " in low for p in phrases)

    return has(words.thanks) and not has(words.corrective)


async def check_goal(case: Case, env: Env) -> dict[str, Any]:
    """SMART: the verdict per criterion and the parsed deadline."""
    result = _dump(await env.coach.check_goal(
        case.inputs["goal"], context=case.inputs.get("context"), language=case.language,
        today=date.fromisoformat(case.inputs["today"])))
    return {"criteria": {name: c["met"] for name, c in result["criteria"].items()},
            "deadline": result.get("deadline"), "is_smart": result.get("is_smart"),
            "engine": result.get("engine"), "degraded": result.get("degraded")}


async def prep_questions(case: Case, env: Env) -> dict[str, Any]:
    """Prep: sections, each question's text, language, citations and kind; near-duplicate
    pairs. Whether a question speaks to the employee or contradicts the context is scored
    from the text against the eval's own labels (evals/scorers.py), not by the coach."""
    inputs = case.inputs
    result = _dump(await env.coach.prep_questions(
        inputs["role"], topics=inputs.get("topics"), context=inputs.get("context"),
        language=case.language, count=inputs["count"]))
    third_person = prep_data()["kinds"]["third_person"][case.language]
    questions: list[dict[str, Any]] = []
    texts: list[str] = []
    duplicates = 0
    for section in result["sections"]:
        for q in section["questions"]:
            duplicates += is_duplicate(q["text"], texts, case.language)
            texts.append(q["text"])
            questions.append({
                "text": q["text"],
                "kind": q.get("kind"),
                "language_ok": not language_complaints(f"{q['text']} {q['why']}", case.language),
                "citations_ok": bool(q["source_ids"])
                and all(sid in env.known_ids for sid in q["source_ids"]),
                "third_person": has_words(_QUOTED.sub(" ", q["text"]), third_person),
            })
    return {"sections": [{"topic": s["topic"], "questions": len(s["questions"])}
                         for s in result["sections"]],
            "questions": questions, "duplicates": duplicates, "note": result.get("note"),
            "engine": result.get("engine"), "degraded": result.get("degraded")}


async def fuzz_goals(case: Case, env: Env) -> dict[str, Any]:
    """Robustness: generated goals with numbers and dates of every size through the goal check
    (rules engine: the model is not asked 10,000 times). An InputError is the API's 422; any
    other exception would be a 5xx."""
    coach = replace(env.coach, llm=None)
    answered = refused = 0
    failures: list[str] = []
    for goal, today in generate(case.inputs["seed"], case.inputs["n"], case.language):
        try:
            await coach.check_goal(goal, language=case.language, today=today)
            answered += 1
        except InputError:
            refused += 1
        except Exception as exc:  # the point of the task: count what would be a server error
            failures.append(type(exc).__name__)
    return {"checked": case.inputs["n"], "answered": answered, "refused": refused,
            "server_errors": len(failures), "kinds": sorted(set(failures))}


async def search(case: Case, env: Env) -> dict[str, Any]:
    """Retrieval: the best passages (id, topic, language), best first."""
    inputs = case.inputs
    hits = await env.coach.search_guidance(inputs["query"], k=RETRIEVAL_K,
                                           topic=inputs.get("topic"),
                                           audience=inputs.get("audience"),
                                           language=case.language)
    return {"hits": [{"id": h.id, "topic": h.topic, "language": h.language} for h in hits]}


# Words of a judging excerpt that say nothing on their own ("du er ikke en teamplayer" is picked
# up as "teamplayer", not as "ikke"); words under three letters are not counted either.
_PLAIN_WORDS = frozenset({
    "ikke", "være", "bliver", "virker", "altså", "også", "meget", "lidt", "rigtig",
    "simpelthen", "dig", "han", "hun", "ham", "det", "den", "der", "som", "men", "til", "for",
    "med", "her", "var", "har", "you", "are", "not", "the", "and", "that", "this", "with",
    "your", "you're", "have", "been", "being", "seem", "seems", "really", "very", "just",
    "pretty", "quite", "was", "has", "can", "its", "his", "she"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def picks_up(reply: str, excerpts: Sequence[str]) -> bool:
    """True when the reply repeats a telling word of one of the judging excerpts."""
    said = {w.casefold() for w in _WORD.findall(reply)}
    return any(w.casefold() in said for e in excerpts for w in _WORD.findall(e)
               if len(w) >= 3 and w.casefold() not in _PLAIN_WORDS)


async def rehearse(case: Case, env: Env) -> dict[str, Any]:
    """Play the scripted conversation, sending the history back each turn as a client would;
    then the first line once with every persona."""
    persona, lines = case.inputs["persona"], case.inputs["lines"]
    history: list[dict[str, str]] = []
    earlier: list[str] = []
    turns: list[dict[str, Any]] = []
    for line in lines:
        r = _dump(await env.coach.rehearse_feedback(line, history=history[-MAX_TURNS:],
                                                    persona=persona, language=case.language))
        excerpts = [f["excerpt"] for f in r["analysis"]["findings"]]
        tip = r["coach_tip"].casefold()
        turns.append({
            "reply": r["reply"], "reaction": r.get("reaction"), "move": r.get("move"),
            "language_ok": not language_complaints(r["reply"], case.language),
            "picks_up": picks_up(r["reply"], excerpts), "refers": picks_up(r["reply"], earlier),
            "findings": len(excerpts),
            "tip_ok": all(e.casefold() in tip for e in excerpts),
            "engine": r.get("engine"), "degraded": r.get("degraded")})
        earlier += excerpts
        history += [{"role": "manager", "text": line}, {"role": "employee", "text": r["reply"]}]
    first = {_dump(await env.coach.rehearse_feedback(lines[0], persona=p,
                                                     language=case.language))["reply"]
             for p in PERSONAS}
    return {"turns": turns, "persona_replies": len(first),
            "engine": "llm" if any(t["engine"] == "llm" for t in turns) else "rules",
            "degraded": any(t["degraded"] for t in turns)}


async def summarize_notes(case: Case, env: Env) -> dict[str, Any]:
    """MUS summary: the found goals, to-dos and meetings with their spans, whether the referat
    states only facts from the notes, and whether its calendar parses with every date right."""
    inputs = case.inputs
    meeting = inputs.get("meeting_date")
    result = await env.coach.summarize_mus(
        inputs["notes"], language=case.language, today=date.fromisoformat(inputs["today"]),
        meeting_date=date.fromisoformat(meeting) if meeting else None)
    dumped = _dump(result)
    invented = ungrounded(result.markdown, *referat_facts(inputs["notes"], result))
    return {
        "goals": [{k: g[k] for k in ("text", "start", "end", "deadline")}
                  for g in dumped["goals"]],
        "actions": [{k: a[k] for k in ("text", "start", "end", "owner", "due")}
                    for a in dumped["actions"]],
        "follow_up": [{k: f[k] for k in ("date", "start", "end", "proposed")}
                      for f in dumped["follow_up"]],
        "ungrounded": invented,
        "calendar": calendar_complaints(result),
        "engine": dumped.get("engine"), "degraded": dumped.get("degraded"),
    }
