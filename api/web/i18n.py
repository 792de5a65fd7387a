"""The pages' UI strings in Danish and English, from one catalogue (catalogue.yaml).

Every key holds both languages; `load_catalogue` refuses a catalogue where one is missing, so a
string can never silently fall back to the other language.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from starlette.requests import Request

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")
DEFAULT_LANG: Lang = "da"
LANG_COOKIE = "mus_lang"
CATALOGUE = Path(__file__).with_name("catalogue.yaml")


class CatalogueError(ValueError):
    """The catalogue is malformed (a key without both languages, or not a string)."""


@lru_cache(maxsize=4)
def load_catalogue(path: Path = CATALOGUE) -> dict[str, dict[str, str]]:
    """Read and check the catalogue: `key: {da: ..., en: ...}` for every key."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name} must map keys to {{da, en}} entries.")
    for key, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != set(LANGS) or not all(
                isinstance(v, str) and v.strip() for v in entry.values()):
            raise CatalogueError(f"{path.name}: '{key}' needs exactly a non-empty 'da' and 'en'.")
    return data


class Translator:
    """`t("key", name=value)` in one language; the templates get it as `t`."""

    def __init__(self, lang: Lang, catalogue: dict[str, dict[str, str]] | None = None) -> None:
        """Translate into `lang` from `catalogue` (default: the packaged one)."""
        self.lang = lang
        self.catalogue = catalogue if catalogue is not None else load_catalogue()

    def __call__(self, key: str, **values: Any) -> str:
        """The string for `key`; a missing key raises KeyError (tests catch it, users never)."""
        text = self.catalogue[key][self.lang]
        return text.format(**values) if values else text

    def many(self, *keys: str) -> dict[str, str]:
        """Several strings at once (for the JavaScript, which gets them as JSON)."""
        return {k: self(k) for k in keys}


def as_lang(value: str | None) -> Lang | None:
    """`value` if it is a supported language, else None."""
    for lang in LANGS:
        if value == lang:
            return lang
    return None


def request_language(request: Request) -> tuple[Lang, bool]:
    """The page language and whether it was just chosen (`?lang=`), so the cookie is set."""
    chosen = as_lang(request.query_params.get("lang"))
    if chosen:
        return chosen, True
    return as_lang(request.cookies.get(LANG_COOKIE)) or DEFAULT_LANG, False
