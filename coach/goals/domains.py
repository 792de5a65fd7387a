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
WEAK = 0.5  # a "~" cue: a word of the field that also names an actor or a generic act
DECIDES = 1.0  # the least evidence that picks a domain; weaker goals get the no-domain advice


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
    weak: frozenset[tuple[int, str]]  # (domain, cue) pairs marked "~"


def _index(cues: list[list[str]], language: str) -> _Index:
    exact: dict[str, set[int]] = {}
    prefixes: dict[str, set[int]] = {}
    ends: dict[str, set[int]] = {}
    weak: set[tuple[int, str]] = set()
    for i, words in enumerate(cues):
        for word in (w.lower() for w in words):
            if word.startswith("~"):
                word = word[1:]
                weak.add((i, word.lstrip("=")))
            if word.startswith("="):
                exact.setdefault(word[1:], set()).add(i)
                continue
            prefixes.setdefault(word, set()).add(i)
            if language == "da" and len(word) >= MIN_COMPOUND_END:
                ends.setdefault(word, set()).add(i)
    longest = max((len(k) for k in (*prefixes, *ends)), default=0)

    def freeze(table: dict[str, set[int]]) -> dict[str, frozenset[int]]:
        return {k: frozenset(v) for k, v in table.items()}
    return _Index(freeze(exact), freeze(prefixes), freeze(ends), longest, frozenset(weak))


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
    """The domain whose cues `text` matches most (a word counts once per domain, a "~" cue
    half), or None when the evidence is weak (below `DECIDES`) or two domains tie: a word like
    "learn" or "ledelsen" alone says too little, and a wrong field's example misleads more than
    the no-domain advice."""
    domains, indexes = _domains()
    index = indexes[language]
    hits = [0.0] * len(domains)
    for word in (w.lower() for w in _TOKEN.findall(text)):
        matched = [(index.exact.get(word, frozenset()), word)]
        matched += [(index.prefixes.get(word[:n], frozenset()), word[:n])
                    for n in range(2, min(len(word), index.longest) + 1)]
        matched += [(index.ends.get(word[-n:], frozenset()), word[-n:])
                    for n in range(MIN_COMPOUND_END, min(len(word) - 1, index.longest) + 1)]
        found: dict[int, float] = {}  # a word counts once per domain, at its strongest cue
        for ids, cue in matched:
            for i in ids:
                found[i] = max(found.get(i, 0.0), WEAK if (i, cue) in index.weak else 1.0)
        for i, weight in found.items():
            hits[i] += weight
    ranked = sorted(range(len(domains)), key=lambda i: (-hits[i], i))
    if not ranked or hits[ranked[0]] < DECIDES:
        return None
    if len(ranked) > 1 and hits[ranked[1]] == hits[ranked[0]]:
        return None
    return domains[ranked[0]]


def pick(options: tuple[str, ...], text: str, n: int) -> list[str]:
    """`n` of `options`, chosen by `text` (stable across runs: crc32, not `hash`), so goals of
    one field see different examples."""
    if len(options) <= n:
        return list(options)
    start = zlib.crc32(text.encode("utf-8")) % len(options)
    return [options[(start + i) % len(options)] for i in range(n)]
