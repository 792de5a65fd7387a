"""Inputs the goal check cannot use, with their explanation in both languages.

An `InputError` like every other (422 naming the field); the sentence comes from
coach/data/goals/messages.yaml (`errors`), so the web form can say it in the page's language.
"""

from __future__ import annotations

from typing import Any

from coach.errors import InputError
from coach.goals.lexicon import messages


class GoalInputError(InputError):
    """`field` is out of range; `key` names the sentence under `errors` that says the fix."""

    def __init__(self, field: str, key: str, **values: Any) -> None:
        """The English sentence is the message (the API's problem detail)."""
        super().__init__(field, messages().message(f"errors.{key}", "en", **values))
        self.key = key
        self.values = values

    def localized(self, language: str) -> str:
        """The fix in `language` ("da" or "en"), without the field name."""
        return messages().message(f"errors.{self.key}", language, **self.values)
