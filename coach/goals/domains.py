"""What a goal is about (coach/data/goals/domains.yaml), so its advice gives examples from the
same field: a stress goal gets examples about breaks and email, a course goal about courses.

Cheap by design (the check runs it whenever S or M is unmet): every domain's cues sit in one
index per language, so each goal word is looked up by its prefixes and compound ends once for
all domains, instead of a regex per cue.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from coach.datafile import Strict, Words, read_yaml, validate
from coach.knowledge.types import Topic
from coach.language import Language
from coach.paths import DATA_DIR

DOMAINS_FILE = DATA_DIR / "goals" / "domains.yaml"
_TOKEN = re.compile(r"[^\W_][\w:'’-]*")
MIN_COMPOUND_END = 5  # a cue this long also matches the end of a Danish compound


class _PerLanguage(Strict):
    da: Words
    en: Words


class _Domain(Strict):
    topic: Topic
    cues: _PerLanguage
    actions: _PerLanguage
    measures: _PerLanguage


class _DomainsFile(Strict):
    domains: dict[str, _Domain]


@dataclass(frozen=True)
class Domain:
    """One field a goal can be about, with its examples per language."""

    key: str
    topic: str
    actions: Mapping[str, tuple[str, ...]]
    measures: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class _Index:
    """Every domain's cues of one language, keyed by what a goal word must equal, start with or
    (Danish compounds) end with, so a word is looked up once for all domains."""

    exact: Mapping[str, frozenset[int]]
    prefixes: Mapping[str, frozenset[int]]
    ends: Mapping[str, frozenset[int]]
    longest: int  # the longest prefix or end cue


def _index(cues: list[list[str]], language: str) -> _Index:
    exact: dict[str, set[int]] = {}
    prefixes: dict[str, set[int]] = {}
    ends: dict[str, set[int]] = {}
    for i, words in enumerate(cues):
        for word in (w.lower() for w in words):
            if word.startswith("="):
                exact.setdefault(word[1:], set()).add(i)
                continue
            prefixes.setdefault(word, set()).add(i)
            if language == "da" and len(word) >= MIN_COMPOUND_END:
                ends.setdefault(word, set()).add(i)
    longest = max((len(k) for k in (*prefixes, *ends)), default=0)

    def freeze(table: dict[str, set[int]]) -> dict[str, frozenset[int]]:
        return {k: frozenset(v) for k, v in table.items()}
    return _Index(freeze(exact), freeze(prefixes), freeze(ends), longest)


@cache
def _domains() -> tuple[tuple[Domain, ...], dict[str, _Index]]:
    data = validate(DOMAINS_FILE, read_yaml(DOMAINS_FILE), _DomainsFile)
    domains = tuple(Domain(key, d.topic, {"da": d.actions.da, "en": d.actions.en},
                           {"da": d.measures.da, "en": d.measures.en})
                    for key, d in data.domains.items())
    indexes = {language: _index([list(getattr(d.cues, language))
                                 for d in data.domains.values()], language)
               for language in ("da", "en")}
    return domains, indexes


def load_domains() -> tuple[Domain, ...]:
    """Every domain, checked against the file's schema (start-up loads it)."""
    return _domains()[0]


def domain_of(text: str, language: Language) -> Domain | None:
    """The domain with the most words matching its cues in `text` (the file's order breaks
    ties), or None. A word counts once per domain."""
    domains, indexes = _domains()
    index = indexes[language]
    hits = [0] * len(domains)
    for word in (w.lower() for w in _TOKEN.findall(text)):
        found = set(index.exact.get(word, ()))
        for n in range(2, min(len(word), index.longest) + 1):
            found |= index.prefixes.get(word[:n], frozenset())
        for n in range(MIN_COMPOUND_END, min(len(word) - 1, index.longest) + 1):
            found |= index.ends.get(word[-n:], frozenset())
        for i in found:
            hits[i] += 1
    best = max(range(len(domains)), key=lambda i: (hits[i], -i), default=None)
    return domains[best] if best is not None and hits[best] else None


def pick(options: tuple[str, ...], text: str, n: int) -> list[str]:
    """`n` of `options`, chosen by `text` (stable across runs: crc32, not `hash`), so goals of
    one field see different examples."""
    if len(options) <= n:
        return list(options)
    start = zlib.crc32(text.encode("utf-8")) % len(options)
    return [options[(start + i) % len(options)] for i in range(n)]
