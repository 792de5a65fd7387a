"""Text analysis for prep questions: context words → topics, open vs closed questions, stems.

Word lists live in `coach/data/prep/topics.yaml` (documented there). Danish inflection and
compounds are handled with simplemma lemmas, PyStemmer (Snowball) stems and, for Danish only,
matching a cue at the start or end of a compound ("arbejdspres" holds "pres").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from coach.language import detect_language
from coach.prep.lexicon import prep_data
from coach.tokens import lemma

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PART = re.compile(r"[^\W\d_]+")
_STEMMERS = {"da": "danish", "en": "english"}
# Shortest cue that may match inside a compound; shorter ones would hit unrelated words.
MIN_AFFIX = 4


@lru_cache(maxsize=2)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS[language])


def stem(word: str, language: str) -> str:
    """Snowball stem of a lower-cased word."""
    return str(_stemmer(language).stemWord(word.lower()))


def stems(text: str, language: str) -> list[str]:
    """Stems of every word in `text` (hyphenated words split), for lexical similarity."""
    return [stem(w, language) for w in _PART.findall(text.lower())]


@dataclass(frozen=True)
class _Token:
    raw: frozenset[str]  # the word and its lemma
    stem: str


@dataclass(frozen=True)
class Cue:
    """One entry of a cue list: a word (`exact` = whole words only) or a phrase."""

    words: tuple[str, ...]
    exact: bool

    @classmethod
    def parse(cls, entry: str) -> Cue:
        """Parse a YAML cue ("pres", "=mål", "følge op")."""
        text = str(entry).strip().lower()
        exact = text.startswith("=")
        # the text's tokens never hold an apostrophe ("I'd" is "i", "d"), so neither may a cue's
        words = re.sub(r"['’]", " ", text.lstrip("=")).split()
        return cls(tuple(words), exact)


# Longest cue word matched by prefix/suffix through the index; longer ones scan the words.
_MAX_INDEXED_AFFIX = 32


@lru_cache(maxsize=4096)
def _cue_forms(word: str, language: str) -> tuple[frozenset[str], str]:
    """A cue word's forms (itself and its lemma) and stem, computed once per word."""
    return frozenset({word, lemma(word, language)}), stem(word, language)


class Analysed:
    """A text split into tokens once and indexed, so many cues can be matched cheaply.

    Each cue is looked up by its forms, its stem and (for compounds) its prefix or suffix in
    sets built from the text, instead of being compared with every word: the cost grows with
    the text once, not with text times cues (docs/load.md).
    """

    def __init__(self, text: str, language: str) -> None:
        self.language = language
        lowered = text.lower()
        self.sequence = [self._token(w) for w in _PART.findall(lowered)]
        # Hyphenated words ("work-life", "smart-mål") are also kept whole for cues that hold them.
        self.singles = self.sequence + [self._token(w) for w in _WORD.findall(lowered) if "-" in w]
        self._raws = {r for t in self.singles for r in t.raw}
        self._stems = {t.stem for t in self.singles}
        self._prefixes: set[str] = set()
        self._suffixes: set[str] = set()
        for r in self._raws:
            top = min(len(r), _MAX_INDEXED_AFFIX)
            self._prefixes.update(r[:n] for n in range(MIN_AFFIX, top + 1))
            self._suffixes.update(r[-n:] for n in range(MIN_AFFIX, top + 1))
        # Where each form and stem occurs in the running text, for the first word of a phrase.
        self._at: dict[str, list[int]] = {}
        for i, t in enumerate(self.sequence):
            for key in {*t.raw, "\0" + t.stem}:
                self._at.setdefault(key, []).append(i)

    def _token(self, word: str) -> _Token:
        return _Token(frozenset({word, lemma(word, self.language)}), stem(word, self.language))

    def _word_matches(self, cue_word: str, token: _Token, exact: bool) -> bool:
        forms, cue_stem = _cue_forms(cue_word, self.language)
        if cue_stem == token.stem or forms & token.raw:
            return True
        if exact or len(cue_word) < MIN_AFFIX:
            return False
        if any(r.startswith(cue_word) for r in token.raw):
            return True
        # Danish compounds put the head last ("arbejdspres"); English has few closed compounds
        # and suffix matches there mostly hit unrelated words ("retired" for "tired").
        return self.language == "da" and any(r.endswith(cue_word) for r in token.raw)

    def _word_occurs(self, cue_word: str, exact: bool) -> bool:
        """`_word_matches` against any word of the text, answered from the index."""
        forms, cue_stem = _cue_forms(cue_word, self.language)
        if cue_stem in self._stems or not forms.isdisjoint(self._raws):
            return True
        if exact or len(cue_word) < MIN_AFFIX:
            return False
        if len(cue_word) > _MAX_INDEXED_AFFIX:
            return any(self._word_matches(cue_word, t, exact) for t in self.singles)
        return cue_word in self._prefixes or (self.language == "da"
                                              and cue_word in self._suffixes)

    def matches(self, cue: Cue) -> bool:
        """True when `cue` occurs in the text."""
        if len(cue.words) == 1:
            return self._word_occurs(cue.words[0], cue.exact)
        n = len(cue.words)
        forms, cue_stem = _cue_forms(cue.words[0], self.language)
        starts = sorted({i for key in (*forms, "\0" + cue_stem) for i in self._at.get(key, ())})
        for i in starts:
            window = self.sequence[i : i + n]
            if len(window) == n and all(self._word_matches(w, t, True)
                                        for w, t in zip(cue.words[1:], window[1:], strict=True)):
                return True
        return False

    def matches_by_scan(self, cue: Cue) -> bool:
        """`matches` the slow way, word by word (the reference the tests hold the index to)."""
        if len(cue.words) == 1:
            return any(self._word_matches(cue.words[0], t, cue.exact) for t in self.singles)
        n = len(cue.words)
        for i in range(len(self.sequence) - n + 1):
            window = self.sequence[i : i + n]
            if all(self._word_matches(w, t, True) for w, t in zip(cue.words, window, strict=True)):
                return True
        return False


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, tuple[Cue, ...]]]:
    return {topic: {lang: tuple(Cue.parse(c) for c in entries) for lang, entries in by_lang.items()}
            for topic, by_lang in prep_data()["cues"].items()}


def cue_scores(context: str, role: str, language: str | None = None) -> dict[str, int]:
    """How many cues of each topic occur in `context` (in `language`, else the context's own).

    The `preparation` pseudo-topic is resolved to `preparation-<role>`.
    """
    language = language or detect_language(context)
    text = Analysed(context, language)
    scores: dict[str, int] = {}
    meeting = prep_data()["meeting_topics"]
    about_meeting = mentions(text, language, meeting["words"][language])
    for topic, by_lang in _cues().items():
        if topic in meeting["topics"] and not about_meeting:
            continue  # "record every case in the new system" is work, not the MUS's minutes
        hits = sum(1 for cue in by_lang.get(language, ()) if text.matches(cue))
        if hits:
            scores[f"preparation-{role}" if topic == "preparation" else topic] = hits
    return scores


def mentions(text: str | Analysed, language: str, entries: list[str]) -> bool:
    """True when any of the cue `entries` occurs in `text` (a string or one analysed once)."""
    analysed = text if isinstance(text, Analysed) else Analysed(text, language)
    return any(analysed.matches(_cue(e)) for e in entries)


@lru_cache(maxsize=4096)
def _cue(entry: str) -> Cue:
    return Cue.parse(entry)


def has_words(text: str, entries: list[str]) -> bool:
    """True when one of `entries` occurs in `text` as the very words (case aside): for pronouns,
    where lemmas and stems mislead ("jer" and "jeg" share a lemma)."""
    words = [w.lower() for w in _WORD.findall(text)]
    for entry in entries:
        wanted = entry.lstrip("=").lower().split()
        n = len(wanted)
        if any(words[i:i + n] == wanted for i in range(len(words) - n + 1)):
            return True
    return False


def question_complaints(text: str, language: str) -> list[str]:
    """Why `text` is not an open question in `language` (empty when it is one).

    Open: starts with an inviting imperative or holds a question word; closed: starts with a
    finite verb (Danish and English yes/no questions are verb-first) or has no question word.
    """
    text = text.strip()
    if not text.endswith("?"):
        return ["The question must end with '?'."]
    forms = prep_data()["question_forms"][language]
    words = [w.lower() for w in _PART.findall(text)]
    if not words:
        return ["The question is empty."]
    if words[0] in forms["closed_starters"]:
        return ["It is a yes/no question (it starts with a verb); start with a question word."]
    if words[0] in forms["imperatives"] or set(words) & set(forms["question_words"]):
        return []
    return [f"It is not an open question; use a question word "
            f"({', '.join(forms['question_words'][:4])}…)."]
