"""The rehearsal's data: the cue words its rules read (coach/data/rehearsal/rules.yaml) and the
reply banks and tips it says (coach/data/rehearsal/messages.yaml).

Cue phrases are matched token by token against `coach.tokens` tokens (form or lemma), so HR
writes the dictionary form once ("forstå" finds "forstår", "understand" finds "understood").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coach.catalogue import Catalogue, catalogue
from coach.datafile import Strict, Words, load
from coach.errors import DataFileError
from coach.language import Language
from coach.paths import DATA_DIR
from coach.tokens import Token

RULES_FILE = DATA_DIR / "rehearsal" / "rules.yaml"
MESSAGES = "rehearsal/messages.yaml"
GAP = "..."  # in a phrase: up to GAP_MAX other words
GAP_MAX = 3


def messages() -> Catalogue:
    """Every sentence the rehearsal says: reply banks, tips, persona names."""
    return catalogue(MESSAGES)


def say(key: str, language: str, **values: Any) -> str:
    """The sentence `key` in `language`, its `{fields}` filled from `values`."""
    return messages().message(key, language, **values)


@dataclass(frozen=True)
class Phrase:
    """A cue phrase: words (each `a|b` alternatives, `word*` a prefix, `=word` this form only)
    and `...` gaps."""

    text: str
    slots: tuple[tuple[str, ...] | None, ...]  # None is a gap

    @classmethod
    def parse(cls, text: str) -> Phrase:
        """Compile "du har ... ret" or "tak*"."""
        slots = tuple(None if part == GAP else tuple(part.split("|"))
                      for part in text.lower().split())
        return cls(text, slots)

    def match_at(self, tokens: Sequence[Token], i: int) -> int | None:
        """The index after a match starting at token `i`, or None."""
        return _match(tokens, i, self.slots)


def _word_matches(alternatives: tuple[str, ...], token: Token) -> bool:
    if token.punct:
        return False
    for alt in alternatives:
        if alt.startswith("=") and len(alt) > 1:  # this form only, not every form of its lemma
            if token.norm == alt[1:]:
                return True
        elif alt.endswith("*") and len(alt) > 1:
            if token.norm.startswith(alt[:-1]) or token.lemma.startswith(alt[:-1]):
                return True
        elif alt in (token.norm, token.lemma):
            return True
    return False


def _match(tokens: Sequence[Token], i: int, slots: Sequence[tuple[str, ...] | None]
           ) -> int | None:
    if not slots:
        return i
    slot, rest = slots[0], slots[1:]
    if slot is None:
        for step in range(GAP_MAX + 1):
            j = i + step
            if j > len(tokens) or any(t.punct and t.norm in ".!?" for t in tokens[i:j]):
                break
            found = _match(tokens, j, rest)
            if found is not None:
                return found
        return None
    if i < len(tokens) and _word_matches(slot, tokens[i]):
        return _match(tokens, i + 1, rest)
    return None


@dataclass(frozen=True)
class Phrases:
    """A list of phrases indexed by first word, so `find` tries at each token only the phrases
    that can start there (a history of 20 long turns is read on every request)."""

    items: tuple[Phrase, ...]
    by_word: dict[str, tuple[Phrase, ...]]  # first word, matched as form or lemma
    by_form: dict[str, tuple[Phrase, ...]]  # first word written "=form"
    always: tuple[Phrase, ...]  # first word a prefix ("tak*") or a gap: tried everywhere

    @classmethod
    def of(cls, phrases: Sequence[Phrase]) -> Phrases:
        """Index `phrases` (order kept within each group)."""
        by_word: dict[str, list[Phrase]] = {}
        by_form: dict[str, list[Phrase]] = {}
        always: list[Phrase] = []
        for phrase in phrases:
            first = phrase.slots[0] if phrase.slots else None
            if first is None or any(a.endswith("*") and len(a) > 1 for a in first):
                always.append(phrase)
                continue
            for alt in first:
                if alt.startswith("=") and len(alt) > 1:
                    by_form.setdefault(alt[1:], []).append(phrase)
                else:
                    by_word.setdefault(alt, []).append(phrase)
        return cls(tuple(phrases), {k: tuple(v) for k, v in by_word.items()},
                   {k: tuple(v) for k, v in by_form.items()}, tuple(always))

    def __iter__(self) -> Iterator[Phrase]:
        return iter(self.items)

    def candidates(self, token: Token) -> list[Phrase]:
        """The phrases whose first word can match `token`, each once."""
        found = [*self.by_word.get(token.norm, ()), *self.by_word.get(token.lemma, ()),
                 *self.by_form.get(token.norm, ()), *self.always]
        return list(dict.fromkeys(found)) if len(found) > 1 else found


def find(tokens: Sequence[Token], phrases: Phrases | Sequence[Phrase]
         ) -> list[tuple[int, int, Phrase]]:
    """Every (start, end, phrase) match in `tokens`, in text order."""
    index = phrases if isinstance(phrases, Phrases) else Phrases.of(phrases)
    found = []
    for i, token in enumerate(tokens):
        if token.punct:
            continue
        for phrase in index.candidates(token):
            end = phrase.match_at(tokens, i)
            if end is not None:
                found.append((i, end, phrase))
    return found


class _QuestionKind(Strict):
    kind: str
    cues: Words


class _LanguageRules(Strict):
    quote_skip: Words = ()
    quote_skip_in_labels: Words = ()
    speaker_subjects: Words = ()
    negations: Words = ()
    acknowledgement_verbs: Words = ()
    acknowledgements: Words = ()
    praise: Words = ()
    requests: Words = ()
    request_questions: Words = ()
    open_request_verbs: Words = ()
    closed_question_starts: Words = ()
    questions: tuple[_QuestionKind, ...] = ()
    coach_voice: Words = ()
    abuse: Words = ()


class RulesFile(Strict):
    """The schema of coach/data/rehearsal/rules.yaml (format: coach/data/README.md)."""

    da: _LanguageRules
    en: _LanguageRules


@dataclass(frozen=True)
class LanguageRules:
    """One language's cue words, compiled."""

    quote_skip: frozenset[str]
    quote_skip_in_labels: frozenset[str]
    speaker_subjects: frozenset[str]
    negations: frozenset[str]
    acknowledgement_verbs: Phrases
    acknowledgements: Phrases
    praise: Phrases
    requests: Phrases
    request_questions: Phrases
    open_request_verbs: Phrases
    closed_question_starts: frozenset[str]
    questions: tuple[tuple[str, Phrases], ...]
    coach_voice: Phrases
    abuse: Phrases


def _phrases(words: Words) -> Phrases:
    return Phrases.of([Phrase.parse(w) for w in dict.fromkeys(words)])


def _lower(words: Words) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _compile(raw: _LanguageRules) -> LanguageRules:
    return LanguageRules(
        quote_skip=_lower(raw.quote_skip),
        quote_skip_in_labels=_lower(raw.quote_skip) | _lower(raw.quote_skip_in_labels),
        speaker_subjects=_lower(raw.speaker_subjects),
        negations=_lower(raw.negations),
        acknowledgement_verbs=_phrases(raw.acknowledgement_verbs),
        acknowledgements=_phrases(raw.acknowledgements), praise=_phrases(raw.praise),
        requests=_phrases(raw.requests), request_questions=_phrases(raw.request_questions),
        open_request_verbs=_phrases(raw.open_request_verbs),
        closed_question_starts=_lower(raw.closed_question_starts),
        questions=tuple((q.kind, _phrases(q.cues)) for q in raw.questions),
        coach_voice=_phrases(raw.coach_voice), abuse=_phrases(raw.abuse))


def load_rules(path: Path = RULES_FILE) -> dict[Language, LanguageRules]:
    """Read, check and compile a rules file.

    Raises:
        DataFileError: an unknown key, a bare yes/no, or a question kind without answers in
            messages.yaml.
    """
    checked = load(path, RulesFile)
    bank = messages()
    for lang in ("da", "en"):
        for n, q in enumerate(getattr(checked, lang).questions):
            if not bank.keys(f"core.answer.{q.kind}."):
                raise DataFileError(path, f"{lang}.questions.{n}.kind",
                                    f"no answers for kind '{q.kind}' in {MESSAGES}; add "
                                    f"core.answer.{q.kind}.any.1 there")
    return {"da": _compile(checked.da), "en": _compile(checked.en)}


@cache
def rules() -> dict[Language, LanguageRules]:
    """The built-in cue words per language, loaded once per process."""
    return load_rules()
