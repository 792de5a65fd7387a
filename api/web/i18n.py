"""The pages' UI strings in Danish and English, from one catalogue (catalogue.yaml).

Loaded like every catalogue of the coach (`coach.catalogue`): a key without both languages stops
the service at start-up, so a string can never silently fall back to the other language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from starlette.requests import Request

from coach.catalogue import Catalogue, load_catalogue

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")
DEFAULT_LANG: Lang = "da"
LANG_COOKIE = "mus_lang"
CATALOGUE = Path(__file__).with_name("catalogue.yaml")


class Translator:
    """`t("key", name=value)` in one language; the templates get it as `t`."""

    def __init__(self, lang: Lang, catalogue: Catalogue | None = None) -> None:
        """Translate into `lang` from `catalogue` (default: the packaged one)."""
        self.lang = lang
        self.catalogue = catalogue if catalogue is not None else load_catalogue(CATALOGUE)

    def __call__(self, key: str, **values: Any) -> str:
        """The string for `key`; a missing key raises KeyError (tests catch it, users never)."""
        return self.catalogue.message(key, self.lang, **values)

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
