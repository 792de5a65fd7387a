"""The rephraser's word lists (coach/data/feedback/rewrite.yaml), schema-checked when loaded.

The analyzer decides what judges the person; these lists only say how to take a judgement out
of a clause and keep the rest: which question replaces a label, which words merely introduce a
judgement, how a topic is tied in, and how a note about "han/hun" becomes speech to "du".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from coach.datafile import Strict, Word, Words, load
from coach.paths import DATA_DIR
from coach.tokens import lemma

PATH = DATA_DIR / "feedback" / "rewrite.yaml"


class _Question(Strict):
    words: Words
    question: Word


class _Defaults(Strict):
    label: Word
    attribution: Word


class _SecondPerson(Strict):
    subjects: dict[Word, Word]
    objects: dict[Word, Word]
    reflexives: dict[Word, Word]
    possessives: Words
    possessive_forms: dict[str, Word]
    verbs: dict[Word, Word]


class _Language(Strict):
    label_questions: tuple[_Question, ...]
    attribution_questions: tuple[_Question, ...]
    default_questions: _Defaults
    lead_in_words: Words
    filler_clauses: Words
    quantifier_companions: Words
    trailing_adverbs: Words
    place_prepositions: Words
    object_prepositions: Words
    impact_openers: Words
    impact_verbs: Words
    coordinators: Words
    subordinators: Words
    thanks: Words
    praise_words: Words
    corrective_words: Words
    second_person: _SecondPerson
    general_words: Words
    degree_words: Words
    mind_reading: Words
    belief_verbs: Words
    negations: Words
    attitude_verbs: Words
    vague_objects: Words
    evaluative_words: Words
    judging_verbs: Words
    intensifiers: Words
    modal_verbs: Words
    determiners: Words
    pair_openers: dict[Word, Word]
    role_nouns: Words
    occasions: dict[Word, Word]
    addressee: Words


class _File(Strict):
    da: _Language
    en: _Language


def _phrases(words: Words) -> tuple[tuple[str, ...], ...]:
    """Each entry as a tuple of lower-case words, longest first (so phrases win)."""
    out = {tuple(w.lower().split()) for w in words if w.strip()}
    return tuple(sorted(out, key=lambda p: -len(p)))


@dataclass(frozen=True)
class RewriteWords:
    """One language's lists, ready to match against tokens."""

    language: str
    questions: Mapping[str, tuple[tuple[tuple[tuple[str, ...], ...], str], ...]]
    default_questions: Mapping[str, str]
    lead_in: frozenset[str]
    fillers: tuple[tuple[str, ...], ...]
    companions: tuple[tuple[str, ...], ...]
    trailing: tuple[tuple[str, ...], ...]
    place_preps: frozenset[str]
    object_preps: frozenset[str]
    impact_openers: frozenset[str]
    impact_verbs: frozenset[str]
    coordinators: frozenset[str]
    subordinators: frozenset[str]
    thanks: tuple[tuple[str, ...], ...]
    praise: tuple[tuple[str, ...], ...]
    corrective: tuple[tuple[str, ...], ...]
    subjects: Mapping[str, str]
    objects: Mapping[str, str]
    reflexives: Mapping[str, str]
    possessives: frozenset[str]
    possessive_forms: Mapping[str, str]
    verbs: Mapping[str, str]
    addressee: frozenset[str]
    general: tuple[tuple[str, ...], ...] = ()
    degree: tuple[tuple[str, ...], ...] = ()
    mind_reading: frozenset[str] = frozenset()
    belief_verbs: frozenset[str] = frozenset()
    negations: frozenset[str] = frozenset()
    attitudes: tuple[tuple[str, ...], ...] = ()
    vague_objects: tuple[tuple[str, ...], ...] = ()
    evaluative: tuple[tuple[str, ...], ...] = ()
    judging_verbs: tuple[tuple[str, ...], ...] = ()
    intensifiers: frozenset[str] = frozenset()
    modals: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    pairs: Mapping[str, str] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()
    occasions: Mapping[str, str] = field(default_factory=dict)

    def question(self, category: str, words: list[str]) -> str | None:
        """The question for a finding whose words (forms and lemmas) are `words`, if known."""
        joined = f" {' '.join(words)} "
        for phrases, question in self.questions.get(category, ()):
            if any(f" {' '.join(p)} " in joined for p in phrases):
                return question
        return None


def _build(language: str, raw: _Language) -> RewriteWords:
    def table(entries: tuple[_Question, ...]) -> tuple[tuple[tuple[tuple[str, ...], ...], str],
                                                       ...]:
        out = []
        for e in entries:
            forms = {tuple(w.lower().split()) for w in e.words}
            # The lemma of a one-word entry too, so "dovne" finds "doven" and vice versa.
            forms |= {(lemma(w.lower(), language),) for w in e.words if " " not in w}
            out.append((tuple(sorted(forms, key=lambda p: -len(p))), e.question))
        return tuple(out)

    sp = raw.second_person
    return RewriteWords(
        language=language,
        questions={"label": table(raw.label_questions),
                   "attribution": table(raw.attribution_questions)},
        default_questions={"label": raw.default_questions.label,
                           "attribution": raw.default_questions.attribution},
        lead_in=frozenset(w.lower() for w in raw.lead_in_words),
        fillers=_phrases(raw.filler_clauses), companions=_phrases(raw.quantifier_companions),
        trailing=_phrases(raw.trailing_adverbs),
        place_preps=frozenset(raw.place_prepositions),
        object_preps=frozenset(raw.object_prepositions),
        impact_openers=frozenset(raw.impact_openers), impact_verbs=frozenset(raw.impact_verbs),
        coordinators=frozenset(raw.coordinators),
        subordinators=frozenset(raw.subordinators), thanks=_phrases(raw.thanks),
        praise=_phrases(raw.praise_words), corrective=_phrases(raw.corrective_words),
        subjects=dict(sp.subjects), objects=dict(sp.objects), reflexives=dict(sp.reflexives),
        possessives=frozenset(sp.possessives), possessive_forms=dict(sp.possessive_forms),
        verbs=dict(sp.verbs), addressee=frozenset(raw.addressee),
        general=_phrases(raw.general_words), degree=_phrases(raw.degree_words),
        mind_reading=frozenset(raw.mind_reading),
        belief_verbs=frozenset(raw.belief_verbs), negations=frozenset(raw.negations),
        attitudes=_phrases(raw.attitude_verbs), vague_objects=_phrases(raw.vague_objects),
        evaluative=_phrases(raw.evaluative_words),
        judging_verbs=_phrases(raw.judging_verbs), intensifiers=frozenset(raw.intensifiers),
        modals=frozenset(raw.modal_verbs), determiners=frozenset(raw.determiners),
        pairs=dict(raw.pair_openers), roles=frozenset(raw.role_nouns),
        occasions=dict(raw.occasions),
    )


@cache
def load_rewrite_words(path: Path = PATH) -> Mapping[str, RewriteWords]:
    """Both languages' lists from `path` (checked against the schema once per process).

    Raises:
        DataFileError: the file is invalid; the message names the key and the fix.
    """
    raw = load(path, _File)
    return {"da": _build("da", raw.da), "en": _build("en", raw.en)}


def rewrite_words(language: str) -> RewriteWords:
    """The built-in lists for `language`."""
    return load_rewrite_words()[language]
