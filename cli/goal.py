"""`mus-coach goal`: a SMART check of one goal, printed as an S-M-A-R-T table."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import typer

from cli.tables import print_sources
from cli.text import FileOption, read_text, say, user_errors

if TYPE_CHECKING:  # rich and the coach load inside the command: `--help` stays fast
    from rich.console import Console

    from coach.goals import GoalCheck

_LETTERS = {"specific": "S", "measurable": "M", "achievable": "A", "relevant": "R",
            "time_bound": "T"}
_MET_STYLE = {True: "green", False: "red", None: "yellow"}


def goal_command(
    goal: str | None = typer.Argument(
        None, show_default=False, metavar="GOAL",
        help="The goal, Danish or English; - reads it from stdin."),
    file: FileOption = None,
    context: str | None = typer.Option(
        None, help="Role, team goals, resources; - reads it from stdin."),
    today: str | None = typer.Option(None, help="YYYY-MM-DD for relative deadlines."),
    language: str | None = typer.Option(None, help="da or en; detected when omitted."),
    as_json: bool = typer.Option(False, "--json", help="Print the API answer as JSON."),
    no_sources: bool = typer.Option(False, "--no-sources",
                                    help="Skip loading the knowledge index (no guidance links)."),
    name: list[str] = typer.Option(  # noqa: B008 - typer declares options this way
        [], "--name", help="A person name the LLM must never see (repeatable)."),
) -> None:
    """Check a goal against SMART, resolve its deadline and suggest a SMART version."""
    from rich.console import Console

    from coach.limits import check_date
    from coach.service import build_coach
    from coach.settings import get_settings

    goal = read_text(goal, file, name="GOAL")
    context = read_text(context, name="--context", required=False)
    assert goal is not None  # required: read_text exits otherwise
    with user_errors():
        day = check_date(today, "--today")
        coach = build_coach(get_settings(), load_index=not no_sources)
        result = asyncio.run(coach.check_goal(goal, context=context, language=language,
                                              today=day, names=name))
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    render(Console(), result)


def render(console: Console, result: GoalCheck) -> None:
    """Print the per-letter table, deadline, suggestion and questions with rich."""
    from rich.markup import escape
    from rich.table import Table

    from coach.goals import CRITERIA

    lang = result.language

    def word(key: str) -> str:
        return say(f"goal.{key}", lang)

    # User text and [placeholders] are escaped: rich would read "[dato]" as markup.
    table = Table(title=word("title"), show_lines=True)
    table.add_column("", justify="center", style="bold")
    table.add_column(word("criterion"))
    table.add_column(word("met"), justify="center")
    table.add_column(word("evidence"))
    table.add_column(word("advice"))
    for name in CRITERIA:
        criterion = getattr(result.criteria, name)
        met = {True: word("yes"), False: word("no"), None: word("unknown")}[criterion.met]
        style = _MET_STYLE[criterion.met]
        table.add_row(f"[{style}]{_LETTERS[name]}[/{style}]", word(f"names.{name}"),
                      f"[{style}]{met}[/{style}]", escape("\n".join(criterion.evidence)),
                      escape(criterion.advice))
    console.print(table)
    smart = word("yes") if result.is_smart else word("no")
    deadline = result.deadline.isoformat() if result.deadline else "–"
    console.print(f"[bold]{word('deadline')}:[/bold] {deadline}    "
                  f"[bold]{word('smart')}:[/bold] {smart}")
    console.print(f"\n[bold]{word('suggestion')}[/bold]\n  {escape(result.suggestion)}")
    if result.questions:
        console.print(f"\n[bold]{word('questions')}[/bold]")
        for question in result.questions:
            console.print(f"  • {escape(question)}")
    print_sources(console, word("sources"), result.sources)
