"""Checks every LLM output passes before it is returned: grounding, language, citations, leaks.

The grounding check is a deliberately simple heuristic (documented in docs/llm.md): it extracts
facts a model is prone to invent (numbers, dates, time expressions, proper names, e-mails) and
requires each to occur in the user's input or context. Word lists live in
`coach/data/llm/grounding.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coach.datafile import Strict, Words, read_yaml, validate
from coach.language import detect_language
from coach.numbers import number_words
from coach.paths import DATA_DIR
from coach.placeholders import PLACEHOLDER

_DATA = DATA_DIR / "llm" / "grounding.yaml"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A capitalised word at the start of the text, after sentence punctuation, a line break, a
# bullet or an opening quote/bracket counts as a sentence start, not a name.
_SENTENCE_BREAK = re.compile(r"(?:^|[.!?:;•\n]|^\s*[-*]|\d\.)[\s\"'“”„«(\[*_-]*$")

# Shortest text the language check judges; below it simplemma guesses too often.
MIN_WORDS_FOR_LANGUAGE = 6


@dataclass(frozen=True)
class _Lexicon:
    time_phrases: list[tuple[re.Pattern[str], str, tuple[str, ...]]]
    common: frozenset[str]


class _TimeExpression(Strict):
    key: str
    words: Words
    also: Words = ()


class _GroundingFile(Strict):
    time_expressions: tuple[_TimeExpression, ...]
    common_capitalised: Words


@lru_cache(maxsize=1)
def grounding_lexicon() -> _Lexicon:
    """The grounding word lists (coach/data/llm/grounding.yaml), checked and compiled once."""
    raw: dict[str, Any] = read_yaml(_DATA)
    validate(_DATA, raw, _GroundingFile)
    phrases: list[tuple[str, str, tuple[str, ...]]] = []
    for entry in raw["time_expressions"]:
        for word in entry["words"]:
            phrases.append((str(word).lower(), entry["key"], tuple(entry.get("also", ()))))
    phrases.sort(key=lambda p: -len(p[0]))  # longest first, so "3. kvartal" beats "kvartal"
    compiled = [(re.compile(rf"(?<!\w){re.escape(p)}(?!\w)", re.IGNORECASE), key, also)
                for p, key, also in phrases]
    common = frozenset(w.lower() for w in raw["common_capitalised"])
    return _Lexicon(compiled, common)


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """Blank out matches (keeping offsets) so later passes do not see them again."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


@dataclass
class _Facts:
    """What a set of sources makes available for grounding."""

    lowered: str
    values: set[float]
    time_keys: set[str]
    words: set[str]


def _source_facts(sources: Iterable[str]) -> _Facts:
    text = "\n".join(sources)
    lowered = text.lower()
    values: set[float] = {int(d) for d in _DIGITS.findall(text)}
    numbers = number_words(None, "fact")
    words = {w.lower() for w in _WORD.findall(text)}
    values |= {numbers[w] for w in words if w in numbers}
    keys: set[str] = set()
    for pattern, key, also in grounding_lexicon().time_phrases:
        if pattern.search(text):
            keys.add(key)
            keys.update(also)
    return _Facts(lowered, values, keys, words)


def _is_sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_BREAK.search(text[:start]))


def ungrounded(text: str, *sources: str) -> list[str]:
    """List the facts in `text` that occur in none of `sources`.

    Facts are numbers (digits and da/en number words, compared by value), dates and time
    expressions (month and weekday names, quarters, "næste uge"...), proper names (a capitalised
    word that is not at a sentence start and not a known common word) and e-mail addresses.
    Bracketed placeholders such as "[dato]" or "[PERSON_1]" are ignored.

    Args:
        text: Generated text to check.
        *sources: The user's input, context and retrieved passages the text may draw on.

    Returns:
        The offending tokens in order of appearance, without duplicates; empty when grounded.
    """
    facts = _source_facts(sources)
    found: list[tuple[int, str]] = []
    work = _mask(text, PLACEHOLDER)

    for m in _EMAIL.finditer(work):
        if m.group().lower() not in facts.lowered:
            found.append((m.start(), m.group()))
    work = _mask(work, _EMAIL)

    for pattern, key, _also in grounding_lexicon().time_phrases:
        for m in pattern.finditer(work):
            if key not in facts.time_keys:
                found.append((m.start(), m.group()))
        work = _mask(work, pattern)

    for m in _NUMBER.finditer(work):
        groups = [int(d) for d in _DIGITS.findall(m.group())]
        if not all(g in facts.values for g in groups):
            found.append((m.start(), m.group()))

    language = detect_language(text)
    numbers = number_words(language, "fact")
    for m in _WORD.finditer(work):
        word = m.group()
        lowered = word.lower()
        if lowered in numbers:
            if numbers[lowered] not in facts.values:
                found.append((m.start(), word))
            continue
        if not word[0].isupper() or lowered in grounding_lexicon().common:
            continue
        if _is_sentence_start(work, m.start()):
            continue
        if lowered not in facts.words:
            found.append((m.start(), word))

    seen: set[str] = set()
    result: list[str] = []
    for _, token in sorted(found):
        if token not in seen:
            seen.add(token)
            result.append(token)
    return result


def language_complaints(text: str, language: str) -> list[str]:
    """Complain when `text` is not written in `language` ("da" or "en").

    Texts shorter than `MIN_WORDS_FOR_LANGUAGE` words pass: detection is unreliable there.
    """
    if len(_WORD.findall(PLACEHOLDER.sub(" ", text))) < MIN_WORDS_FOR_LANGUAGE:
        return []
    if detect_language(text) == language:
        return []
    name = {"da": "Danish", "en": "English"}.get(language, language)
    return [f"The text must be written in {name} ({language})."]


def uncited(cited_ids: Iterable[str], allowed_ids: Iterable[str]) -> list[str]:
    """Return the cited ids that were not among the retrieved (allowed) ids, in order."""
    allowed = set(allowed_ids)
    result: list[str] = []
    for cid in cited_ids:
        if cid not in allowed and cid not in result:
            result.append(cid)
    return result


def leaked_lines(text: str, secret: str, min_chars: int = 40) -> list[str]:
    """Return lines of `secret` (e.g. the system prompt) that appear verbatim in `text`.

    Only lines of at least `min_chars` characters count, so shared short phrases do not trip it.
    Whitespace and case are normalised on both sides.
    """
    def norm(s: str) -> str:
        return " ".join(s.split()).lower()

    haystack = norm(text)
    lines = (norm(line) for line in secret.splitlines())
    return [line for line in lines if len(line) >= min_chars and line in haystack]
