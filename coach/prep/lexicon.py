"""The preparation feature's data: topic cues (coach/data/prep/topics.yaml) and its strings."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from coach.catalogue import Catalogue, catalogue
from coach.paths import DATA_DIR

TOPICS_FILE = DATA_DIR / "prep" / "topics.yaml"


def messages() -> Catalogue:
    """Every string of the preparation feature (coach/data/prep/messages.yaml)."""
    return catalogue("prep/messages.yaml")


def ui(key: str, language: str, **values: Any) -> str:
    """The string `key` in `language`, with `{placeholders}` filled from `values`."""
    return messages().message(key, language, **values)


@cache
def prep_data() -> dict[str, Any]:
    """The parsed topic cues and question rules."""
    data: dict[str, Any] = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
    return data
