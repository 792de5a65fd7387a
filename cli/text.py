"""The command line's own strings (cli/messages.yaml) and its one way of reporting errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from coach.catalogue import load_catalogue
from coach.errors import CoachError

MESSAGES = Path(__file__).with_name("messages.yaml")


def say(key: str, language: str, **values: Any) -> str:
    """The CLI string `key` ("feedback.findings") in `language`."""
    return load_catalogue(MESSAGES).message(key, language, **values)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a coach error into the CLI's one-line message and exit code 2."""
    try:
        yield
    except CoachError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
