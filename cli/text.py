"""The command line's own strings, in Danish and English (cli/messages.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.catalogue import load_catalogue

MESSAGES = Path(__file__).with_name("messages.yaml")


def say(key: str, language: str, **values: Any) -> str:
    """The CLI string `key` ("feedback.findings") in `language`."""
    return load_catalogue(MESSAGES).message(key, language, **values)
