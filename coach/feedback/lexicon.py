"""The feedback lexicon (coach/data/feedback/lexicon.yaml), compiled for matching tokens.

Lexicon phrases compile into `Entry` objects matched token by token against the `Token`s of
`coach.tokens`; word lists become sets, and each list gets a first-word index so the analyzer
tries only the entries that can start at a token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.catalogue import Catalogue, catalogue
from coach.datafile import Strict, Words, load
from coach.paths import DATA_DIR
from coach.tokens import Token

DATA_FILE = DATA_DIR / "feedback" / "lexicon.yaml"
GAP = "..."
ANY = "*"
GAP_MAX = 3  # "..." in a phrase stands for up to this many words
SKIP_MAX = 3  # modifiers/subjects allowed between two words of a phrase


def danish_adjective_forms(word: str) -> set[str]:
    """Inflected forms of a Danish adjective (simplemma misses contracted ones like "dovne").

    Generated here rather than listed in the data file so HR only writes the dictionary form.
    """
    forms = {word, word + "e", word + "t"}
    if word.endswith("e"):
        forms.add(word + "t")
    if re.search(r"[^aeiouyæøå](en|el|er)$", word):  # doven -> dovne, simpel -> simple
        forms.add(word[:-2] + word[-1] + "e")
    if word.endswith("et"):  # sløset -> sløsede, umotiveret -> umotiverede
        forms.add(word[:-1] + "de")
    if re.search(r"[^aeiouyæøå][aeiouyæøå][bdfgklmnpstv]$", word):  # dum -> dumme
        forms.add(word + word[-1] + "e")
    return forms


@dataclass(frozen=True)
class Slot:
    """One position of a phrase: any of `words`, or a gap."""

    words: frozenset[str]
    gap: bool = False

    def matches(self, token: Token) -> bool:
        """True when the token's form or lemma is one of the slot's words ("*": any word)."""
        if ANY in self.words:
            return not token.punct
        return token.norm in self.words or token.lemma in self.words


@dataclass(frozen=True)
class Entry:
    """A compiled lexicon phrase."""

    phrase: str
    slots: tuple[Slot, ...]


def compile_entry(phrase: str, language: str, *, adjective: bool = False) -> Entry:
    """Compile a phrase such as "gide ikke|aldrig" or "tage ikke ... seriøst"."""
    slots: list[Slot] = []
    for part in phrase.lower().split():
        if part == GAP:
            slots.append(Slot(frozenset(), gap=True))
            continue
        words: set[str] = set()
        for alt in part.split("|"):
            words.add(alt)
            if adjective and language == "da":
                words |= danish_adjective_forms(alt)
        slots.append(Slot(frozenset(words)))
    return Entry(phrase, tuple(slots))


def match_entry(tokens: Sequence[Token], i: int, entry: Entry,
                skippable: frozenset[str]) -> int | None:
    """Match `entry` starting at token `i`; return the index after the match, or None.

    Between two words of the phrase, up to SKIP_MAX skippable tokens (modifiers, subject
    pronouns, commas) may stand, so "gider du aldrig" matches "gide ... aldrig"-style entries
    written as "gide aldrig".
    """
    if not entry.slots or not entry.slots[0].matches(tokens[i]):
        return None
    return _match_rest(tokens, i + 1, entry.slots[1:], skippable, tokens[i].sentence)


def _match_rest(tokens: Sequence[Token], j: int, slots: Sequence[Slot],
                skippable: frozenset[str], sentence: int) -> int | None:
    if not slots:
        return j
    slot, rest = slots[0], slots[1:]
    if slot.gap:
        for step in range(GAP_MAX + 1):
            if j + step > len(tokens):
                break
            found = _match_rest(tokens, j + step, rest, skippable, sentence)
            if found is not None:
                return found
        return None
    for skip in range(SKIP_MAX + 1):
        k = j + skip
        if k >= len(tokens) or tokens[k].sentence != sentence:
            return None
        if slot.matches(tokens[k]):
            return _match_rest(tokens, k + 1, rest, skippable, sentence)
        if tokens[k].norm not in skippable:
            return None
    return None


# First-word index of one entry list: word -> (positions, entries); positions of entries
# starting with any word; the words that can start an entry (None if any word can).
_FirstWords = tuple[dict[str, tuple[tuple[int, ...], tuple["Entry", ...]]], tuple[int, ...],
                    frozenset[str] | None]


@dataclass
class LanguageLexicon:
    """Everything the analyzer knows about one language, compiled."""

    language: str
    raw: dict[str, Any]
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    skippable: frozenset[str] = frozenset()
    # Derived from the lists above by compile_language, once (see candidates and ends_in).
    first: dict[str, _FirstWords] = field(default_factory=dict, repr=False)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _tuples: dict[tuple[tuple[str, ...], int], tuple[str, ...]] = field(
        default_factory=dict, repr=False)

    def candidates(self, key: str, token: Token) -> Sequence[Entry]:
        """The entries of `key` whose first word can match `token`, in lexicon order.

        Trying every entry at every token costs thousands of `match_entry` calls per statement;
        an index by first word keeps only those that can start here (same result, `match_entry`
        checks the first slot the same way). Most tokens start no entry, and most others
        start entries under one word only: both are answered without building a list.
        """
        by_word, wildcard, _ = self.first[key]
        a = by_word.get(token.norm)
        b = by_word.get(token.lemma)
        if not wildcard:
            if b is None or b is a:
                return () if a is None else a[1]
            if a is None:
                return b[1]
        hits = {*(a[0] if a else ()), *(b[0] if b else ()), *wildcard}
        entries = self.entries[key]
        return [entries[n] for n in sorted(hits)]

    def first_words(self, key: str) -> frozenset[str] | None:
        """Words that can start an entry of `key` (None: any word can), to skip whole texts."""
        return self.first[key][2]

    def word_tuple(self, *keys: str, min_len: int = 0) -> tuple[str, ...]:
        """Words of the lists `keys` at least `min_len` long, for one startswith/endswith."""
        words = self._tuples.get((keys, min_len))
        if words is None:
            found = {w for key in keys for w in self.words[key] if len(w) >= min_len}
            words = self._tuples[(keys, min_len)] = tuple(sorted(found))
        return words

    def ends_in(self, key: str, form: str, extra: int) -> bool:
        """True when `form` ends with a word of list `key` and has over `extra` more letters.

        One slice per distinct word length instead of an `endswith` per word.
        """
        words, n = self.words[key], len(form) - extra
        return any(form[len(form) - k:] in words for k in self.lengths[key] if k < n)

    def has(self, key: str, token: Token) -> bool:
        """True when the token's form or lemma is in the word list `key`."""
        words = self.words[key]
        return token.norm in words or token.lemma in words


_WORD_LISTS = ("person_subjects", "speaker_subjects", "possessives", "speaker_possessives",
               "person_nouns", "impersonal_subjects", "modifiers", "negations",
               "compound_prefixes", "prepositions", "subordinators", "person_noun_heads",
               "person_objects", "comparison_words", "exclamatives", "indefinite_articles",
               "addressees",
               "determiners")
_LABEL_WORDS = ("negative_prefixes", "negative_prefix_exceptions", "noun_suffixes",
                "prefix_adjective_endings", "ranking_low", "ranking_high", "gradables",
                "ranking_than", "ranking_groups", "perception_verbs")
_ENTRY_LISTS = {
    "copulas": ("copulas",),
    "role_predicates": ("role_predicates",),
    "label_predicates": ("labels", "predicates"),
    "label_negated": ("labels", "negated_positives"),
    "label_verbs": ("labels", "verb_phrases"),
    "label_frames": ("labels", "frames"),
    "attribution_predicates": ("attributions", "predicates"),
    "attribution_verbs": ("attributions", "verb_phrases"),
    "attribution_phrases": ("attributions", "phrases"),
    "hedges": ("attributions", "hedges"),
    "motive_purposes": ("attributions", "motive_purposes"),
    "hedged_verbs": ("attributions", "hedged_verbs"),
    "person_phrases": ("generalizations", "person_phrases"),
    "obligations": ("generalizations", "obligations"),
    "exasperation": ("generalizations", "exasperation"),
    "quantifiers": ("generalizations", "quantifiers"),
    "negative_polarity": ("generalizations", "negative_polarity"),
    "instruction_words": ("generalizations", "instruction_words"),
    "clause_openers": ("generalizations", "clause_openers"),
    "generalization_markers": ("generalizations", "markers"),
    "habit_markers": ("generalizations", "habit_markers"),
    "praise_openers": ("generalizations", "praise_openers"),
    "followed_by": ("generalizations", "followed_by"),
    "time_words": ("strengths", "time_words"),
    "event_words": ("strengths", "event_words"),
    "impact_markers": ("strengths", "impact_markers"),
    "request_markers": ("strengths", "request_markers"),
    "i_statement_verbs": ("strengths", "i_statement_verbs"),
}
_GENERALIZATION_WORDS = ("preceded_by", "permission_verbs", "receiving_verbs", "duty_modals",
                         "procedure_conditions")
_ATTRIBUTION_WORDS = ("loaded_question_markers", "loaded_question_words", "own_report_verbs",
                      "report_verbs", "reaction_causes", "motive_focus", "purpose_markers")
_ADJECTIVE_LISTS = {"label_predicates", "label_negated", "attribution_predicates"}


def _dig(raw: dict[str, Any], path: Iterable[str]) -> list[str]:
    node: Any = raw
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    return [str(x) for x in node] if isinstance(node, list | tuple) else []


def _index_first_words(entries: Sequence[Entry]) -> _FirstWords:
    positions: dict[str, list[int]] = {}
    wildcard: list[int] = []
    for n, entry in enumerate(entries):
        if not entry.slots or entry.slots[0].gap:
            continue  # can never match at its first token
        if ANY in entry.slots[0].words:
            wildcard.append(n)
            continue
        for word in entry.slots[0].words:
            positions.setdefault(word, []).append(n)
    by_word = {w: (tuple(ns), tuple(entries[n] for n in ns)) for w, ns in positions.items()}
    return by_word, tuple(wildcard), None if wildcard else frozenset(by_word)


def compile_language(language: str, raw: dict[str, Any]) -> LanguageLexicon:
    """Compile one language section of the lexicon."""
    lex = LanguageLexicon(language, raw)
    for key in _WORD_LISTS:
        lex.words[key] = frozenset(w.lower() for w in _dig(raw, (key,)))
    for key in _LABEL_WORDS:
        lex.words[key] = frozenset(w.lower() for w in _dig(raw, ("labels", key)))
    for key in _GENERALIZATION_WORDS:
        lex.words[key] = frozenset(w.lower() for w in _dig(raw, ("generalizations", key)))
    for key in _ATTRIBUTION_WORDS:
        lex.words[key] = frozenset(w.lower() for w in _dig(raw, ("attributions", key)))
    lex.words["observable_verbs"] = frozenset(_dig(raw, ("strengths", "observable_verbs")))
    lex.words["feelings"] = frozenset(_dig(raw, ("strengths", "feelings")))
    for key, path in _ENTRY_LISTS.items():
        phrases = dict.fromkeys(_dig(raw, path))  # ordered, without duplicates
        lex.entries[key] = [compile_entry(p, language, adjective=key in _ADJECTIVE_LISTS)
                            for p in phrases]
    lex.words["event_words"] = frozenset(_dig(raw, ("strengths", "event_words")))
    lex.words["work_items"] = frozenset(_dig(raw, ("strengths", "work_items")))
    # One-word time words ("torsdag", "Thursday") are never names, even when capitalized.
    lex.words["time_words"] = frozenset(w.lower() for w in _dig(raw, ("strengths", "time_words"))
                                        if " " not in w)
    lex.skippable = (lex.words["modifiers"] | lex.words["person_subjects"]
                     | lex.words["negations"] | {","})
    lex.first = {key: _index_first_words(entries) for key, entries in lex.entries.items()}
    lex.lengths = {key: tuple(sorted({len(w) for w in ws})) for key, ws in lex.words.items()}
    return lex


@dataclass
class Lexicon:
    """The whole lexicon: per-language word lists."""

    languages: dict[str, LanguageLexicon]

    def __getitem__(self, language: str) -> LanguageLexicon:
        return self.languages[language]


def messages() -> Catalogue:
    """Every sentence the analyzer and the rephraser show (coach/data/feedback/messages.yaml)."""
    return catalogue("feedback/messages.yaml")


class _Labels(Strict):
    predicates: Words = ()
    frames: Words = ()
    negative_prefixes: Words = ()
    negative_prefix_exceptions: Words = ()
    noun_suffixes: Words = ()
    prefix_adjective_endings: Words = ()
    negated_positives: Words = ()
    ranking_low: Words = ()
    ranking_high: Words = ()
    gradables: Words = ()
    ranking_than: Words = ()
    ranking_groups: Words = ()
    perception_verbs: Words = ()
    verb_phrases: Words = ()


class _Attributions(Strict):
    predicates: Words = ()
    verb_phrases: Words = ()
    phrases: Words = ()
    hedges: Words = ()
    hedged_verbs: Words = ()
    loaded_question_markers: Words = ()
    loaded_question_words: Words = ()
    own_report_verbs: Words = ()
    report_verbs: Words = ()
    motive_focus: Words = ()
    purpose_markers: Words = ()
    motive_purposes: Words = ()
    reaction_causes: Words = ()


class _Generalizations(Strict):
    quantifiers: Words = ()
    negative_polarity: Words = ()
    preceded_by: Words = ()
    followed_by: Words = ()
    permission_verbs: Words = ()
    instruction_words: Words = ()
    receiving_verbs: Words = ()
    clause_openers: Words = ()
    markers: Words = ()
    person_phrases: Words = ()
    obligations: Words = ()
    duty_modals: Words = ()
    habit_markers: Words = ()
    praise_openers: Words = ()
    procedure_conditions: Words = ()
    exasperation: Words = ()


class _Strengths(Strict):
    time_words: Words = ()
    event_words: Words = ()
    work_items: Words = ()
    observable_verbs: Words = ()
    impact_markers: Words = ()
    request_markers: Words = ()
    i_statement_verbs: Words = ()
    feelings: Words = ()


class _Language(Strict):
    person_subjects: Words = ()
    addressees: Words = ()
    speaker_subjects: Words = ()
    possessives: Words = ()
    speaker_possessives: Words = ()
    person_nouns: Words = ()
    person_noun_heads: Words = ()
    person_objects: Words = ()
    comparison_words: Words = ()
    exclamatives: Words = ()
    impersonal_subjects: Words = ()
    copulas: Words = ()
    role_predicates: Words = ()
    modifiers: Words = ()
    negations: Words = ()
    compound_prefixes: Words = ()
    prepositions: Words = ()
    subordinators: Words = ()
    indefinite_articles: Words = ()
    determiners: Words = ()
    labels: _Labels = _Labels()
    attributions: _Attributions = _Attributions()
    generalizations: _Generalizations = _Generalizations()
    strengths: _Strengths = _Strengths()


class LexiconFile(Strict):
    """The schema of a feedback lexicon file (format: coach/data/README.md)."""

    da: _Language
    en: _Language


def load_lexicon(path: Path = DATA_FILE) -> Lexicon:
    """Read, check and compile a lexicon file.

    Raises:
        DataFileError: an unknown key, a list that is not a list of words, or a bare yes/no.
    """
    checked = load(path, LexiconFile)
    languages = {lang: compile_language(lang, getattr(checked, lang).model_dump())
                 for lang in ("da", "en")}
    return Lexicon(languages)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The built-in lexicon, loaded once per process."""
    return load_lexicon()
