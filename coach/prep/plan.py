"""The rules engine of preparation questions: topics from the context, questions from the bank.

Flow (`coach.prep.prepare`): the request is validated, `choose_topics` ranks topics (core topics
always, plus those the context points at through word cues and passage retrieval), `plan` opens
with the purpose and closes with follow-up, gives every concrete thing the context names a
question that quotes it (`coach.prep.situation`), leaves out bank questions the context
contradicts, fills the rest of `count` round-robin over the sections from the question bank
(most relevant first, no near duplicates), and with an LLM configured `coach.prep.llm` rewrites
them for the context.

Section order (`PREP_ORDER`) follows a MUS: the opening (purpose and a look back) and framing
(preparation, the video setting) → the present (work situation, wellbeing, challenges,
feedback) → looking ahead (expectations and goals, SMART goals, development) → writing it down
(documentation) → the closing (agreements and follow-up), always last. It is the taxonomy's
order with two refinements: `virtual` moves from the end to the framing block, because the video
setting is settled before the content, and `follow-up` closes the meeting after documentation.

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
from coach.prep.cues import cue_scores, has_words, mentions, stems
from coach.prep.lexicon import prep_data, ui
from coach.prep.situation import contradicted, facts, looks_back, mentions_in
from coach.prep.types import Kind, Pick, Plan, PrepQuestion, PrepResult, PrepSection, Role
from coach.taxonomy import CORE_TOPICS, TOPIC_SLUGS, topic_title
from coach.types import Engine, SourceRef

_FRAMING = ("purpose", "preparation-employee", "preparation-manager", "virtual")
_CLOSING = ("follow-up",)
PREP_ORDER: tuple[str, ...] = (_FRAMING + tuple(t for t in TOPIC_SLUGS
                                                if t not in _FRAMING + _CLOSING) + _CLOSING)
# Two questions at or above this similarity (rapidfuzz token-sort ratio over stems, 0-100) count
# as near duplicates: it catches reworded inflections and reordered clauses.
DUPLICATE_RATIO = 85.0
# Retrieval adds a topic on its own when its passages hold this much reciprocal-rank mass in the
# top hits (rank 1 + rank 3 ≈ 1.33): one stray hit is not enough.
RETRIEVAL_K = 6
RETRIEVAL_ALONE = 1.3
RETRIEVAL_WEIGHT = 0.5
CORE_BONUS = 0.5
MIN_COUNT_FOR_SITUATION = 3  # below this, the opening and the closing take every question
# From this count the opening also looks back (earlier agreements), once a manager's
# guarantees (wellbeing, what I can do differently) have their places.
LOOK_BACK_FROM = 4
MANAGER_PREPARATION_FROM = 6  # from this count the manager's own preparation gets a section


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
                  retriever: SearchesPassages | None, stated: frozenset[str] = frozenset()
                  ) -> tuple[Pick, list[Hit]]:
    """The manager's "what can I do differently" question: from the bank, else the fallback
    (which cites the best manager passage on its topic, returned alongside). Where the
    context contradicts a shared history (a new manager), "differently" has no before: the
    new-start question ("What do you need from me ...?") is asked instead."""
    data = prep_data()["manager_self"]
    fallback = dict(data["fallback"])
    if contradicted(fallback[language]["text"], language, stated):
        fallback[language] = data["fallback_new"][language]
    order = [fallback["topic"], *preferred]
    matches = [q for q in ranked if is_manager_self(q.text, language)]
    matches.sort(key=lambda q: order.index(q.topic) if q.topic in order else len(order))
    if matches:
        q = matches[0]
        return Pick(q.topic, q.text, q.why, [q.id], q.id, pinned=True, kind="ask"), []
    topic = fallback["topic"]
    hits = retriever.search(topic_title(topic, language), k=1, topic=topic, audience="manager",
                            language=language) if retriever else []
    return Pick(topic, fallback[language]["text"], fallback[language]["why"],
                [h.id for h in hits], None, pinned=True, kind="ask"), hits


def question_kind(text: str, topic: str, role: Role, language: str) -> Kind:
    """"ask" (put to the employee in the meeting) or "prepare" (the manager's own preparation);
    the employee's set speaks to the employee, so it is all "prepare" (topics.yaml `kinds`)."""
    if role != "manager":
        return "prepare"
    kinds = prep_data()["kinds"]
    if topic in kinds["prepare_topics"]:
        return "prepare"
    if has_words(text, kinds["addressed"][language]):
        return "ask"
    if has_words(text, [*kinds["third_person"][language], *kinds["first_person"][language]]):
        return "prepare"
    return "ask"


def _cite(retriever: SearchesPassages | None, query: str, topic: str, role: Role,
          language: Language, by_topic: dict[str, list[Pick]]) -> tuple[list[str], list[Hit]]:
    """What a situation question rests on: the passage of its topic nearest the quote, else the
    topic's best bank question."""
    hits = retriever.search(query, k=1, topic=topic, audience=role, language=language,
                            dense=False) if retriever else []
    hits = [h for h in hits if h.language == language]
    if hits:
        return [hits[0].id], hits[:1]
    bank = next((p.bank_id for p in by_topic.get(topic, []) if p.bank_id), None)
    return ([bank] if bank else []), []


def situation_picks(context: str | None, role: Role, language: Language,
                    by_topic: dict[str, list[Pick]], retriever: SearchesPassages | None
                    ) -> tuple[list[Pick], list[Hit]]:
    """One question per thing the context names, quoting it (`coach.prep.situation`)."""
    if not context:
        return [], []
    # Interests, worries and changes first, then plain facts: when `count` leaves room for only
    # some, the ones the person flagged win.
    found = sorted(mentions_in(context, language, role), key=lambda m: (m.kind == "fact", m.start))
    picks: list[Pick] = []
    cited: list[Hit] = []
    for m in found:
        kind: Kind = "prepare"
        if role == "employee":
            key = f"tailored_employee_{m.kind}"
        elif m.subject:  # the manager's own situation, or a note about the employee
            key = f"tailored_manager_{'own' if m.subject == 'own' else 'about'}"
        else:
            key, kind = f"tailored_manager_{m.kind}", "ask"
        ids, hits = _cite(retriever, m.quote, m.topic, role, language, by_topic)
        cited += hits
        picks.append(Pick(m.topic, ui(key, language, quote=m.quote), ui("tailored_why", language),
                          ids, None, pinned=True, kind=kind, quote=m.quote))
    return picks, cited


def plan(bank: Sequence[BankQuestion], *, role: Role, language: Language, context: str | None,
         count: int, topics: list[str] | None = None,
         retriever: SearchesPassages | None = None) -> Plan:
    """Choose sections and questions with the rules engine.

    The set opens with the meeting's purpose (and from `LOOK_BACK_FROM` questions a look back),
    and closes with agreements and follow-up; every concrete thing the context names gets a
    question that quotes it, and what does not fit `count` is named in `note`; bank
    questions whose wording the context contradicts ("from me over the year" to a new manager)
    are left out. The other sections get questions round-robin in priority order, so `count`
    spreads evenly; a section whose bank runs dry hands its share on, and when the whole bank
    cannot fill `count` the plan says so in `note`.
    """
    data = prep_data()
    opening, closing = data["opening_topic"], data["closing_topic"]
    stated = facts(context, language, role)
    candidates = [q for q in bank if q.audience == role and q.language == language
                  and not contradicted(q.text, language, stated)]
    scores = dict(zip((q.id for q in candidates), _relevance(candidates, context, language),
                      strict=True))
    ranked = sorted(candidates, key=lambda q: -scores[q.id])  # stable: bank order breaks ties
    by_topic: dict[str, list[Pick]] = defaultdict(list)
    for q in ranked:
        by_topic[q.topic].append(Pick(q.topic, q.text, q.why, [q.id], q.id,
                                      kind=question_kind(q.text, q.topic, role, language)))
    # Looking back at earlier agreements opens the meeting; the closing looks ahead.
    back = [p for p in by_topic[closing] if looks_back(p.text, language)]
    ahead = [p for p in by_topic[closing] if p not in back]
    # the purpose first, then a look back (the opening's own, else an earlier agreement)
    purpose = [p for p in by_topic[opening] if not looks_back(p.text, language)]
    back = [p for p in by_topic[opening] if p not in purpose] + back
    by_topic[opening] = [*purpose[:1], *back[:1], *purpose[1:], *back[1:]]
    by_topic[closing] = ahead
    for pick in by_topic[opening]:
        pick.topic = opening

    situation, cited = situation_picks(context, role, language, by_topic, retriever)
    pins: list[Pick] = []
    if role == "manager":
        pin, hits = _manager_self(ranked, language, [*(topics or ()), *CORE_TOPICS], retriever,
                                  stated)
        pins.append(pin)
        cited += hits
    frame = {opening, closing}
    if topics is not None:
        middle = [t for t in topics if t in by_topic and t not in frame]
        optional: list[str] = []
        reserve: list[str] = []
    else:
        middle, optional, reserve = choose_topics(role, context, set(by_topic) - frame,
                                                  retriever)
    chosen = list(middle) if topics is not None else []
    if role == "manager":
        # The manager guarantees come early, so they survive small counts and hold even for an
        # explicit topic list (issue 6); own preparation gets a section when there is room.
        front = [p.topic for p in pins]
        if "wellbeing" in by_topic:
            front.append("wellbeing")
        if count >= MANAGER_PREPARATION_FROM and "preparation-manager" in by_topic:
            front.append("preparation-manager")
        middle = list(dict.fromkeys([*front, *middle]))
    for pin in pins:
        by_topic[pin.topic] = [pin] + [p for p in by_topic[pin.topic] if p.bank_id != pin.bank_id]
    if optional and count >= 2 * (len(middle) + len(optional)):
        middle += optional
    reserve = [t for t in reserve if t not in middle]

    selected: dict[str, list[Pick]] = {opening: [], closing: []}
    texts: list[str] = []

    quotes: set[str] = set()

    def take(topic: str, queue: list[Pick]) -> bool:
        while queue:
            pick = queue.pop(0)
            # A situation question is told apart by what it quotes: two of them share their
            # template's wording, so comparing whole texts took the second for a repeat.
            repeat = pick.quote.casefold() in quotes if pick.quote else \
                is_duplicate(pick.text, texts, language)
            if not repeat:
                selected.setdefault(topic, []).append(pick)
                texts.append(pick.text)
                if pick.quote:
                    quotes.add(pick.quote.casefold())
                return True
        return False

    remaining = count
    for topic in (opening, closing)[:count]:
        remaining -= take(topic, by_topic[topic])
    look_back = count >= LOOK_BACK_FROM and bool(by_topic[opening]) \
        and looks_back(by_topic[opening][0].text, language)
    room = max(0, remaining - look_back) if count >= MIN_COUNT_FOR_SITUATION else 0
    for pick in situation[:room]:
        remaining -= take(pick.topic, [pick])
    left_out = [p.quote for p in situation[room:] if p.quote]
    for topic in chosen:  # what the user chose comes before the manager's guarantees
        if remaining and not selected.get(topic):
            remaining -= take(topic, by_topic[topic])
    pinned = [p for t in middle for p in by_topic[t] if p.pinned]
    for pick in pinned:
        if remaining:
            remaining -= take(pick.topic, [pick])
            by_topic[pick.topic] = [p for p in by_topic[pick.topic] if p is not pick]
    if role == "manager" and remaining and not selected.get("wellbeing"):
        remaining -= take("wellbeing", by_topic["wellbeing"])  # issue 6: always wellbeing
    if look_back and remaining:  # the purpose, then a look back; after the guarantees
        remaining -= take(opening, by_topic[opening])
    order = [opening, *middle, closing]
    while remaining:
        # A round: each section holding the fewest questions so far gets one, in order.
        open_ = [t for t in order if by_topic[t]]
        if not open_:
            if not reserve:
                break
            # The chosen sections ran dry before `count`: open the next most relevant one.
            order.insert(-1, reserve.pop(0))
            continue
        fewest = min(len(selected.get(t, [])) for t in open_)
        for topic in open_:
            if remaining and len(selected.get(topic, [])) == fewest:
                remaining -= take(topic, by_topic[topic])
    middle_order = sorted((t for t in selected if t not in frame and selected[t]),
                          key=PREP_ORDER.index)
    ordered = [t for t in [opening, *middle_order, closing] if selected.get(t)]
    for picks in selected.values():
        # the situation questions and guarantees open their section; then preparation, then
        # questions to ask (a manager prepares before asking)
        picks.sort(key=lambda p: (not p.pinned, p.kind != "prepare"))
    total = sum(len(selected[t]) for t in ordered)
    notes = []
    if total < count:
        notes.append(ui("note_short", language, found=total, count=count))
    elif count < 2:
        notes.append(ui("note_no_closing", language))
    if left_out:  # never dropped silently: the person sees what did not fit, and how to get it
        quoted = ", ".join(ui("quoted", language, text=q) for q in left_out)
        notes.append(ui("note_left_out", language, quotes=quoted, count=count,
                        more=count + len(left_out)))
    note = " ".join(notes) or None
    return Plan(role, language, context, [(t, selected[t]) for t in ordered],
                spares={t: list(by_topic[t]) for t in ordered},
                passages={h.id: h for h in cited}, facts=stated, note=note, count=count)


def section_title(topic: str, language: str) -> str:
    """A section's heading: the opening's and the closing's own, else the topic's title."""
    data = prep_data()
    if topic == data["opening_topic"]:
        return ui("section_opening", language)
    if topic == data["closing_topic"]:
        return ui("section_closing", language)
    return topic_title(topic, language)


def to_result(plan: Plan, engine: Engine = "rules", degraded: bool = False) -> PrepResult:
    """Turn a plan into the response, listing every cited source once."""
    sources: dict[str, SourceRef] = {}
    sections = []
    for topic, picks in plan.sections:
        title = section_title(topic, plan.language)
        for pick in picks:
            for sid in pick.source_ids:
                if sid in sources:
                    continue
                hit = plan.passages.get(sid)
                sources[sid] = (SourceRef(id=sid, title=hit.title, topic=hit.topic) if hit else
                                SourceRef(id=sid, title=ui("bank_source", plan.language,
                                                           topic=title), topic=topic))
        sections.append(PrepSection(topic=topic, title=title, questions=[
            PrepQuestion(text=p.text, why=p.why, source_ids=list(p.source_ids), kind=p.kind)
            for p in picks]))
    return PrepResult(language=plan.language, role=plan.role, sections=sections,
                      sources=list(sources.values()), note=plan.note, engine=engine,
                      degraded=degraded)


