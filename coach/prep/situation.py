"""What the context says about the person's situation, for prep questions that use it.

Two things come out of a context (word lists in coach/data/prep/topics.yaml):

- `mentions`: each concrete interest, worry, change or fact it names, as a clause quoted word
  for word ("vil gerne være nøgleperson for demens på afdelingen"), with the topic it belongs
  to. Every mention gets a question that names it; quoting keeps the coach from inventing
  anything about the person.
- `facts`: what the context states that some bank questions take for granted the other way
  round (a new manager, a new employee, a first MUS), so `contradicted` can leave out "How have
  you experienced the feedback you've had from me over the year?" for a manager who is new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

import bm25s

from coach.language import detect_language
from coach.prep.cues import Analysed, cue_scores, has_words, mentions
from coach.prep.lexicon import prep_data

Kind = Literal["interest", "worry", "change", "fact"]
KINDS: tuple[Kind, ...] = ("interest", "worry", "change")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|[;\n]+|\s[–—-]\s|(?:^|\s)[•*]\s")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
MAX_QUOTE_WORDS = 16  # a longer clause is split into its items, then quoted up to here
_COMMA = re.compile(r",\s+")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|”[^”]*”')
MIN_FACT_WORDS = 2  # content words a clause without a cue needs to count as a concrete fact
_STOPWORDS = {"da": frozenset(bm25s.stopwords.STOPWORDS_DANISH),
              "en": frozenset(bm25s.stopwords.STOPWORDS_EN)}


@dataclass(frozen=True)
class Mention:
    """One thing the context names, quoted exactly as written.

    Attributes:
        quote: The clause without its leading connective or subject (`context[start:end]`).
        kind: interest, worry, change, or fact (no cue).
        topic: The taxonomy slug the question goes under.
        subject: "own" when the speaker is the subject ("Jeg er ny leder": for a manager, about
            themselves), "other" for someone else ("Hun virker træt"), else "" (the team, a
            thing: "Remote work has made it hard ...").
        start: Offset of `quote` in the context.
        end: End offset.
    """

    quote: str
    kind: Kind
    topic: str
    subject: Literal["own", "other", ""]
    start: int
    end: int


@cache
def _split_pattern(language: str) -> re.Pattern[str]:
    words = prep_data()["situation"]
    anywhere = "|".join(re.escape(w) for w in words["clause_words"][language])
    after_comma = "|".join(re.escape(w) for w in words["comma_clause_words"][language])
    return re.compile(rf"{_SENTENCE.pattern}|,\s*(?=(?:{after_comma}|{anywhere})\s)|"
                      rf"\s(?=(?:{anywhere})\s)", re.IGNORECASE)


@cache
def _lead_pattern(language: str) -> re.Pattern[str]:
    words = sorted(prep_data()["situation"]["lead_words"][language], key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"^(?:(?:{alt})(?![\w'’])[\s,]*)+", re.IGNORECASE)


def _groups(context: str, language: str) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Each clause with the parts it is quoted in: itself, or, when too long to quote, its
    comma-separated items ("Python, bedre balance mellem arbejde og fritid, mere tid til ..."),
    an item still too long split at "og"/"and" too. Commas first, so "arbejde og fritid"
    stays whole."""
    spans, last = [], 0
    for m in _split_pattern(language).finditer(context):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(context)))
    first_joiner = prep_data()["situation"]["comma_clause_words"][language][0]  # og / and
    joiner = re.compile(rf"\s{re.escape(first_joiner)}\s", re.IGNORECASE)

    def split(start: int, end: int, at: re.Pattern[str]) -> list[tuple[int, int]]:
        parts, cut = [], start
        for m in at.finditer(context, start, end):
            parts.append((cut, m.start()))
            cut = m.end()
        return [*parts, (cut, end)]

    out = []
    for start, end in spans:
        if not context[start:end].strip():
            continue
        if len(context[start:end].split()) <= MAX_QUOTE_WORDS:
            out.append(((start, end), [(start, end)]))
            continue
        parts = []
        for a, b in split(start, end, _COMMA):
            too_long = len(context[a:b].split()) > MAX_QUOTE_WORDS
            parts += split(a, b, joiner) if too_long else [(a, b)]
        out.append(((start, end), [(a, b) for a, b in parts if context[a:b].strip()]))
    return out


def clauses(context: str, language: str) -> list[tuple[int, int]]:
    """Offsets of the clauses of `context`: sentences split at clause words ("men", "because")
    and at a comma before "og"/"and"; a clause still too long to quote is split into its
    comma-separated items, and an item still too long at "og"/"and" (`_groups`)."""
    return [part for _, parts in _groups(context, language) for part in parts]


def _trim(context: str, start: int, end: int, language: str) -> tuple[int, int]:
    """Drop the leading connective and subject, trailing punctuation, and cut a long clause."""
    text = context[start:end]
    lead = _lead_pattern(language).match(text)
    start += lead.end() if lead and lead.end() < len(text.rstrip()) else 0
    while start < end and not context[start].isalnum():
        start += 1
    while end > start and not context[end - 1].isalnum():
        end -= 1
    words = list(re.finditer(r"\S+", context[start:end]))
    if len(words) > MAX_QUOTE_WORDS:
        end = start + words[MAX_QUOTE_WORDS - 1].end()
        while end > start and not context[end - 1].isalnum():
            end -= 1
    return start, end


def _kinds(analysed: Analysed, language: str) -> list[Kind]:
    kinds = prep_data()["situation"]["kinds"]
    return [k for k in KINDS if mentions(analysed, language, kinds[k][language])]


def _kind(analysed: Analysed, language: str) -> Kind:
    found = _kinds(analysed, language)
    return found[0] if found else "fact"


@cache
def _role_head(language: str) -> re.Pattern[str]:
    """A role predicate at a clause's start ("She is a backend developer and ..."): who the
    person is, which is no topic of its own; the quote starts after it."""
    words = prep_data()["situation"]
    subjects = "|".join(re.escape(w) for w in [*words["self_subjects"][language],
                                                *words["other_subjects"][language]])
    copulas = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                       for w in words["role_predicates"][language])
    joiner = re.escape(words["comma_clause_words"][language][0])  # og / and
    return re.compile(rf"^\W*(?:(?:{subjects})\s+)?(?:{copulas})\s+(?P<role>[^,.;]*?)"
                      rf"(?:,?\s+{joiner}\s+|$)", re.IGNORECASE)


def _split_kinds(context: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """A clause naming two kinds ("vil gerne være nøgleperson og er bekymret for tiden") split
    at its commas and joiners, so each part gets its own kind's question."""
    if len(_kinds(Analysed(context[start:end], language), language)) < 2:
        return [(start, end)]
    joiners = "|".join(re.escape(w) for w in
                       prep_data()["situation"]["comma_clause_words"][language])
    parts, cut = [], start
    for m in re.finditer(rf",\s*|\s(?:{joiners})\s", context[start:end], re.IGNORECASE):
        parts.append((cut, start + m.start()))
        cut = start + m.end()
    parts.append((cut, end))
    return [(a, b) for a, b in parts if context[a:b].strip()]


def _content_words(text: str, language: str) -> list[str]:
    stop = _STOPWORDS[language]
    meta = set(prep_data()["situation"]["meta_words"][language])
    return [w for w in _WORD.findall(text.lower()) if w not in stop and w not in meta
            and len(w) > 1]


def mentions_in(context: str, language: str, role: str) -> list[Mention]:
    """Each concrete interest, worry, change or fact the context names, in text order."""
    data = prep_data()["situation"]
    found: list[Mention] = []
    facts_named: set[str] = set()
    # An item of a longer clause ("Jeg ønsker A, B og C") inherits the clause's kind: "bedre
    # balance mellem arbejde og fritid" is a wish because the clause says "ønsker".
    spans = [(part, inherited)
             for whole, parts in _groups(context, language)
             for inherited in [_kind(Analysed(context[slice(*whole)], language), language)
                               if len(parts) > 1 else "fact"]
             for span in parts for part in _split_kinds(context, *span, language)]
    for (start, end), inherited in spans:
        clause = context[start:end]
        head = _role_head(language).match(clause)
        if head is not None and not _kinds(Analysed(head.group("role"), language), language) \
                and not _stated(head.group(), language, role) \
                and not has_words(head.group("role"), data["role_places"][language]):
            if head.end() >= len(clause.rstrip(" .!?")):
                continue  # only who the person is: no situation to ask about
            start += head.end()
            clause = context[start:end]
        content = _content_words(clause, language)
        if not content and not _first_mus(clause, language):
            continue
        analysed = Analysed(clause, language)
        kind = _kind(analysed, language)
        if kind == "fact" and inherited != "fact":
            kind = inherited
        stated = _stated(clause, language, role)
        if stated and set(stated) <= facts_named:
            continue  # "a new manager" and "took over the team two months ago": one question
        facts_named |= set(stated)
        if stated:
            kind = "change"  # a new manager, a new job, a first MUS: a change to talk about
        elif kind == "fact" and len(content) < MIN_FACT_WORDS:
            continue
        q_start, q_end = _trim(context, start, end, language)
        if q_end - q_start < 3:
            continue
        scores = {t: n for t, n in cue_scores(clause, role, language).items()
                  if t not in data["not_topics"]}
        home = data["kind_topics"][kind]
        # the kind's own topic when its cues agree, else the topic the cues point at; a first
        # MUS belongs to the opening, where the meeting's purpose is talked through
        topic = home if home in scores or not scores else max(scores, key=lambda t: scores[t])
        if "first_mus" in stated:
            topic = prep_data()["opening_topic"]
        found.append(Mention(context[q_start:q_end], kind, topic, _subject(clause, language),
                             q_start, q_end))
    return found


def _subject(clause: str, language: str) -> Literal["own", "other", ""]:
    """Whose situation a clause is about: the speaker's ("Jeg er ny leder", "This is my first
    round"), someone else's ("Hun virker træt"), or neither (the team, a thing)."""
    data = prep_data()["situation"]
    own, other = set(data["self_subjects"][language]), set(data["other_subjects"][language])
    connectives = {w for w in data["lead_words"][language] if " " not in w} - own - {"vi", "we"}
    words = [w.strip(",.;:") for w in clause.lower().split()]
    words = [w for w in words if w not in connectives][:3]
    if words and words[0] in other:
        return "other"
    if own & set(words):
        return "own"
    return "other" if has_words(clause, data["others_named"][language]) else ""


@cache
def _frames(language: str) -> dict[str, re.Pattern[str]]:
    """Per fact, a verb of becoming and a role noun ("Jeg blev leder for afdelingen", "was
    appointed team lead"): the fact by its frame, not by a listed phrase."""
    out = {}
    for name, frame in prep_data()["fact_frames"].items():
        verbs = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in frame["verbs"][language])
        nouns = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in frame["nouns"][language])
        gap = int(frame["gap"])
        out[name] = re.compile(rf"(?<!\w)(?:{verbs})\s+(?:[^\W\d_]+\s+){{0,{gap}}}?"
                               rf"(?:{nouns})(?!\w)", re.IGNORECASE)
    return out


def _stated(clause: str, language: str, role: str = "employee") -> list[str]:
    """The facts (`facts`, `fact_frames` in topics.yaml) one clause states; a manager who
    writes that they are new states that the manager is new, whatever the words."""
    analysed = Analysed(clause, language)
    stated = {name for name, words in prep_data()["facts"].items()
              if mentions(analysed, language, words[language])}
    long_ago = prep_data()["situation"]["long_ago"][language]
    if not has_words(clause, long_ago):
        stated |= {name for name, frame in _frames(language).items() if frame.search(clause)}
    if role == "manager" and "new_employee" in stated and _subject(clause, language) == "own":
        stated = (stated - {"new_employee"}) | {"new_manager"}
    return sorted(stated)


def _first_mus(clause: str, language: str) -> bool:
    return mentions(clause, language, prep_data()["facts"]["first_mus"][language])


def facts(context: str | None, language: str, role: str = "employee") -> frozenset[str]:
    """The facts the context states (`facts` in topics.yaml): new_manager, new_employee,
    first_mus. A manager who writes that they are new ("Jeg har kun været her i to måneder")
    states that the manager is new, whatever the words."""
    if not context:
        return frozenset()
    found: set[str] = set()
    # a context may be written in the other language than the questions ("I'm new to the
    # team" for a Danish set): its facts are read in its own language too
    for lang in dict.fromkeys([language, detect_language(context)]):
        for start, end in clauses(context, lang):
            found |= set(_stated(context[start:end], lang, role))
    return frozenset(found)


def presupposes(text: str, language: str) -> frozenset[str]:
    """The presuppositions (topics.yaml) a question's wording makes."""
    analysed = Analysed(text, language)
    found = {name for name, p in prep_data()["presuppositions"].items()
             if mentions(analysed, language, p[language])}
    # "Hvad kan jeg som leder gøre anderledes?": doing it differently takes a before
    groups = prep_data()["manager_self"]["match"][language]
    if all(mentions(analysed, language, group) for group in groups):
        found.add(prep_data()["manager_self"]["presupposes"])
    return frozenset(found)


def contradicted(text: str, language: str, stated: frozenset[str]) -> list[str]:
    """The presuppositions of `text` that the context's `stated` facts contradict; words quoted
    from the context ("to rådgivere mindre end sidste år") are the person's, not the question's."""
    if not stated:
        return []
    table = prep_data()["presuppositions"]
    own_words = _QUOTED.sub(" ", text)
    return sorted(p for p in presupposes(own_words, language)
                  if set(table[p]["contradicted_by"]) & stated)


def looks_back(text: str, language: str) -> bool:
    """A question about what happened before (earlier agreements): it belongs to the opening."""
    return bool(presupposes(text, language) & set(prep_data()["look_back"]))
