"""`mus-coach prep`: preparation questions as a printable Markdown sheet or as JSON."""

from __future__ import annotations

import asyncio
from enum import StrEnum
from pathlib import Path

import typer

from cli.text import read_text, user_errors


class OutputFormat(StrEnum):
    """How `mus-coach prep` prints its answer."""

    md = "md"
    json = "json"


def prep_command(
    role: str = typer.Option(..., help="employee or manager: who prepares."),
    topic: list[str] = typer.Option(  # noqa: B008 - typer declares options this way
        [], "--topic", help="Topic slug (repeat for several); omit to let the context decide."),
    context: str | None = typer.Option(
        None, help="Your situation in a few words, e.g. 'ny i teamet, presset af deadlines'; "
        "- reads it from stdin."),
    file: Path | None = typer.Option(  # noqa: B008
        None, "--file", "-f", show_default=False,
        help="Read the context from this UTF-8 file (- for stdin) instead of --context."),
    language: str | None = typer.Option(
        None, help="da or en; detected from --context when omitted, else Danish."),
    count: int = typer.Option(10, help="Number of questions, 1-30."),
    output: OutputFormat = typer.Option(OutputFormat.md, "--format",  # noqa: B008
                                        help="md (printable sheet) or json (the API answer)."),
    name: list[str] = typer.Option(  # noqa: B008
        [], "--name", help="A person name the LLM must never see (repeatable)."),
) -> None:
    """Print open questions to bring to a MUS, in the order the meeting runs."""
    from coach.prep import render_markdown
    from coach.service import build_coach
    from coach.settings import get_settings

    context = read_text(context, file, name="--context", required=False)
    with user_errors():
        coach = build_coach(get_settings())
        result = asyncio.run(coach.prep_questions(role, topics=topic or None, context=context,
                                                  language=language, count=count, names=name))
    if output is OutputFormat.json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        typer.echo(render_markdown(result))
