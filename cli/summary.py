"""`mus-coach summary`: notes from a MUS -> the referat (Markdown), optionally a calendar file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer

from cli.text import read_text, say, user_errors


def summary_command(
    source: str = typer.Argument(..., metavar="FILE|-",
                                 help="The notes: a UTF-8 text file, or - for standard input."),
    ics: Path | None = typer.Option(  # noqa: B008 - typer declares options this way
        None, "--ics", help="Also write the follow-up plan as an iCalendar file (.ics)."),
    md: Path | None = typer.Option(  # noqa: B008
        None, "--md", help="Write the referat to this Markdown file instead of printing it."),
    meeting_date: str | None = typer.Option(None, "--meeting-date",
                                            help="YYYY-MM-DD of the MUS; relative dates in the "
                                            "notes resolve against it."),
    today: str | None = typer.Option(None, help="YYYY-MM-DD to resolve against when "
                                     "--meeting-date is not given (default: today)."),
    language: str | None = typer.Option(None, help="da or en; detected when omitted."),
    as_json: bool = typer.Option(False, "--json", help="Print the API answer as JSON."),
    no_sources: bool = typer.Option(False, "--no-sources",
                                    help="Skip loading the knowledge index (no guidance links)."),
    name: list[str] = typer.Option(  # noqa: B008 - typer declares options this way
        [], "--name", help="A person name the LLM must never see (repeatable)."),
) -> None:
    """Turn MUS notes into a referat with goals, to-dos and a follow-up plan."""
    from coach.limits import check_date
    from coach.service import build_coach
    from coach.settings import get_settings
    from coach.summary import to_ics

    notes = read_text(None, Path(source), name="FILE", option="FILE")
    assert notes is not None  # required: read_text exits otherwise
    with user_errors():
        meeting, day = check_date(meeting_date, "--meeting-date"), check_date(today, "--today")
        coach = build_coach(get_settings(), load_index=not no_sources)
        result = asyncio.run(coach.summarize_mus(notes, language=language, today=day,
                                                 meeting_date=meeting, names=name))
    if ics is not None:
        ics.write_bytes(to_ics(result))
        typer.echo(say("summary.wrote_ics", result.language, path=str(ics)), err=True)
    if md is not None:
        md.write_text(result.markdown, encoding="utf-8")
        typer.echo(say("summary.wrote_md", result.language, path=str(md)), err=True)
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    elif md is None:
        typer.echo(result.markdown)
