"""Every error the coach raises on purpose, in one place.

Two families, told apart by type so an adapter can never mistake one for the other:

- `InputError`: the caller's input is outside the contract. The API answers 422 naming
  `field`, the CLI prints one line. Messages say what to fix and never quote user text.
- `ConfigError`: the deployment is wrong (a setting, a data file, a template). It is the
  operator's to fix, so the API answers 500 and the message goes to the log, not the user.
"""

from __future__ import annotations


class CoachError(Exception):
    """Base of every error the coach raises on purpose."""


class InputError(CoachError, ValueError):
    """Input outside the contract; `field` names it, `message` says the fix.

    A `ValueError` too, so code that validates with pydantic validators can raise it.
    """

    def __init__(self, field: str, message: str) -> None:
        """Keep the field name for the API's problem body and the CLI's one-line error."""
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(InputError):
    """The input names something that does not exist (an org document id, an API key id)."""


class ConfigError(CoachError):
    """The deployment is misconfigured; the message names the setting or file and the fix."""


class DataFileError(ConfigError):
    """A data file (lexicon, catalogue, knowledge, question bank) is invalid.

    Raised while loading, so a broken file stops the service at start-up instead of silently
    switching a rule off.
    """

    def __init__(self, path: object, key: str, fix: str) -> None:
        """Name the file, the key inside it and the fix."""
        where = f"{path}: {key}" if key else f"{path}"
        super().__init__(f"{where}: {fix}")
        self.path = str(path)
        self.key = key
