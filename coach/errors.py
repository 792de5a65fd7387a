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


class NotReadyError(CoachError):
    """The knowledge index is still loading; retry in a moment (API: 503 with Retry-After)."""


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


class ApiKeyError(ConfigError):
    """A key store problem the operator can fix (bad scope, bad hash entry, unknown id)."""


class PromptError(ConfigError):
    """A prompt template is missing, or the caller did not pass a variable it needs."""


class ModelError(CoachError):
    """A model reply that cannot be used, or a model that cannot be reached.

    `reason` is a short fixed slug, safe for logs and metrics; the message never quotes the
    reply or the request. The coaching features answer with their rules engine instead.
    """

    reason = "model_error"

    def __init__(self, message: str = "", reason: str | None = None) -> None:
        """Keep a reason slug (the class default unless given)."""
        super().__init__(message or self.reason)
        if reason is not None:
            self.reason = reason


class EmptyReply(ModelError):
    """The model returned no content."""

    reason = "empty_reply"


class TruncatedReply(ModelError):
    """The model stopped at the token limit (`finish_reason == "length"`)."""

    reason = "truncated_reply"


class InvalidResponse(ModelError):
    """The server's answer was not a chat completion at all."""

    reason = "invalid_response"


class MalformedReply(ModelError):
    """The reply did not parse into the requested schema (after one repair)."""

    reason = "malformed_reply"


class ScriptExhausted(ModelError):
    """The fake backend was asked for more replies than were enqueued."""

    reason = "fake_exhausted"
