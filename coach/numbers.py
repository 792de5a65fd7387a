"""Written numbers in Danish and English, by value: one list (coach/data/numbers.yaml) that
every feature reads through `number_words`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Literal

from coach.datafile import Strict, load
from coach.language import LANGUAGES, Language
from coach.paths import DATA_DIR

NUMBERS_FILE = DATA_DIR / "numbers.yaml"
Use = Literal["count", "fact"]


class _Number(Strict):
    value: float
    count: bool = True  # a number of things in a goal
    fact: bool = True  # a fact the grounding check holds a model to


class _NumbersFile(Strict):
    da: dict[str, float | _Number]
    en: dict[str, float | _Number]


@cache
def _entries() -> dict[Language, dict[str, _Number]]:
    checked = load(NUMBERS_FILE, _NumbersFile)
    return {lang: {word.lower(): entry if isinstance(entry, _Number) else _Number(value=entry)
                   for word, entry in getattr(checked, lang).items()} for lang in LANGUAGES}


@cache
def number_words(language: Language | None, use: Use) -> Mapping[str, float]:
    """Word -> value for `use` in `language` (both languages when None), read-only."""
    merged: dict[str, float] = {}
    for lang, entries in _entries().items():
        if language in (None, lang):
            merged.update({w: e.value for w, e in entries.items() if getattr(e, use)})
    return MappingProxyType(merged)
