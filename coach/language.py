"""Language detection between Danish and English (the two languages the coach speaks)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Literal

from simplemma.strategies import DefaultStrategy
from simplemma.token_sampler import MostCommonTokenSampler, RelaxedMostCommonTokenSampler
from simplemma.utils import normalize_token

from coach.datafile import Strict, Words, load
from coach.errors import InputError
from coach.paths import DATA_DIR

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")

# The one wording of the language rule (API, web pages, CLI, org documents).
LANGUAGE_RULE = "use 'da' or 'en', or leave it out to detect it"
_DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")
_WORD = re.compile(r"[^\W\d_]+")
_HINTS = DATA_DIR / "language_hints.yaml"
# simplemma's langdetect() builds these on every call; they hold no per-text state.
_STRATEGY = DefaultStrategy()
_SAMPLERS = (MostCommonTokenSampler(), RelaxedMostCommonTokenSampler())


class _Hints(Strict):
    """coach/data/language_hints.yaml: function words of each language."""

    da: Words
    en: Words


@cache
def hint_words() -> dict[str, frozenset[str]]:
    """Function words found in only one language (coach/data/language_hints.yaml)."""
    hints = load(_HINTS, _Hints)
    da, en = (frozenset(w.lower() for w in words) for words in (hints.da, hints.en))
    # Only words unique to one language can break a tie.
    return {"da": da - en, "en": en - da}


@lru_cache(maxsize=65536)
def _recognized(token: str) -> tuple[bool, bool]:
    """Whether simplemma knows `token` in Danish and in English.

    A pure function of simplemma's dictionaries; caching it skips the lemmatizer's search
    chain (dictionary, clitics, rules, affixes), most of langdetect's cost.
    """
    token = normalize_token(token)
    return (_STRATEGY.get_lemma(token, "da") is not None,
            _STRATEGY.get_lemma(token, "en") is not None)


def _scores(text: str) -> tuple[float, float]:
    """simplemma's `langdetect(text, ("da", "en"))` shares of known words, as (da, en).

    Same samplers and arithmetic: the relaxed sampler runs only when the first one ties.
    """
    da = en = 0.0
    for sampler in _SAMPLERS:
        known = [_recognized(t) for t in sampler.sample_text(text)]
        if not known:
            return 0.0, 0.0  # langdetect answers {"unk": 1}
        da = sum(d for d, _ in known) / len(known)
        en = sum(e for _, e in known) / len(known)
        if da != en:
            break
    return da, en


def language_shares(text: str) -> dict[Language, float]:
    """The share of `text`'s words simplemma knows in each language (its `langdetect` scores)."""
    da, en = _scores(text)
    return {"da": da, "en": en}


def detect_language(text: str) -> Language:
    """Detect whether `text` is Danish or English.

    simplemma scores the share of known words per language; Danish wins ties and
    unknown cases because the product is Danish first. Short texts often score alike in both
    languages; function words found in only one language's list (data/language_hints.yaml)
    break such ties.
    """
    da, en = _scores(text)
    if _DANISH_LETTERS.search(text):
        da += 0.25
    if abs(da - en) < 0.05:
        words = [w.lower() for w in _WORD.findall(text)]
        hints = hint_words()
        da += 0.01 * sum(w in hints["da"] for w in words)
        en += 0.01 * sum(w in hints["en"] for w in words)
    return "en" if en > da else "da"


def check_language(language: str | None) -> Language | None:
    """`language` when it is "da" or "en", None when absent.

    Raises:
        InputError: any other value.
    """
    if language is None:
        return None
    for known in LANGUAGES:
        if language == known:
            return known
    raise InputError("language", LANGUAGE_RULE)


def resolve_language(text: str, language: str | None) -> Language:
    """Return `language` when given (validated), else detect it from `text`."""
    return check_language(language) or detect_language(text)
