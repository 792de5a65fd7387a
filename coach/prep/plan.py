"""The rules engine of preparation questions: topics from the context, questions from the bank.

Flow (`coach.prep.prepare`): the request is validated, `choose_topics` ranks topics (core topics
always, plus those the context points at through word cues and passage retrieval), `plan` fills
`count` questions round-robin over the sections from the question bank (most relevant first, no
near duplicates), and with an LLM configured `coach.prep.llm` rewrites them for the context.

Section order (`PREP_ORDER`) follows a MUS: framing (purpose, preparation, the video setting) →
looking back and the present (work situation, wellbeing, challenges, feedback) → looking ahead
(expectations and goals, SMART goals, development) → after the meeting (follow-up,
documentation). It is the taxonomy's order with one refinement: `virtual` moves from the end to
the framing block, because questions about the video setting are settled before the content.

When `count` is smaller than the number of sections, the highest-priority sections win: the
manager guarantees first, then topics by relevance to the context, core topics breaking ties.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import bm25s
from rapidfuzz import fuzz

from coach.knowledge.types import BankQuestion, Hit, SearchesPassages
from coach.language import Language, detect_language
from coach.prep.cues import cue_scores, mentions, stems
from coach.prep.lexicon import prep_data, ui
from coach.prep.types import Pick, Plan, PrepQuestion, PrepResult, PrepSection, Role
from coach.taxonomy import CORE_TOPICS, TOPIC_SLUGS, topic_title
from coach.types import Engine, SourceRef

_FRAMING = ("purpose", "preparation-employee", "preparation-manager", "virtual")
PREP_ORDER: tuple[str, ...] = _FRAMING + tuple(t for t in TOPIC_SLUGS if t not in _FRAMING)
# Two questions at or above this similarity (rapidfuzz token-sort ratio over stems, 0-100) count
# as near duplicates: it catches reworded inflections and reordered clauses.
DUPLICATE_RATIO = 85.0
# Retrieval adds a topic on its own when its passages hold this much reciprocal-rank mass in the
# top hits (rank 1 + rank 3 ≈ 1.33): one stray hit is not enough.
RETRIEVAL_K = 6
RETRIEVAL_ALONE = 1.3
RETRIEVAL_WEIGHT = 0.5
CORE_BONUS = 0.5


def retrieval_mass(context: str, retriever: SearchesPassages | None) -> dict[str, float]:
    """Reciprocal-rank mass per topic of the passages nearest to the context."""
    if retriever is None:
        return {}
    hits = retriever.search(context, k=RETRIEVAL_K, language=detect_language(context))
    mass: dict[str, float] = defaultdict(float)
    for rank, hit in enumerate(hits, 1):
        mass[hit.topic] += 1.0 / rank
    return dict(mass)


def choose_topics(role: Role, context: str | None, available: set[str],
                  retriever: SearchesPassages | None = None
                  ) -> tuple[list[str], list[str], list[str]]:
    """Rank the topics for a request without explicit topics.

    Returns:
        (required, optional, reserve): required topics by relevance (core topics get a bonus; MUS
        order breaks ties); optional ones, added only while every section can get two
        questions; and reserve content topics, opened only when the others run out of questions.
    """
    data = prep_data()
    score: dict[str, float] = {t: CORE_BONUS for t in CORE_TOPICS}
    required = set(CORE_TOPICS)
    if context:
        for topic, hits in cue_scores(context, role).items():
            score[topic] = score.get(topic, 0.0) + hits
            required.add(topic)
        for topic, mass in retrieval_mass(context, retriever).items():
            if topic in data["retrieval_topics"]:
                score[topic] = score.get(topic, 0.0) + RETRIEVAL_WEIGHT * mass
                if mass >= RETRIEVAL_ALONE:
                    required.add(topic)
    if role == "manager":
        required.add("wellbeing")
    ranked = sorted((t for t in required if t in available),
                    key=lambda t: (-score.get(t, 0.0), PREP_ORDER.index(t)))
    optional = [t for t in data["optional_topics"] if t in available and t not in required]
    reserve = sorted((t for t in data["retrieval_topics"]
                      if t in available and t not in required and t not in optional),
                     key=lambda t: (-score.get(t, 0.0), PREP_ORDER.index(t)))
    return ranked, optional, reserve


def _near_duplicate(a: str, b: str, language: str) -> bool:
    sa, sb = " ".join(stems(a, language)), " ".join(stems(b, language))
    return sa == sb or fuzz.token_sort_ratio(sa, sb) >= DUPLICATE_RATIO


def is_duplicate(text: str, chosen: Sequence[str], language: str) -> bool:
    """True when `text` repeats or nearly repeats one of `chosen`."""
    return any(_near_duplicate(text, other, language) for other in chosen)


def _relevance(questions: list[BankQuestion], context: str | None, language: str) -> list[float]:
    """BM25 score of each question (text + why) against the context; zeros without context."""
    if not context or not questions or detect_language(context) != language:
        return [0.0] * len(questions)  # different languages share no stems to compare
    query = stems(context, language)
    if not query:  # only stop words or digits ("0"): nothing to score, and bm25s needs a token
        return [0.0] * len(questions)
    index = bm25s.BM25()
    index.index([stems(f"{q.text} {q.why}", language) or ["_"] for q in questions],
                show_progress=False)
    return [float(s) for s in index.get_scores(query)]


def is_manager_self(text: str, language: str) -> bool:
    """True when `text` asks what the manager can do differently."""
    groups = prep_data()["manager_self"]["match"][language]
    return all(mentions(text, language, group) for group in groups)


def _manager_self(ranked: list[BankQuestion], language: Language, preferred: Sequence[str],
                  retriever: SearchesPassages | None) -> tuple[Pick, list[Hit]]:
    """The manager's "what can I do differently" question: from the bank, else the fallback
    (which cites the best manager passage on its topic, returned alongside)."""
    fallback = prep_data()["manager_self"]["fallback"]
    order = [fallback["topic"], *preferred]
    matches = [q for q in ranked if is_manager_self(q.text, language)]
    matches.sort(key=lambda q: order.index(q.topic) if q.topic in order else len(order))
    if matches:
        q = matches[0]
        return Pick(q.topic, q.text, q.why, [q.id], q.id, pinned=True), []
    topic = fallback["topic"]
    hits = retriever.search(topic_title(topic, language), k=1, topic=topic, audience="manager",
                            language=language) if retriever else []
    return Pick(topic, fallback[language]["text"], fallback[language]["why"],
                [h.id for h in hits], None, pinned=True), hits


def plan(bank: Sequence[BankQuestion], *, role: Role, language: Language, context: str | None,
         count: int, topics: list[str] | None = None,
         retriever: SearchesPassages | None = None) -> Plan:
    """Choose sections and questions with the rules engine.

    Sections get questions round-robin in priority order, so `count` spreads evenly and the
    most important sections get the remainder; a section whose bank runs dry hands its share on.
    """
    candidates = [q for q in bank if q.audience == role and q.language == language]
    scores = dict(zip((q.id for q in candidates), _relevance(candidates, context, language),
                      strict=True))
    ranked = sorted(candidates, key=lambda q: -scores[q.id])  # stable: bank order breaks ties
    by_topic: dict[str, list[Pick]] = defaultdict(list)
    for q in ranked:
        by_topic[q.topic].append(Pick(q.topic, q.text, q.why, [q.id], q.id))

    pins: list[Pick] = []
    cited: list[Hit] = []
    if role == "manager" and count >= 2:
        pin, cited = _manager_self(ranked, language, [*(topics or ()), *CORE_TOPICS], retriever)
        pins.append(pin)
    if topics is not None:
        required, optional, reserve = [t for t in topics if t in by_topic], list[str](), list[str]()
    else:
        required, optional, reserve = choose_topics(role, context, set(by_topic), retriever)
    if role == "manager":
        # The manager guarantees come first, so they survive small counts and hold even for an
        # explicit topic list (issue 6).
        front = [p.topic for p in pins] + (["wellbeing"] if "wellbeing" in by_topic else [])
        required = list(dict.fromkeys([*front, *required]))
    for pin in pins:
        by_topic[pin.topic] = [pin] + [p for p in by_topic[pin.topic] if p.bank_id != pin.bank_id]
    if optional and count >= 2 * (len(required) + len(optional)):
        required += optional
    chosen_topics = required[:count]

    selected: dict[str, list[Pick]] = {t: [] for t in chosen_topics}
    texts: list[str] = []
    remaining = count
    while remaining:
        progressed = False
        for topic in chosen_topics:
            if not remaining:
                break
            queue = by_topic[topic]
            while queue:
                pick = queue.pop(0)
                if not is_duplicate(pick.text, texts, language):
                    selected[topic].append(pick)
                    texts.append(pick.text)
                    remaining -= 1
                    progressed = True
                    break
        if not progressed:
            if not reserve:
                break
            # The chosen sections ran dry before `count`: open the next most relevant one.
            chosen_topics.append(reserve.pop(0))
            selected[chosen_topics[-1]] = []
    ordered = sorted((t for t in chosen_topics if selected[t]), key=PREP_ORDER.index)
    for picks in selected.values():
        picks.sort(key=lambda p: not p.pinned)  # the guaranteed question opens its section
    return Plan(role, language, context, [(t, selected[t]) for t in ordered],
                spares={t: list(by_topic[t]) for t in ordered},
                passages={h.id: h for h in cited})


def to_result(plan: Plan, engine: Engine = "rules", degraded: bool = False) -> PrepResult:
    """Turn a plan into the response, listing every cited source once."""
    sources: dict[str, SourceRef] = {}
    sections = []
    for topic, picks in plan.sections:
        title = topic_title(topic, plan.language)
        for pick in picks:
            for sid in pick.source_ids:
                if sid in sources:
                    continue
                hit = plan.passages.get(sid)
                sources[sid] = (SourceRef(id=sid, title=hit.title, topic=hit.topic) if hit else
                                SourceRef(id=sid, title=ui("bank_source", plan.language,
                                                           topic=title), topic=topic))
        sections.append(PrepSection(topic=topic, title=title, questions=[
            PrepQuestion(text=p.text, why=p.why, source_ids=list(p.source_ids)) for p in picks]))
    return PrepResult(language=plan.language, role=plan.role, sections=sections,
                      sources=list(sources.values()), engine=engine, degraded=degraded)


