"""The contract's input limits (CONTRACT.md, "Limits") and their checks, one wording per rule.

Every feature, the API, the web pages and the CLI check input through these functions, so a
rule is enforced and explained the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.errors import InputError

MAX_TEXT = 4000  # `text`, `goal`, `context`, `feedback`: characters after trimming
MAX_NAMES = 20  # entries in `names`
MAX_NAME_CHARS = 100  # characters per name, after trimming
MAX_COUNT = 30  # prep questions per request
MAX_NOTES = 20000  # `notes` of a MUS summary: characters after trimming


def check_text(value: str, field: str, *, limit: int = MAX_TEXT) -> str:
    """Bound-check a text input (1-`limit` characters after trimming); returns it unchanged.

    Not trimmed, so offsets into the answer stay offsets into the text the caller sent.

    Raises:
        InputError: empty, only spaces, or too long.
    """
    trimmed = value.strip()
    if not trimmed:
        raise InputError(field, "must contain at least one non-space character")
    if len(trimmed) > limit:
        raise InputError(field, f"must be at most {limit} characters after trimming")
    return value


def check_optional_text(value: str | None, field: str, *, limit: int = MAX_TEXT) -> str | None:
    """`check_text` for a field that may be absent (None passes; an empty string does not)."""
    return None if value is None else check_text(value, field, limit=limit)


def check_names(names: Sequence[str]) -> list[str]:
    """Validate `names` (at most 20, each 1-100 characters after trimming) and trim them.

    Raises:
        InputError: naming the field `names` (never the names themselves).
    """
    if len(names) > MAX_NAMES:
        raise InputError("names", f"at most {MAX_NAMES} names")
    cleaned = [n.strip() for n in names]
    if any(not n or len(n) > MAX_NAME_CHARS for n in cleaned):
        raise InputError("names", f"each name must be 1-{MAX_NAME_CHARS} characters")
    return cleaned

