"""The command line's own strings (cli/messages.yaml), how it reads text, and how it reports errors.

Every command that takes free text reads it through `read_text`, so `-` (stdin) and
`--file PATH` work the same everywhere, and every error goes through `user_errors`: one line
on stderr, exit code 2.
"""

from __future__ import annotations

import locale
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from coach.catalogue import load_catalogue
from coach.errors import CoachError, InputError

MESSAGES = Path(__file__).with_name("messages.yaml")
STDIN = "-"
# Option help shared by the commands, so `--help` says the same thing everywhere.
FILE_HELP = "Read the text from this UTF-8 file (- for stdin) instead of the argument."
# `file: FileOption = None` in a command's signature, then `read_text(value, file)`.
FileOption = Annotated[Path | None, typer.Option("--file", "-f", help=FILE_HELP,
                                                 show_default=False)]
MAX_FILE_BYTES = 1024 * 1024  # far above any limit; stops `--file /dev/zero` reading forever

# Which input read stdin, and from which stream: stdin can feed only one input per command
# (the stream is kept, not a flag, so a test runner's fresh stdin starts over).
_stdin_taken: list[tuple[object, str]] = []


def say(key: str, language: str, **values: Any) -> str:
    """The CLI string `key` ("feedback.findings") in `language`."""
    return load_catalogue(MESSAGES).message(key, language, **values)


def ui_language() -> str:
    """The language for output that has no text to detect it from (lists, keys).

    Danish when the locale is Danish (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "da" if value.lower().startswith("da") else "en"
    found = locale.getlocale()[0] or ""
    return "da" if found.lower().startswith("da") else "en"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a coach error into the CLI's one-line message and exit code 2."""
    try:
        yield
    except CoachError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def read_text(value: str | None, file: Path | None = None, *, name: str = "TEXT",
              option: str = "--file", required: bool = True) -> str | None:
    """The text a command works on: `value`, stdin when it is `-`, or the file `file`.

    Both UTF-8 (a byte-order mark is dropped). Line endings at the very end are dropped, as a
    pipe or an editor adds one; nothing else changes, so offsets in `--json` output index the
    text as given. On a bad input prints one line naming the fix and exits with code 2.

    Args:
        value: The argument or option as typed (None when left out).
        file: The `--file` path (None when left out); `-` also reads stdin.
        name: The argument or option as `--help` shows it, for error messages ("TEXT",
            "--context").
        option: The file option's name, for error messages.
        required: Whether one of `value` and `file` must be given.
    """
    with user_errors():
        if value is not None and file is not None:
            raise InputError(option, f"give {name} or {option}, not both")
        if file is not None and str(file) != STDIN:
            return _strip_end(_read_file(file, option))
        if value == STDIN or (file is not None and str(file) == STDIN):
            return _strip_end(_read_stdin(name))
        if value is None and required:
            raise InputError(name, f"missing; type it in quotes, give - to read it from stdin, "
                                   f"or {option} PATH to read a file")
        return value


def _strip_end(text: str) -> str:
    return text.rstrip("\r\n")


def _decode(data: bytes, field: str, fix: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(field, fix) from exc


def _read_file(path: Path, option: str) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise InputError(option, f"{path} does not exist; check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(option, f"{path} is a folder; give the path of a text file") from exc
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise InputError(option, f"cannot read {path} ({reason}); check the path and that "
                                 "you may read the file") from exc
    if len(data) > MAX_FILE_BYTES:
        raise InputError(option, f"{path} is larger than 1 MB; give a shorter text file")
    return _decode(data, option, f"{path} is not UTF-8 text; save it as UTF-8 (most editors "
                                 "offer it under 'Save as')")


def _read_stdin(name: str) -> str:
    if _stdin_taken and _stdin_taken[-1][0] is sys.stdin:
        raise InputError(name, f"stdin already gives {_stdin_taken[-1][1]}; type {name} in "
                               "quotes instead of -")
    _stdin_taken[:] = [(sys.stdin, name)]
    if sys.stdin is None or sys.stdin.closed:
        raise InputError(name, "there is no stdin to read; pipe the text in or use a file")
    if sys.stdin.isatty():
        typer.echo("Reading from stdin; finish with Ctrl-D (Ctrl-Z Enter on Windows).", err=True)
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # replaced by a text stream (tests, some embedders): already decoded
        return str(sys.stdin.read())
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(name, "stdin gave more than 1 MB; give a shorter text")
    return _decode(data, name, "stdin is not UTF-8 text; convert it first, e.g. with "
                               "iconv -f latin1 -t utf-8")
