"""Language detection between Danish and English (the two languages the coach speaks)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from simplemma import langdetect

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")

_DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")
_WORD = re.compile(r"[^\W\d_]+")
_HINTS = Path(__file__).parent / "data" / "language_hints.yaml"


@cache
def _hint_words() -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(_HINTS.read_text(encoding="utf-8"))
    da, en = (frozenset(str(w).lower() for w in raw[k]) for k in ("da", "en"))
    # Only words unique to one language can break a tie.
    return {"da": da - en, "en": en - da}


def detect_language(text: str) -> Language:
    """Detect whether `text` is Danish or English.

    simplemma scores the share of known words per language; Danish wins ties and
    unknown cases because the product is Danish first. Short texts often score alike in both
    languages; function words found in only one language's list (data/language_hints.yaml)
    break such ties.
    """
    scores = dict(langdetect(text, lang=("da", "en")))
    da, en = scores.get("da", 0.0), scores.get("en", 0.0)
    if _DANISH_LETTERS.search(text):
        da += 0.25
    if abs(da - en) < 0.05:
        words = [w.lower() for w in _WORD.findall(text)]
        hints = _hint_words()
        da += 0.01 * sum(w in hints["da"] for w in words)
        en += 0.01 * sum(w in hints["en"] for w in words)
    return "en" if en > da else "da"


def resolve_language(text: str, language: str | None) -> Language:
    """Return `language` when given (validated), else detect it from `text`."""
    if language is None:
        return detect_language(text)
    if language not in LANGUAGES:
        raise ValueError(f"language must be 'da' or 'en', not {language!r}")
    return language
