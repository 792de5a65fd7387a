"""The contract's input limits (CONTRACT.md, "Limits") and their checks, one wording per rule.

Every feature, the API, the web pages and the CLI check input through these functions, so a
rule is enforced and explained the same way everywhere. The API's request models call them
too, and `api/problems.py` maps the few errors pydantic finds on its own (a missing field, a
number sent as text) to the wordings below. Each message says what to fix and never quotes
the value sent; the field is named by `InputError.field`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Literal

from coach.errors import InputError
from coach.taxonomy import AUDIENCES, TOPIC_SLUGS

MAX_TEXT = 4000  # `text`, `goal`, `context`, `feedback`, `q`: characters after trimming
MAX_NAMES = 20  # entries in `names`
MAX_NAME_CHARS = 100  # characters per name, after trimming
MAX_COUNT = 30  # prep questions per request
MAX_K = 20  # guidance search results per request
Role = Literal["employee", "manager"]
ROLES: tuple[Role, ...] = ("employee", "manager")

# The wordings. Functions where the message carries a limit, so the limit is never retyped.
BLANK = "must contain at least one non-space character"
REQUIRED = "is required; add it to the request"
NOT_TEXT = "must be text (a JSON string)"
NOT_LIST = "must be a list"
NOT_OBJECT = "must be a JSON object holding the fields the API documentation lists for this call"
DATE = "must be a real date written YYYY-MM-DD"
INVALID = "has a value the API cannot use; see the API documentation (/docs) for this field"
ROLE = "use 'employee' or 'manager'"
TOPIC = f"unknown topic; use one of: {', '.join(TOPIC_SLUGS)}"
AUDIENCE = f"unknown audience; use one of: {', '.join(AUDIENCES)}"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: \d takes "٢٠٢٥" too


def too_long(limit: int) -> str:
    """The message for text over `limit` characters (counted after trimming)."""
    return f"must be at most {limit} characters after trimming"


def whole_number(low: int, high: int) -> str:
    """The message for a number outside `low`-`high`, or not a whole number at all."""
    return f"must be a whole number from {low} to {high}"


def names_count() -> str:
    """The message for too many names."""
    return f"at most {MAX_NAMES} names"


def name_length() -> str:
    """The message for a name that is empty or too long."""
    return f"each name must be 1-{MAX_NAME_CHARS} characters"


def invalid_json(position: int | None) -> str:
    """The message for a body that does not parse as JSON (`position`: a character offset)."""
    where = f" (the error is at character {position})" if position is not None else ""
    return f"is not valid JSON{where}; check the quotes, commas and brackets"


def check_text(value: str, field: str, *, limit: int = MAX_TEXT) -> str:
    """Bound-check a text input (1-`limit` characters after trimming); returns it unchanged.

    Not trimmed, so offsets into the answer stay offsets into the text the caller sent.

    Raises:
        InputError: not a string, empty, only spaces, or too long.
    """
    if not isinstance(value, str):
        raise InputError(field, NOT_TEXT)
    trimmed = value.strip()
    if not trimmed:
        raise InputError(field, BLANK)
    if len(trimmed) > limit:
        raise InputError(field, too_long(limit))
    return value


def check_optional_text(value: str | None, field: str, *, limit: int = MAX_TEXT) -> str | None:
    """`check_text` for a field that may be absent (None passes; an empty string does not)."""
    return None if value is None else check_text(value, field, limit=limit)


def check_names(names: Sequence[str]) -> list[str]:
    """Validate `names` (at most 20, each 1-100 characters after trimming) and trim them.

    Raises:
        InputError: naming `names`, or the entry (`names[2]`), never the names themselves.
    """
    if not isinstance(names, list | tuple):
        raise InputError("names", NOT_LIST)
    if len(names) > MAX_NAMES:
        raise InputError("names", names_count())
    cleaned = []
    for n, name in enumerate(names):
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= MAX_NAME_CHARS:
            raise InputError(f"names[{n}]", name_length())
        cleaned.append(name.strip())
    return cleaned


def check_number(value: int, field: str, low: int, high: int) -> int:
    """A whole number within `low`-`high` (a bool is not a number here).

    Raises:
        InputError: out of range or not an integer.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(field, whole_number(low, high))
    return value


def check_role(role: str) -> Role:
    """`role` when it is "employee" or "manager"."""
    for known in ROLES:
        if role == known:
            return known
    raise InputError("role", ROLE)


def check_topic(topic: str | None, field: str = "topic") -> str | None:
    """A taxonomy slug, or None."""
    if topic is not None and (not isinstance(topic, str) or topic not in TOPIC_SLUGS):
        raise InputError(field, TOPIC)
    return topic


def check_topics(topics: Sequence[str] | None, field: str = "topics") -> list[str] | None:
    """Taxonomy slugs, duplicates dropped in order; None (or an empty list) stays None."""
    if topics is None:
        return None
    if not isinstance(topics, list | tuple):
        raise InputError(field, NOT_LIST)
    for topic in topics:
        check_topic(topic, field)
    return list(dict.fromkeys(topics)) or None


def check_audience(audience: str | None, field: str = "audience") -> str | None:
    """"employee", "manager", "both", or None."""
    if audience is not None and (not isinstance(audience, str) or audience not in AUDIENCES):
        raise InputError(field, AUDIENCE)
    return audience


def check_date(value: str | date | None, field: str) -> date | None:
    """A date written YYYY-MM-DD (a `date` passes as it is), or None.

    Raises:
        InputError: another format (timestamps, "tomorrow") or no such day (2025-02-30).
    """
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise InputError(field, DATE)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(field, DATE) from exc
