"""The SMART lexicon and message catalogue (coach/data/smart_lexicon.yaml, goal_messages.yaml).

Phrase lists compile into regular expressions here, once, so the deadline parser and the
criteria rules share one phrase syntax (documented in the YAML header): "word*" (any ending),
"*word" (end of a compound), "..." (up to three words) and "N" (a number).
Cheaper exact ways to search goal text with these patterns are in coach/goals/matching.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

import yaml

from coach.catalogue import Catalogue, catalogue
from coach.paths import DATA_DIR

LEXICON_FILE = DATA_DIR / "goals" / "lexicon.yaml"

DIGITS = r"\d+(?:[.,]\d+)*"
WORD_END = r"(?![\w])"
WORD_START = r"(?<![\w])"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The parsed lexicon file."""
    data: dict[str, Any] = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    return data


def messages() -> Catalogue:
    """The goal check's sentences: advice, evidence, questions, placeholders, conventions."""
    return catalogue("goals/messages.yaml")


@cache  # derived from the (cached) lexicon only; rebuilding it cost every goal check two dicts
def number_words(language: str | None = None) -> Mapping[str, float]:
    """Written numbers of `language`, or of both languages when None (read-only: it is shared)."""
    table: dict[str, dict[str, float]] = lexicon()["numbers"]
    if language is not None:
        return MappingProxyType({k.lower(): float(v) for k, v in table[language].items()})
    merged: dict[str, float] = {}
    for words in table.values():
        merged.update({k.lower(): float(v) for k, v in words.items()})
    return MappingProxyType(merged)


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of literal `words`, longest first (so "hver anden" beats "hver")."""
    unique = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


@lru_cache(maxsize=4)
def number_regex(language: str | None = None) -> str:
    """Regex (no groups) for a number in digits or written out."""
    return rf"(?:{DIGITS}|{alternatives(number_words(language))})"


def _token_regex(token: str, number: str) -> str:
    if token == "N":
        return number
    if token.startswith("N") and not token[1:].isalnum():  # "N." as in "hver N. dag"
        return number + re.escape(token[1:])
    prefix = r"\w*" if token.startswith("*") and len(token) > 1 else ""
    suffix = r"\w*" if token.endswith("*") and len(token) > 1 else ""
    core = re.escape(token.strip("*"))
    return prefix + core + suffix


def phrase_regex(phrase: str, language: str | None = None) -> str:
    """Regex (no groups) for one lexicon phrase, without word boundaries."""
    number = number_regex(language)
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


def compile_phrases(phrases: Iterable[str], language: str | None = None) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `phrases` as whole words, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(phrase_regex(p, language) for p in ordered)
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


@lru_cache(maxsize=16)
def verb_pattern(section: str, language: str) -> re.Pattern[str]:
    """Pattern matching any inflected form of the verbs in `lexicon()[section][language]`."""
    forms: set[str] = set()
    for entry in lexicon()[section][language]:
        forms |= verb_forms(str(entry), language)
    return re.compile(rf"{WORD_START}(?:{alternatives(forms)}){WORD_END}", re.IGNORECASE)


@lru_cache(maxsize=64)
def pattern(section: str, language: str | None = None) -> re.Pattern[str]:
    """Compiled phrases of `section` (a list, or a per-language mapping of lists)."""
    node = lexicon()[section]
    if isinstance(node, dict):
        node = node[language] if language in node else [p for v in node.values() for p in v]
    return compile_phrases((str(p) for p in node), language)


@lru_cache(maxsize=64)
def words(section: str, language: str | None = None) -> frozenset[str]:
    """A plain word list (lower case) from the lexicon, for set lookups."""
    node = lexicon()[section]
    if isinstance(node, dict):
        node = node[language] if language in node else [p for v in node.values() for p in v]
    return frozenset(str(w).lower() for w in node)


@lru_cache(maxsize=8)  # lexicon-derived; joining ~35 number words per goal cost ~5% of a check
def number_pattern(language: str | None, tail: str) -> re.Pattern[str]:
    """A number in digits or written out, starting a word (not after "." or ","), then `tail`."""
    words = alternatives(number_words(language))
    return re.compile(rf"(?<![\w.,])(?:{DIGITS}|{words}){tail}", re.IGNORECASE)
