"""What a goal is about (coach/data/goals/domains.yaml), so its advice gives examples from the
same field: a stress goal gets examples about breaks and email, a course goal about courses.

Cheap by design (the check runs it whenever S or M is unmet): cue words are matched through
set lookups of each goal word's prefixes and compound ends instead of a regex per cue.
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
class _Cues:
    exact: frozenset[str]
    prefixes: frozenset[str]
    ends: frozenset[str]


@cache
def _domains() -> tuple[tuple[Domain, dict[str, _Cues]], ...]:
    data = validate(DOMAINS_FILE, read_yaml(DOMAINS_FILE), _DomainsFile)
    out = []
    for key, d in data.domains.items():
        cues: dict[str, _Cues] = {}
        for language in ("da", "en"):
            words = [w.lower() for w in getattr(d.cues, language)]
            exact = frozenset(w[1:] for w in words if w.startswith("="))
            loose = [w for w in words if not w.startswith("=")]
            cues[language] = _Cues(exact, frozenset(loose), frozenset(
                w for w in loose if len(w) >= MIN_COMPOUND_END and language == "da"))
        out.append((Domain(key, d.topic, {"da": d.actions.da, "en": d.actions.en},
                           {"da": d.measures.da, "en": d.measures.en}), cues))
    return tuple(out)


def load_domains() -> tuple[Domain, ...]:
    """Every domain, checked against the file's schema (start-up loads it)."""
    return tuple(d for d, _ in _domains())


def _hits(words: list[str], cues: _Cues) -> int:
    count = 0
    for word in words:
        if word in cues.exact or any(word[:n] in cues.prefixes for n in range(2, len(word) + 1)) \
                or any(word[-n:] in cues.ends for n in range(MIN_COMPOUND_END, len(word))):
            count += 1
    return count


def domain_of(text: str, language: Language) -> Domain | None:
    """The domain with the most cue hits in `text` (the file's order breaks ties), or None."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    best: tuple[int, Domain | None] = (0, None)
    for domain, cues in _domains():
        hits = _hits(words, cues[language])
        if hits > best[0]:
            best = (hits, domain)
    return best[1]


def pick(options: tuple[str, ...], text: str, n: int) -> list[str]:
    """`n` of `options`, chosen by `text` (stable across runs: crc32, not `hash`), so goals of
    one field see different examples."""
    if len(options) <= n:
        return list(options)
    start = zlib.crc32(text.encode("utf-8")) % len(options)
    return [options[(start + i) % len(options)] for i in range(n)]
