"""Language detection between Danish and English (the two languages the coach speaks)."""

from __future__ import annotations

import re
from typing import Literal

from simplemma import langdetect

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")

_DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")


def detect_language(text: str) -> Language:
    """Detect whether `text` is Danish or English.

    simplemma scores the share of known words per language; Danish wins ties and
    unknown cases because the product is Danish first.
    """
    scores = dict(langdetect(text, lang=("da", "en")))
    da, en = scores.get("da", 0.0), scores.get("en", 0.0)
    if _DANISH_LETTERS.search(text):
        da += 0.25
    return "en" if en > da else "da"


def resolve_language(text: str, language: str | None) -> Language:
    """Return `language` when given (validated), else detect it from `text`."""
    if language is None:
        return detect_language(text)
    if language not in LANGUAGES:
        raise ValueError(f"language must be 'da' or 'en', not {language!r}")
    return language
