"""The SMART lexicon (coach/data/goals/lexicon.yaml) compiled once, and the message catalogue.

Phrase lists compile into regular expressions here, so the deadline parser and the criteria
rules share one phrase syntax (documented in the YAML header): "word*" (any ending), "*word"
(end of a compound), "..." (up to three words) and "N" (a number). `smart_lexicon()` is the
whole file built once: the word sets, number words and every pattern the rules search with,
each paired with its exact shortcut (`coach.goals.matching.Search`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from coach.catalogue import Catalogue, catalogue
from coach.datafile import Strict, Words, read_yaml, validate
from coach.goals.matching import Search
from coach.numbers import number_words
from coach.paths import DATA_DIR

LEXICON_FILE = DATA_DIR / "goals" / "lexicon.yaml"

DIGITS = r"\d+(?:[.,]\d+)*"
WORD_END = r"(?![\w])"
WORD_START = r"(?<![\w])"
# After a measured number: a percent sign or word ("50 %", "3 procent").
PERCENT = r"\s*(?:%|procent|percent|pct\.?|procentpoint|percentage points)"
# A number that is a measure ends its word and may carry a percent (group "pct").
_MEASURE_TAIL = rf"(?![\w])(?P<pct>{PERCENT})?"
LANGUAGES = ("da", "en")


@cache
def messages() -> Catalogue:
    """The goal check's sentences: advice, evidence, questions, placeholders, conventions.

    Held here once: a check looks up a dozen sentences, and building the catalogue's path for
    each lookup cost more than the rules around it.
    """
    return catalogue("goals/messages.yaml")


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of literal `words`, longest first (so "hver anden" beats "hver")."""
    unique = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


def _token_regex(token: str, number: str) -> str:
    if token == "N":
        return number
    if token.startswith("N") and not token[1:].isalnum():  # "N." as in "hver N. dag"
        return number + re.escape(token[1:])
    prefix = r"\w*" if token.startswith("*") and len(token) > 1 else ""
    suffix = r"\w*" if token.endswith("*") and len(token) > 1 else ""
    core = re.escape(token.strip("*"))
    return prefix + core + suffix


def phrase_regex(phrase: str, number: str) -> str:
    """Regex (no groups) for one lexicon phrase, without word boundaries; `number` is the
    regex an "N" stands for (`SmartLexicon.number_regex`)."""
    parts: list[str] = []
    for raw in phrase.split():
        numeric = raw == "N" or (raw.startswith("N") and not raw[1:].isalnum())
        token = raw if numeric else raw.lower()
        if token == "...":
            parts.append(r"(?:\S+\s+){0,3}?")
            continue
        parts.append(_token_regex(token, number) + r"\s+")
    regex = "".join(parts)
    return regex[: -len(r"\s+")] if regex.endswith(r"\s+") else regex


def compile_phrases(phrases: Iterable[str], number: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `phrases` as whole words, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(phrase_regex(p, number) for p in ordered)
    return re.compile(rf"{WORD_START}(?:{body}){WORD_END}", re.IGNORECASE)


def verb_forms(entry: str, language: str) -> set[str]:
    """Inflected forms of a lexicon verb ("holde|holdt" -> holde, holder, holdt, holdes ...).

    Generated rather than listed so HR writes only the dictionary form; irregular forms come
    after "|" in the entry. Multi-word verbs inflect their first word ("rulle ud").
    """
    base, *irregular = entry.lower().split("|")
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    forms: set[str] = {base, *irregular}
    if language == "da":
        stem = head[:-1] if head.endswith("e") and len(head) > 3 else head
        for ending in ("e", "er", "r", "ede", "et", "t", "te", "es", "s", "ende"):
            forms.add(stem + ending + tail)
    else:
        endings = {head + "s", head + "es", head + "d", head + "ed", head + "ing"}
        if head.endswith("e"):
            endings.add(head[:-1] + "ing")
        if head.endswith("y"):
            endings |= {head[:-1] + "ies", head[:-1] + "ied"}
        if re.search(r"[^aeiou][aeiou][bdgmnprt]$", head):  # plan -> planned, run -> running
            endings |= {head + head[-1] + "ed", head + head[-1] + "ing"}
        forms |= {form + tail for form in endings}
    return forms


# Where an imperative can stand: the start of the goal or of a sentence, clause or list item.
CLAUSE_START = re.compile(r"(?:^|[.!?;:\n•*]|\s-)\s*")


def imperative_forms(entry: str) -> set[str]:
    """The Danish imperative of a lexicon verb ("aflevere" -> "aflever", "holde|holdt" ->
    "hold"); multi-word verbs keep their tail ("rulle ud" -> "rul ud")."""
    base = entry.lower().split("|")[0]
    head, _, rest = base.partition(" ")
    if not head.endswith("e") or len(head) <= 3:
        return set()
    stem = head[:-1]
    if len(stem) > 2 and stem[-1] == stem[-2]:  # "rulle" -> "rul"
        stem = stem[:-1]
    return {stem + (f" {rest}" if rest else "")}


@dataclass(frozen=True)
class Vocabulary:
    """The lexicon file's words, which every pattern is compiled from."""

    data: Mapping[str, Any]  # the parsed file
    number_words: Mapping[str | None, Mapping[str, float]]  # per language; None: both
    number_regex: Mapping[str | None, str]  # a number in digits or written out (no groups)
    word_sets: Mapping[tuple[str, str | None], frozenset[str]]  # see `words`

    def words(self, section: str, language: str | None = None) -> frozenset[str]:
        """A plain word list (lower case), for set lookups; of a per-language section the
        language's words (both languages' for None)."""
        words = self.word_sets.get((section, language))
        return self.word_sets[(section, None)] if words is None else words

    def phrases(self, phrases: Iterable[str], language: str | None = None) -> re.Pattern[str]:
        """`compile_phrases` with "N" a number of `language` (of either language for None)."""
        return compile_phrases(phrases, self.number_regex[language])

    def section(self, section: str, language: str | None = None) -> re.Pattern[str]:
        """The phrases of a section compiled (of a per-language one, the language's)."""
        return self.phrases(_section(self.data[section], language), language)

    def verbs(self, section: str, language: str) -> Search:
        """Any inflected form of the verbs of a section (`verb_forms`), tried only at the
        words the forms start with (an alternation of ~1000 forms, tried at every word
        otherwise)."""
        forms: set[str] = set()
        for entry in self.data[section][language]:
            forms |= verb_forms(str(entry), language)
        pattern = re.compile(rf"{WORD_START}(?:{alternatives(forms)}){WORD_END}", re.IGNORECASE)
        return Search.at_words(pattern, forms)

    def imperatives(self, sections: Iterable[str], language: str) -> re.Pattern[str] | None:
        """Danish imperatives of the verbs of `sections`, to be matched only where a sentence
        or clause starts (`imperative_matches`): elsewhere most of them are nouns ("test")."""
        if language != "da":
            return None
        forms: set[str] = set()
        for section in sections:
            for entry in self.data[section][language]:
                forms |= imperative_forms(str(entry))
        return re.compile(rf"(?:{alternatives(forms)}){WORD_END}", re.IGNORECASE)


@dataclass(frozen=True)
class LanguageLexicon:
    """What the rules search for in one language."""

    vague: Search
    clause_breaks: re.Pattern[str]
    event_verbs: Search
    event_means: Search  # "gennem"/"through": an event by other means
    event_objects: re.Pattern[str]
    event_phrases: Search
    concrete_verbs: Search
    role_frames: Search  # "være tovholder på", "be the point of contact for"
    role_groups: re.Pattern[str]  # "styregruppen", "the committee": a membership
    role_occasions: re.Pattern[str]  # "julefrokosten", "the away day": one occasion
    standalone_actions: Search  # "arbejde hjemme", "work from home"
    imperatives: re.Pattern[str] | None  # Danish "Aflever", "Hold" at a clause start
    deliverable_verbs: re.Pattern[str]
    dependence: re.Pattern[str]
    measure_numbers: re.Pattern[str]  # a number starting a word, with its percent ("pct")

    @classmethod
    def build(cls, vocabulary: Vocabulary, language: str) -> LanguageLexicon:
        """Compile one language's patterns from `vocabulary`."""
        v = vocabulary
        objects = _section(v.data["event_objects"], language)
        if language == "da":  # Danish compounds: "teammøder" ends in an event object
            objects = [o if o.startswith("*") else "*" + o for o in objects]
        return cls(
            vague=Search.folded(v.section("vague", language)),
            clause_breaks=v.phrases(v.words("clause_breaks"), language),
            event_verbs=v.verbs("event_verbs", language),
            event_means=Search.folded(v.phrases(_section(v.data["event_verbs"]["means"], None),
                                                language)),
            event_objects=v.phrases(objects, language),
            event_phrases=Search.folded(v.section("event_phrases", language)),
            concrete_verbs=v.verbs("concrete_verbs", language),
            role_frames=_role_frames(v, language),
            role_groups=_role_part(v, language, "groups"),
            role_occasions=_role_part(v, language, "occasions"),
            standalone_actions=Search.folded(v.section("standalone_actions", language)),
            imperatives=v.imperatives(("concrete_verbs", "event_verbs"), language),
            deliverable_verbs=v.verbs("deliverable_verbs", language).pattern,
            dependence=v.phrases([*_section(v.data["dependence"], language),
                                  *_frame_phrases(v.data["dependence_frames"][language])],
                                 language),
            measure_numbers=re.compile(rf"(?<![\w.,]){v.number_regex[language]}{_MEASURE_TAIL}",
                                       re.IGNORECASE))


@dataclass(frozen=True)
class SmartLexicon(Vocabulary):
    """coach/data/goals/lexicon.yaml compiled once (`smart_lexicon`): its words, and the
    patterns the rules search with, shared and per language."""

    languages: Mapping[str, LanguageLexicon]
    non_measures: Search
    thresholds: re.Pattern[str]
    measure_verbs: Search
    quantifiers: Search
    perfection: re.Pattern[str]
    capacity: re.Pattern[str]
    workload: tuple[tuple[Search, float], ...]  # "N ... object" and days per item
    support: re.Pattern[str]
    relevance_markers: re.Pattern[str]
    role_statement: re.Pattern[str]  # "jeg er udvikler": who the person is
    goal_markers: re.Pattern[str]  # "teamets mål", "has asked for": what someone aims at


def _section(node: Any, language: str | None) -> list[str]:
    """A list section, or of a per-language mapping the language's list (all its lists when
    it has no such key), as strings."""
    if isinstance(node, dict):
        node = node[language] if language in node else [p for v in node.values() for p in v]
    return [str(p) for p in node]


def _word_sets(data: Mapping[str, Any]) -> dict[tuple[str, str | None], frozenset[str]]:
    """Every list section (and each list of a per-language one) as a lower-cased word set."""
    sets: dict[tuple[str, str | None], frozenset[str]] = {}
    for section, node in data.items():
        lists = node.values() if isinstance(node, dict) else [node]
        if all(isinstance(v, list) for v in lists):
            for key in [None, *node] if isinstance(node, dict) else [None]:
                sets[(section, key)] = frozenset(w.lower() for w in _section(node, key))
    return sets


class _PerLanguage(Strict):
    da: Words
    en: Words


class _RoleFrame(Strict):
    verbs: Words
    nouns: Words
    groups: Words = ()  # a body one joins: membership is checkable, a role alone is not
    occasions: Words = ()  # one occasion run in the role ("julefrokosten"): it took place


class _RangeWords(Strict):
    between: Words
    joiners: Words


class _RoleFrames(Strict):
    da: _RoleFrame
    en: _RoleFrame


class _EventVerbs(_PerLanguage):
    means: Words = ()


class _Cues(Strict):
    before: Words
    deadline: Words
    within: Words
    weak: Words
    start: Words
    numeric_date: Words


class _Undated(Strict):
    """Periods whose day the workplace decides: time-bound, never given a day."""

    holidays: Words
    seasons: Words
    year_positions: Words
    relative_periods: Words


class _RelativePeriods(Strict):
    fiscal_year: Words
    school_year: Words
    year_end: Words
    next_year_end: Words
    quarter_end: Words
    next_quarter_end: Words
    half_end: Words
    month_end: Words
    next_month_end: Words
    week_end: Words
    next_week_end: Words
    next_mus: Words


class _Holiday(Strict):
    words: Words
    date: str | None = None  # "MM-DD"
    easter_offset: int | None = None  # days from Easter Sunday
    iso_week: int | None = None  # Monday of this ISO week


class _Season(Strict):
    start: str  # "MM-DD"
    end: str  # "MM-DD" or "MM-end"
    words: Words
    before: str | None = None  # the holiday "before <season>" means instead


class _Positions(Strict):
    early: Words
    mid: Words
    late: Words


class _PositionYears(Strict):
    this: Words
    next: Words


class _Anchored(Strict):
    owners: Words
    first: Words
    articles: Words
    links: Words
    not_events: Words
    from_now: Words


class _Workload(Strict):
    days: float
    objects: Words


class _Frequencies(Strict):
    quantifiers: Words
    units: Words
    phrases: Words


class _Frame(Strict):
    first: Words
    second: Words


class LexiconFile(Strict):
    """The schema of coach/data/goals/lexicon.yaml (its header documents each section)."""

    duration_articles: Words
    months: dict[str, int]
    month_abbreviations: dict[str, int]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    duration_units: dict[str, tuple[str, float]]
    sla_units: Words
    cues: _Cues
    range_words: _RangeWords
    end_markers: Words
    end_tails: Words
    mid_markers: Words
    position_markers: _Positions
    position_years: _PositionYears
    anchored: _Anchored
    next_words: Words
    relative_periods: _RelativePeriods
    undated: _Undated
    holidays: dict[str, _Holiday]
    seasons: dict[str, _Season]
    frequencies: _Frequencies
    vague_timing: Words
    ongoing_timing: Words
    vague: _PerLanguage
    concrete_verbs: _PerLanguage
    role_frames: _RoleFrames
    standalone_actions: _PerLanguage
    light_verbs: _PerLanguage
    abstract_objects: _PerLanguage
    object_pronouns: Words
    object_particles: Words
    label_nouns: Words
    comparatives: Words
    vague_modifiers: Words
    noun_determiners: Words
    definite_determiners: Words
    time_nouns: Words
    clause_breaks: Words
    event_verbs: _EventVerbs
    deliverable_verbs: _PerLanguage
    event_objects: _PerLanguage
    event_phrases: _PerLanguage
    measure_verbs: Words
    gap_prepositions: Words
    thresholds: Words
    quantifiers: Words
    effort_verbs: Words
    attitude_words: Words
    non_measures: Words
    dependence: _PerLanguage
    dependence_frames: dict[str, _Frame]
    capacity_frames: dict[str, _Frame]
    perfection: Words
    capacity: Words
    workload: dict[str, _Workload]
    support: Words
    negations: Words
    stopwords: _PerLanguage
    relevance_ignore: Words
    relevance_markers: Words
    clause_joiners: Words
    role_statement: Words
    goal_markers: Words


def _frame_phrases(frame: dict[str, Any]) -> list[str]:
    """Every `first` word or phrase with every `second` ("have my manager", "mistet N ...
    kolleger"): a whole word class of frames instead of a list of the phrases seen."""
    return [f"{a} {b}" for a in frame["first"] for b in frame["second"]]


def _role_part(v: Vocabulary, language: str, key: str) -> re.Pattern[str]:
    """The role frames' `key` nouns; a Danish one also ends a compound."""
    nouns = v.data["role_frames"][language].get(key, ())
    return v.phrases([n if language != "da" or n.startswith("*") else f"*{n}" for n in nouns],
                     language)


def _role_frames(v: Vocabulary, language: str) -> Search:
    """"være tovholder på", "sit on the steering group": every verb with every role noun,
    tried only at the verbs' words (an alternation of some thousand phrases)."""
    frames = v.data["role_frames"][language]
    # A word or two may stand between ("være fast kontaktperson", "sit on the works council");
    # a Danish role noun also ends a compound ("medvært", "samarbejdsudvalget").
    nouns = [n if language != "da" or n.startswith("*") else f"*{n}"
             for n in [*frames["nouns"], *frames.get("groups", ())]]
    nouns = [n if n.startswith("...") else f"... {n}" for n in nouns]
    phrases = [f"{verb} {noun}" for verb in frames["verbs"] for noun in nouns]
    return Search.at_words(v.phrases(phrases, language), phrases)


def imperative_matches(pattern: re.Pattern[str] | None, text: str) -> list[re.Match[str]]:
    """Matches of an imperatives pattern at the start of the text or of a clause only."""
    if pattern is None:
        return []
    found = []
    for start in CLAUSE_START.finditer(text):
        m = pattern.match(text, start.end())
        if m is not None:
            found.append(m)
    return found


def _counted(v: Vocabulary, objects: Iterable[str]) -> re.Pattern[str]:
    """A number, up to two words that are no unit ("40 hours of lessons" counts hours, not
    lessons), and one of `objects`: "tre workshops", "two industry conferences"."""
    units = alternatives([*v.data["duration_units"], *v.data["sla_units"], "of", "af"])
    gap = rf"(?:(?!(?:{units})(?!\w))[^\W\d_][\w-]*\s+){{0,2}}"
    body = "|".join(phrase_regex(str(o), v.number_regex[None]) for o in objects)
    return re.compile(rf"{WORD_START}{v.number_regex[None]}\s+{gap}(?:{body}){WORD_END}",
                      re.IGNORECASE)


@cache
def smart_lexicon() -> SmartLexicon:
    """The lexicon file, checked against `LexiconFile` and compiled once per process."""
    data: dict[str, Any] = read_yaml(LEXICON_FILE)
    validate(LEXICON_FILE, data, LexiconFile)
    numbers = {key: number_words(key, "count") for key in (None, *LANGUAGES)}
    v = Vocabulary(
        data=MappingProxyType(data), number_words=MappingProxyType(numbers),
        number_regex=MappingProxyType({key: rf"(?:{DIGITS}|{alternatives(words)})"
                                       for key, words in numbers.items()}),
        word_sets=MappingProxyType(_word_sets(data)))
    return SmartLexicon(
        **vars(v),
        languages=MappingProxyType({lang: LanguageLexicon.build(v, lang) for lang in LANGUAGES}),
        non_measures=Search.folded(v.section("non_measures")), thresholds=v.section("thresholds"),
        measure_verbs=Search.folded(v.section("measure_verbs")),
        quantifiers=Search.folded(v.section("quantifiers")), perfection=v.section("perfection"),
        capacity=v.phrases([*_section(data["capacity"], None),
                            *(p for frame in data["capacity_frames"].values()
                              for p in _frame_phrases(frame))]),
        workload=tuple((Search.folded(_counted(v, w["objects"])), float(w["days"]))
                       for w in data["workload"].values()),
        support=v.section("support"), relevance_markers=v.section("relevance_markers"),
        role_statement=v.section("role_statement"), goal_markers=v.section("goal_markers"))
