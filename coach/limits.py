"""The contract's input limits (CONTRACT.md, "Limits"), in one place for every feature."""

from __future__ import annotations

from collections.abc import Callable, Sequence

MAX_TEXT = 4000  # `text`, `goal` and `context`: characters after trimming
MAX_NAMES = 20  # entries in `names`
MAX_NAME_CHARS = 100  # characters per name, after trimming


class InputError(ValueError):
    """Input outside the contract; `field` names it (the message never holds user text)."""

    def __init__(self, field: str, message: str) -> None:
        """Keep the field name for the API's problem body."""
        super().__init__(f"{field}: {message}")
        self.field = field


def check_names(names: Sequence[str], error: Callable[[str, str], ValueError]) -> list[str]:
    """Validate `names` (at most 20, each 1-100 characters after trimming) and trim them.

    Args:
        names: Person names the caller marks for redaction.
        error: The feature's error class, built as `error(field, message)`.

    Raises:
        ValueError: As built by `error`, naming the field `names` (never the names themselves).
    """
    if len(names) > MAX_NAMES:
        raise error("names", f"at most {MAX_NAMES} names")
    cleaned = [n.strip() for n in names]
    if any(not n or len(n) > MAX_NAME_CHARS for n in cleaned):
        raise error("names", f"each name must be 1-{MAX_NAME_CHARS} characters")
    return cleaned
