"""Reading the coach's YAML data files (lexicons, word lists) against a schema.

HR extends these files, so a mistake must stop the service at start-up with the file, the key
and the fix, not silently switch a rule off: a misspelt key is an unknown key (with the nearest
known one suggested), and YAML's bare yes/no/on/off, which it reads as booleans, must be
quoted to stay words.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from coach.errors import DataFileError

M = TypeVar("M", bound=BaseModel)


def _word(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("YAML read a bare yes/no/on/off/true/false as a boolean; put the word in "
                         "quotes, e.g. \"no\"")
    if isinstance(value, int | float):
        return str(value)
    return value


# One entry of a word list: a string (numbers are taken as written; booleans are refused).
Word = Annotated[str, BeforeValidator(_word)]
Words = tuple[Word, ...]


class Strict(BaseModel):
    """A section of a data file: unknown keys are errors (a typo must not disable a list)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def read_yaml(path: Path) -> Any:
    """The parsed YAML file, or a `DataFileError` saying why it cannot be read."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(path, "", f"cannot be read as UTF-8 YAML ({type(exc).__name__})"
                            ) from None


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the schema allows at `loc` (the parent of an unknown key)."""
    current: Any = model
    for part in loc:
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        current = fields[part].annotation
    return list(getattr(current, "model_fields", {}))


def validate(path: Path, data: Any, model: type[M]) -> M:
    """`data` (read from `path`) checked against `model`.

    Raises:
        DataFileError: the first problem, naming the dotted key and the fix.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = tuple(err["loc"])
        key = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            known = _known_keys(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            fix = f"unknown key; {hint}known keys here: {', '.join(sorted(known))}"
        elif err["type"] == "value_error":
            fix = str(err["msg"]).removeprefix("Value error, ")
        else:
            fix = f"{err['msg'][:1].lower()}{err['msg'][1:]}"
        raise DataFileError(path, key, fix) from None


def load(path: Path, model: type[M]) -> M:
    """Read `path` and check it against `model` (`read_yaml` + `validate`)."""
    return validate(path, read_yaml(path), model)
