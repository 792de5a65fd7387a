"""Scorers (per case: `(case, output) -> Score`) and aggregates (per slice: cases -> metrics).

Scorers see the solver's compact output only, so they are pure and testable on hand-made
tables (tests/evals/test_scorers.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from evals.metrics import (
    PRF,
    hit_at,
    mean,
    prf_binary,
    prf_from_sets,
    reciprocal_rank,
    score_means,
)
from evals.model import Case, CaseResult, Score
from evals.rows import CATEGORIES, CRITERIA

Out = Mapping[str, Any]
NONE = "none"  # the confusion matrix's row/column for "no finding here"
JUDGE_PASS = 4  # a judge score at or above this counts as a good rephrasing


def engine_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """For LLM runs: share of answers the model gave, and share degraded to the rules engine."""
    outs = [c.output for c in cases]
    if not any(o.get("engine") == "llm" or o.get("degraded") for o in outs):
        return {}  # a rules run: nothing to say
    return {"llm_answered": mean(o.get("engine") == "llm" for o in outs),
            "degraded": mean(bool(o.get("degraded")) for o in outs)}


# --- feedback detection ---------------------------------------------------------------------

def _categories(findings: Sequence[Mapping[str, Any]]) -> set[str]:
    return {f["category"] for f in findings}


def person_directed(case: Case, out: Out) -> Score:
    """Did the analyzer call the statement person-directed exactly when the label says so?"""
    want, got = case.expected["person_directed"], bool(out.get("person_directed"))
    return Score(value=want == got, reason=f"expected {want}, got {got}")


def categories(case: Case, out: Out) -> Score:
    """Is the set of finding categories exactly the labelled set?"""
    want = _categories(case.expected["findings"])
    got = _categories(out.get("findings", []))
    return Score(value=want == got, reason=f"expected {sorted(want)}, got {sorted(got)}")


def _overlaps(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def spans(case: Case, out: Out) -> Score:
    """Share of labelled findings that a predicted finding of the same category overlaps."""
    want = case.expected["findings"]
    if not want:
        return Score(value=None, reason="nothing labelled")
    got = out.get("findings", [])
    found = [w for w in want if any(g["category"] == w["category"] and _overlaps(w, g)
                                    for g in got)]
    return Score(value=len(found) / len(want), reason=f"{len(found)}/{len(want)} spans found")


def feedback_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """Person-directed P/R/F1, per-category and micro P/R/F1 over category sets, accuracy."""
    binary = prf_binary((c.expected["person_directed"], bool(c.output.get("person_directed")))
                        for c in cases)
    pairs = [(_categories(c.expected["findings"]), _categories(c.output.get("findings", [])))
             for c in cases]
    out: dict[str, float | None] = {
        "person_directed.f1": binary.f1,
        "person_directed.precision": binary.precision,
        "person_directed.recall": binary.recall,
    }
    micro = prf_from_sets(pairs)
    out |= {"categories.f1": micro.f1, "categories.precision": micro.precision,
            "categories.recall": micro.recall}
    for category in CATEGORIES:
        prf = prf_from_sets(pairs, category)
        out |= {f"{category}.f1": prf.f1, f"{category}.precision": prf.precision,
                f"{category}.recall": prf.recall}
    means = score_means(cases, ["person_directed", "categories", "spans"])
    return out | {"person_directed.accuracy": means["person_directed"],
                  "categories.exact": means["categories"], "spans.recall": means["spans"]}


def confusion(cases: Sequence[CaseResult]) -> dict[str, Any]:
    """Category confusion with spans aligned by overlap; `none` = no finding on that side."""
    labels = [*CATEGORIES, NONE]
    index = {name: i for i, name in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for c in cases:
        want, got = c.expected["findings"], c.output.get("findings", [])
        for w in want:
            hits = [g for g in got if _overlaps(w, g)]
            same = [g for g in hits if g["category"] == w["category"]]
            predicted = (same or hits or [{"category": NONE}])[0]["category"]
            matrix[index[w["category"]]][index[predicted]] += 1
        for g in got:
            if not any(_overlaps(w, g) for w in want):
                matrix[index[NONE]][index[g["category"]]] += 1
    return {"labels": labels, "matrix": matrix}


# --- rephrase -------------------------------------------------------------------------------

_CHECKS = ("analyzer_ok", "grounded_ok", "language_ok")


def _share(out: Out, check: str) -> Score:
    suggestions = out.get("suggestions", [])
    if not suggestions:
        return Score(value=0.0, reason="no suggestion")
    passed = sum(bool(s.get(check)) for s in suggestions)
    return Score(value=passed / len(suggestions), reason=f"{passed}/{len(suggestions)} pass")


def passes_analyzer(case: Case, out: Out) -> Score:
    """Share of suggestions the analyzer no longer finds person-directed."""
    return _share(out, "analyzer_ok")


def grounded(case: Case, out: Out) -> Score:
    """Share of suggestions that add no fact missing from the statement and its context."""
    return _share(out, "grounded_ok")


def in_language(case: Case, out: Out) -> Score:
    """Share of suggestions written in the statement's language."""
    return _share(out, "language_ok")


def judged(case: Case, out: Out) -> Score:
    """Mean judge score (1-5) of the suggestions; None when no judge is configured."""
    scores = [s["judge"]["score"] for s in out.get("suggestions", []) if s.get("judge")]
    if not scores:
        return Score(value=None, reason="no judge")
    return Score(value=sum(scores) / len(scores), reason=f"judge scores {scores}")


def keeps_topics(case: Case, out: Out) -> Score:
    """Share of suggestions holding every topic and fact the case lists under `keep`."""
    return _share(out, "keep_ok")


def drops_judging(case: Case, out: Out) -> Score:
    """Share of suggestions holding none of the judging words the case lists."""
    return _share(out, "judging_ok")


def spelled(case: Case, out: Out) -> Score:
    """Share of suggestions whose added words the Hunspell dictionary knows (None: none there)."""
    suggestions = out.get("suggestions", [])
    if not suggestions or any(s.get("spelling_ok") is None for s in suggestions):
        return Score(value=None, reason="no dictionary installed")
    return _share(out, "spelling_ok")


def distinct(case: Case, out: Out) -> Score:
    """No two suggestions of the answer are near-duplicates."""
    dupes = out.get("duplicates", 0)
    return Score(value=dupes == 0, reason=f"{dupes} near-duplicate suggestion(s)")


def praise_kept(case: Case, out: Out) -> Score:
    """Praise in, praise out: every suggestion thanks or recognises and asks for no change."""
    if case.expected.get("kind") != "praise":
        return Score(value=None, reason="not praise")
    return _share(out, "praise_ok")


def _flag_share(suggestions: Sequence[Mapping[str, Any]], key: str) -> float | None:
    values = [s.get(key) for s in suggestions if s.get(key) is not None]
    return mean(bool(v) for v in values) if values else None


def rephrase_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """Shares over all suggestions (not per-case means), per-case shares, judge agreement."""
    suggestions = [s for c in cases for s in c.output.get("suggestions", [])]
    praise = [s for c in cases if c.expected.get("kind") == "praise"
              for s in c.output.get("suggestions", [])]
    out: dict[str, float | None] = {
        "pass_all": mean(all(s.get(k) for k in _CHECKS) for s in suggestions),
        "pass_analyzer": mean(bool(s.get("analyzer_ok")) for s in suggestions),
        "grounded": mean(bool(s.get("grounded_ok")) for s in suggestions),
        "language": mean(bool(s.get("language_ok")) for s in suggestions),
        "has_suggestion": mean(bool(c.output.get("suggestions")) for c in cases),
        "keep_topics": _flag_share(suggestions, "keep_ok"),
        "no_judging": _flag_share(suggestions, "judging_ok"),
        # Negations and auxiliaries of a judging phrase counted too (reported, not gated).
        "no_judging_strict": _flag_share(suggestions, "judging_strict_ok"),
        "spelling": _flag_share(suggestions, "spelling_ok"),
        "distinct": mean(c.output.get("duplicates", 0) == 0 for c in cases),
        "praise_kept": _flag_share(praise, "praise_ok"),
        "styles": mean(len({s.get("style") for s in c.output.get("suggestions", [])}) >= 2
                       for c in cases),
    }
    judged_ones = [s for s in suggestions if s.get("judge")]
    if judged_ones:
        out["judge_score"] = mean(s["judge"]["score"] for s in judged_ones)
        # Agreement: does "judge >= 4" say the same as "passes every deterministic check"?
        out["judge_agreement"] = mean(
            (s["judge"]["score"] >= JUDGE_PASS) == all(s.get(k) for k in _CHECKS)
            for s in judged_ones)
    return out | engine_metrics(cases)


# --- SMART ----------------------------------------------------------------------------------

def _criterion_scorer(criterion: str) -> Any:
    def scorer(case: Case, out: Out) -> Score:
        want = case.expected["criteria"]
        if criterion not in want:
            return Score(value=None, reason="not labelled")
        got = out.get("criteria", {}).get(criterion)
        return Score(value=got == want[criterion],
                     reason=f"expected {want[criterion]}, got {got}")
    scorer.__name__ = criterion
    scorer.__doc__ = f"Is `{criterion}` judged as labelled (true, false or null)?"
    return scorer


CRITERION_SCORERS = [_criterion_scorer(c) for c in CRITERIA]


def deadline(case: Case, out: Out) -> Score:
    """Is the parsed deadline exactly the labelled date (or both absent)? Not scored where the
    label says the day is debatable."""
    if not case.expected.get("deadline_known", True):
        return Score(value=None, reason="the day is debatable; not scored")
    want, got = case.expected["deadline"], out.get("deadline")
    return Score(value=want == got, reason=f"expected {want}, got {got}")


def smart_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """Accuracy per criterion, all labelled criteria right, deadline exact match."""
    means = score_means(cases, [*CRITERIA, "deadline"])
    out = {f"{c}.accuracy": means[c] for c in CRITERIA}
    out["all_criteria.accuracy"] = mean(
        all(s.value for name, s in c.scores.items() if name in CRITERIA and s.value is not None)
        for c in cases)
    out["deadline.exact"] = means["deadline"]
    return out | engine_metrics(cases)


# --- prep -----------------------------------------------------------------------------------

def coverage(case: Case, out: Out) -> Score:
    """Share of the expected topics that got a section."""
    want = case.expected["topics"]
    if not want:
        return Score(value=None, reason="no topics expected")
    got = {s["topic"] for s in out.get("sections", [])}
    missing = [t for t in want if t not in got]
    return Score(value=(len(want) - len(missing)) / len(want),
                 reason=f"missing {missing}" if missing else "all covered")


def no_duplicates(case: Case, out: Out) -> Score:
    """No two questions repeat each other (the solver marks near-duplicates)."""
    dupes = out.get("duplicates", 0)
    return Score(value=dupes == 0, reason=f"{dupes} near-duplicate question(s)")


def questions_in_language(case: Case, out: Out) -> Score:
    """Share of questions written in the requested language."""
    questions = out.get("questions", [])
    if not questions:
        return Score(value=0.0, reason="no questions")
    ok = sum(bool(q.get("language_ok")) for q in questions)
    return Score(value=ok / len(questions), reason=f"{ok}/{len(questions)} in language")


def citations(case: Case, out: Out) -> Score:
    """Every cited id exists (bank question or passage) and every question cites something."""
    questions = out.get("questions", [])
    if not questions:
        return Score(value=0.0, reason="no questions")
    ok = sum(bool(q.get("citations_ok")) for q in questions)
    return Score(value=ok / len(questions), reason=f"{ok}/{len(questions)} cite valid ids")


def count_met(case: Case, out: Out) -> Score:
    """Exactly the requested number of questions."""
    want, got = case.inputs["count"], len(out.get("questions", []))
    return Score(value=want == got, reason=f"asked {want}, got {got}")


OPENING, CLOSING = "purpose", "follow-up"


def topics_named(case: Case, out: Out) -> Score:
    """Share of the context's own topics ("nøgleperson for demens") that some question names,
    word for word (case aside)."""
    want = case.expected.get("named") or []
    if not want:
        return Score(value=None, reason="no context topics labelled")
    texts = [q["text"].casefold() for q in out.get("questions", [])]
    missing = [t for t in want if not any(t.casefold() in x for x in texts)]
    return Score(value=(len(want) - len(missing)) / len(want),
                 reason=f"not named: {missing}" if missing else "all named")


def opens(case: Case, out: Out) -> Score:
    """The first section is the opening (purpose and a look back)."""
    sections = out.get("sections", [])
    first = sections[0]["topic"] if sections else None
    return Score(value=first == OPENING, reason=f"first section {first}")


def closes(case: Case, out: Out) -> Score:
    """The last section is the closing (agreements and follow-up); needs two questions."""
    if case.inputs["count"] < 2:
        return Score(value=None, reason="one question: no room to close")
    sections = out.get("sections", [])
    last = sections[-1]["topic"] if sections else None
    return Score(value=last == CLOSING, reason=f"last section {last}")


def count_or_note(case: Case, out: Out) -> Score:
    """Exactly `count` questions, or a note that says why not."""
    want, got = case.inputs["count"], len(out.get("questions", []))
    return Score(value=want == got or bool(out.get("note")),
                 reason=f"asked {want}, got {got}, note: {bool(out.get('note'))}")


def kinds(case: Case, out: Out) -> Score:
    """Employee sets are all `prepare`; manager sets mark each question `ask` or `prepare`, no
    question to ask speaks of the employee in the third person, and the manager's own
    preparation is part of a set of four or more."""
    questions = out.get("questions", [])
    if not questions:
        return Score(value=None, reason="no questions")
    if case.inputs.get("role") == "employee":
        ok = all(q.get("kind") == "prepare" for q in questions)
    else:
        marked = {q.get("kind") for q in questions}
        ok = marked <= {"ask", "prepare"} and not any(
            q["third_person"] for q in questions if q.get("kind") == "ask") and (
            len(questions) < 4 or marked == {"ask", "prepare"})
    return Score(value=ok, reason="kinds as expected" if ok else "a kind is off")


# The eval's own words for addressing the employee, kept apart from the coach's lexicon
# (coach/data/prep/topics.yaml) so the score does not pass by construction.
_ADDRESS = {"da": frozenset({"du", "dig", "din", "dit", "dine", "jer", "jeres"}),
            "en": frozenset({"you", "your", "yours", "yourself"})}
_WORDS = re.compile(r"[^\W\d_]+")
_CONTEXT_QUOTE = re.compile(r'"[^"]*"|“[^”]*”')  # the person's own words inside a question


def speaks_to_employee(case: Case, out: Out) -> Score:
    """Share of an employee set's questions that address the employee (du/you), by the eval's
    own pronoun list."""
    questions = out.get("questions", [])
    if case.inputs.get("role") != "employee" or not questions:
        return Score(value=None, reason="not an employee set")
    address = _ADDRESS[case.language]
    ok = sum(bool(address & set(_WORDS.findall(_CONTEXT_QUOTE.sub(" ", q["text"]).lower())))
             for q in questions)
    return Score(value=ok / len(questions), reason=f"{ok}/{len(questions)} address the employee")


def no_contradiction(case: Case, out: Out) -> Score:
    """No question contains a phrase the case's labels forbid (`forbidden` in prep.jsonl:
    what its context contradicts, "feedback from me" to a new manager), outside the quoted
    context; unlabelled cases are not scored."""
    forbidden = [f.lower() for f in case.expected.get("forbidden", [])]
    if not forbidden:
        return Score(value=None, reason="no contradiction labelled")
    bad = [q["text"] for q in out.get("questions", [])
           if any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)",
                            _CONTEXT_QUOTE.sub(" ", q["text"]).lower()) for f in forbidden)]
    return Score(value=not bad, reason=f"contradicted: {bad}" if bad else "none")


def prep_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """Means of the prep scorers."""
    means = score_means(cases, ["coverage", "no_duplicates", "questions_in_language",
                                "citations", "count_met", "topics_named", "opens", "closes",
                                "count_or_note", "kinds", "speaks_to_employee",
                                "no_contradiction"])
    return {"topic_coverage": means["coverage"], "no_duplicates": means["no_duplicates"],
            "language": means["questions_in_language"], "citation_validity": means["citations"],
            "count_met": means["count_met"], "topics_named": means["topics_named"],
            "opening": means["opens"], "closing": means["closes"],
            "count_or_note": means["count_or_note"], "kinds": means["kinds"],
            "speaks_to_employee": means["speaks_to_employee"],
            "no_contradiction": means["no_contradiction"]} | engine_metrics(cases)


# --- rehearse -------------------------------------------------------------------------------

def _pairs(case: Case | CaseResult, out: Out) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(expected, answered) per turn."""
    return list(zip(case.expected["turns"], out.get("turns", []), strict=False))


def _reacts(want: Mapping[str, Any], got: Mapping[str, Any]) -> bool:
    """The reaction is the expected one, and a defensive reply picks up the judging wording."""
    return got.get("reaction") == want["expect"] and (
        want["expect"] != "defensive" or bool(got.get("picks_up")))


def _share_of(flags: Sequence[bool], what: str) -> Score:
    if not flags:
        return Score(value=None, reason=f"no {what}")
    return Score(value=sum(flags) / len(flags), reason=f"{sum(flags)}/{len(flags)} {what}")


def reply_language(case: Case, out: Out) -> Score:
    """Share of replies in the conversation's language (replies under six words pass)."""
    return _share_of([bool(t.get("language_ok")) for t in out.get("turns", [])], "replies")


def reacts(case: Case, out: Out) -> Score:
    """Share of scripted lines whose reply reacts as expected: defensive replies (to judging
    lines) pick up the judging wording, behaviour-focused lines get an engaged one."""
    return _share_of([_reacts(w, g) for w, g in _pairs(case, out) if w["expect"]],
                     "lines react as expected")


def no_repeats(case: Case, out: Out) -> Score:
    """No reply of the conversation repeats an earlier one."""
    replies = [" ".join(t["reply"].casefold().split()) for t in out.get("turns", [])]
    return Score(value=len(set(replies)) == len(replies),
                 reason=f"{len(set(replies))} distinct of {len(replies)}")


def tip_names_findings(case: Case, out: Out) -> Score:
    """Share of judging lines whose tip quotes every judging excerpt."""
    return _share_of([bool(t.get("tip_ok")) for t in out.get("turns", []) if t.get("findings")],
                     "tips name every finding")


def refers_back(case: Case, out: Out) -> Score:
    """Share of lines marked `refers` whose reply repeats judging wording of an earlier line."""
    return _share_of([bool(g.get("refers")) for w, g in _pairs(case, out) if w["refers"]],
                     "replies refer back")


def persona_distinct(case: Case, out: Out) -> Score:
    """The first line gets five different replies from the five personas."""
    n = out.get("persona_replies", 0)
    return Score(value=n == 5, reason=f"{n} distinct replies from 5 personas")


def rehearse_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """Shares over all scripted lines (not per-case means) and over conversations."""
    pairs = [p for c in cases for p in _pairs(c, c.output)]
    turns = [t for c in cases for t in c.output.get("turns", [])]

    def expecting(reaction: str) -> float | None:
        return mean(_reacts(w, g) for w, g in pairs if w["expect"] == reaction)

    means = score_means(cases, ["no_repeats", "persona_distinct"])
    return {
        "language": mean(bool(t.get("language_ok")) for t in turns),
        "reacts": mean(_reacts(w, g) for w, g in pairs if w["expect"]),
        "defensive_to_judging": expecting("defensive"),
        "engaged_to_behaviour": expecting("engaged"),
        "no_repeats": means["no_repeats"],
        "tip_names_findings": mean(bool(t.get("tip_ok")) for t in turns if t.get("findings")),
        "refers_back": mean(bool(g.get("refers")) for w, g in pairs if w["refers"]),
        "persona_distinct": means["persona_distinct"],
    } | engine_metrics(cases)


# --- retrieval ------------------------------------------------------------------------------

def _relevant(case: Case, out: Out) -> list[bool]:
    topics, ids = set(case.expected["topics"]), set(case.expected["ids"])
    return [hit["id"] in ids or hit["topic"] in topics for hit in out.get("hits", [])]


def _top(out: Out, k: int) -> list[str]:
    return [f"{h['id']} ({h['topic']})" for h in out.get("hits", [])[:k]]


def hit_at_1(case: Case, out: Out) -> Score:
    """The first result is relevant."""
    return Score(value=hit_at(_relevant(case, out), 1), reason=f"top: {_top(out, 1)}")


def hit_at_3(case: Case, out: Out) -> Score:
    """A relevant passage is in the first three."""
    return Score(value=hit_at(_relevant(case, out), 3), reason=f"top 3: {_top(out, 3)}")


def rank(case: Case, out: Out) -> Score:
    """Reciprocal rank of the first relevant passage (0 when none is returned)."""
    rr = reciprocal_rank(_relevant(case, out))
    return Score(value=rr, reason=f"first relevant at rank {round(1 / rr) if rr else 'none'}")


def retrieval_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """hit@1, hit@3 and MRR."""
    means = score_means(cases, ["hit_at_1", "hit_at_3", "rank"])
    return {"hit@1": means["hit_at_1"], "hit@3": means["hit_at_3"], "mrr": means["rank"]}


# --- MUS summary ------------------------------------------------------------------------------
# Predictions meet labels by span overlap, one to one, the largest overlap first; a label whose
# excerpt does not occur in the notes meets the prediction that shares most of its words.
# Follow-ups meet by date: a stated (not proposed) meeting on the labelled day, overlapping the
# labelled words when there are several.

_WORDS = re.compile(r"[^\W_]+")


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    if a.get("start") is None or b.get("start") is None:
        wa = set(_WORDS.findall(str(a.get("excerpt") or a.get("text") or "").lower()))
        wb = set(_WORDS.findall(str(b.get("excerpt") or b.get("text") or "").lower()))
        shared = len(wa & wb)
        return shared / max(1, len(wa | wb)) if shared * 2 >= len(wa) else 0.0
    return float(min(a["end"], b["end"]) - max(a["start"], b["start"]))


def match_items(labels: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]]
                ) -> list[tuple[int, int]]:
    """(label index, prediction index) pairs, one to one, by largest overlap first."""
    scored = sorted(((_overlap(lab, pred), li, pi) for li, lab in enumerate(labels)
                     for pi, pred in enumerate(preds)), reverse=True)
    used_l: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for score, li, pi in scored:
        if score > 0 and li not in used_l and pi not in used_p:
            used_l.add(li)
            used_p.add(pi)
            pairs.append((li, pi))
    return pairs


def match_follow_ups(labels: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]]
                     ) -> list[tuple[int, int]]:
    """Labelled meetings found by a stated meeting on the same day."""
    stated = [i for i, p in enumerate(preds) if not p.get("proposed")]
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for li, lab in enumerate(labels):
        same = [pi for pi in stated if pi not in used and preds[pi]["date"] == lab.get("date")]
        if not same:
            continue
        best = max(same, key=lambda pi: _overlap(lab, preds[pi]) if preds[pi].get("start")
                   is not None else 0.0)
        used.add(best)
        pairs.append((li, best))
    return pairs


def _summary_counts(expected: Mapping[str, Any], out: Mapping[str, Any]) -> dict[str, int]:
    """The counts every summary metric is computed from, for one case."""
    c: dict[str, int] = {}
    goals, pg = [g for g in expected["goals"]], out.get("goals", [])
    pairs = match_items(goals, pg)
    c["goals.tp"], c["goals.fp"], c["goals.fn"] = len(pairs), len(pg) - len(pairs), \
        len(goals) - len(pairs)
    c["goals.deadline"] = sum(goals[li]["deadline"] == pg[pi]["deadline"] for li, pi in pairs)
    actions, pa = expected["actions"], out.get("actions", [])
    pairs = match_items(actions, pa)
    c["actions.tp"], c["actions.fp"], c["actions.fn"] = len(pairs), len(pa) - len(pairs), \
        len(actions) - len(pairs)
    c["actions.owner"] = sum(actions[li]["owner"] == pa[pi]["owner"] for li, pi in pairs)
    c["actions.due"] = sum(actions[li]["due"] == pa[pi]["due"] for li, pi in pairs)
    c["actions.complete"] = sum(actions[li]["owner"] == pa[pi]["owner"]
                                and actions[li]["due"] == pa[pi]["due"] for li, pi in pairs)
    meetings = [f for f in expected["follow_up"] if f.get("date")]
    stated = [f for f in out.get("follow_up", []) if not f.get("proposed")]
    pairs = match_follow_ups(meetings, stated)
    c["follow_up.tp"], c["follow_up.fp"], c["follow_up.fn"] = len(pairs), \
        len(stated) - len(pairs), len(meetings) - len(pairs)
    return c


def _recall_score(kind: str, case: Case, out: Out) -> Score:
    c = _summary_counts(case.expected, out)
    tp, fn, fp = c[f"{kind}.tp"], c[f"{kind}.fn"], c[f"{kind}.fp"]
    if not tp + fn:
        return Score(value=None if not fp else 0.0, reason=f"nothing labelled, {fp} found")
    return Score(value=tp / (tp + fn), reason=f"{tp}/{tp + fn} found, {fp} not labelled")


def summary_goals(case: Case, out: Out) -> Score:
    """Share of the labelled goals found (span overlap)."""
    return _recall_score("goals", case, out)


def summary_actions(case: Case, out: Out) -> Score:
    """Share of the labelled to-dos found with the labelled owner and due date."""
    c = _summary_counts(case.expected, out)
    n = c["actions.tp"] + c["actions.fn"]
    if not n:
        return Score(value=None if not c["actions.fp"] else 0.0, reason="nothing labelled")
    return Score(value=c["actions.complete"] / n,
                 reason=f"{c['actions.complete']}/{n} found with owner and due right")


def summary_follow_up(case: Case, out: Out) -> Score:
    """Share of the labelled meetings found on their day."""
    return _recall_score("follow_up", case, out)


def summary_grounded(case: Case, out: Out) -> Score:
    """The referat states no fact (name, number, date) that the notes do not give."""
    invented = out.get("ungrounded", [])
    return Score(value=not invented, reason=f"not in the notes: {invented}" if invented else "")


def summary_calendar(case: Case, out: Out) -> Score:
    """The .ics parses and holds exactly the summary's dates."""
    problems = out.get("calendar", [])
    return Score(value=not problems, reason="; ".join(problems))


def summary_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """Micro precision/recall over all cases of a slice; owner, due and deadline accuracy over
    the found items; "complete" = found with every labelled field right."""
    total: Counter[str] = Counter()
    for c in cases:
        total.update(_summary_counts(c.expected, c.output))
    out: dict[str, float | None] = {}
    for kind in ("goals", "actions", "follow_up"):
        prf = PRF(total[f"{kind}.tp"], total[f"{kind}.fp"], total[f"{kind}.fn"])
        out |= {f"{kind}.precision": prf.precision, f"{kind}.recall": prf.recall,
                f"{kind}.f1": prf.f1}
    found, labelled = total["goals.tp"], total["goals.tp"] + total["goals.fn"]
    out["goals.deadline"] = total["goals.deadline"] / found if found else None
    out["goals.complete"] = total["goals.deadline"] / labelled if labelled else None
    found, labelled = total["actions.tp"], total["actions.tp"] + total["actions.fn"]
    for field in ("owner", "due"):
        out[f"actions.{field}"] = total[f"actions.{field}"] / found if found else None
    out["actions.complete"] = total["actions.complete"] / labelled if labelled else None
    means = score_means(cases, ["summary_grounded", "summary_calendar"])
    out["grounded"], out["calendar"] = means["summary_grounded"], means["summary_calendar"]
    return out | engine_metrics(cases)


# --- robustness -----------------------------------------------------------------------------

def no_server_error(case: Case, out: Out) -> Score:
    """Every generated goal got an answer or a 422, none a server error."""
    errors = out.get("server_errors", 0)
    return Score(value=errors == 0, reason=f"{errors} server error(s) of {out.get('checked')}: "
                 f"{out.get('kinds')}" if errors else f"{out.get('checked')} checked")


def robustness_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """Share of runs without a server error, and the totals behind it."""
    outs = [c.output for c in cases]
    checked = sum(o.get("checked", 0) for o in outs)
    return {"no_server_error": mean(c.scores["no_server_error"].value for c in cases),
            "goals_checked": float(checked),
            "server_errors": float(sum(o.get("server_errors", 0) for o in outs)),
            "refused_422": float(sum(o.get("refused", 0) for o in outs))}
