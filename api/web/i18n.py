"""The pages' UI strings in Danish and English, from one catalogue (catalogue.yaml).

Loaded like every catalogue of the coach (`coach.catalogue`): a key without both languages stops
the service at start-up, so a string can never silently fall back to the other language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from starlette.requests import Request

from coach import limits
from coach.catalogue import Catalogue, load_catalogue
from coach.language import LANGUAGE_RULE
from coach.taxonomy import AUDIENCES, TOPIC_SLUGS

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

    def rule(self, message: str) -> str:
        """A broken input rule's message (coach.limits' English) as a sentence in this language.

        The English page shows the API's and the CLI's wording word for word; an unknown
        message (a rule without a translation) reads as the generic "cannot be used".
        """
        found = rule_keys().get(message)
        if found is None:
            return self("err_invalid")
        key, values = found
        text = self(key, **values)
        return f"{text[:1].upper()}{text[1:]}."


@cache
def rule_keys() -> dict[str, tuple[str, dict[str, Any]]]:
    """coach.limits' message of every rule a page can break -> its catalogue key and values."""
    def whole(low: int, high: int) -> tuple[str, dict[str, Any]]:
        return "rule_whole_number", {"low": low, "high": high}

    return {
        limits.BLANK: ("rule_blank", {}),
        limits.too_long(limits.MAX_TEXT): ("rule_too_long", {"max": limits.MAX_TEXT}),
        limits.names_count(): ("rule_names_count", {"max": limits.MAX_NAMES}),
        limits.name_length(): ("rule_name_length", {"max": limits.MAX_NAME_CHARS}),
        limits.whole_number(1, limits.MAX_COUNT): whole(1, limits.MAX_COUNT),
        limits.whole_number(1, limits.MAX_K): whole(1, limits.MAX_K),
        limits.ROLE: ("rule_role", {}),
        limits.TOPIC: ("rule_topic", {"topics": ", ".join(TOPIC_SLUGS)}),
        limits.AUDIENCE: ("rule_audience", {"audiences": ", ".join(AUDIENCES)}),
        LANGUAGE_RULE: ("rule_language", {}),
        limits.DATE: ("rule_date", {}),
    }


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
