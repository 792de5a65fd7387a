"""`mus-coach feedback`: findings highlighted in the terminal, then SBI suggestions."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import typer

from cli.tables import print_sources
from cli.text import FileOption, read_text, say, user_errors

if TYPE_CHECKING:  # rich and the coach load inside the command: `--help` stays fast
    from rich.console import Console

    from coach.feedback import FeedbackAnalysis, RephraseResult

# One colour per finding category, so the highlighted text reads without the legend.
STYLES = {"label": "bold white on red", "generalization": "bold black on yellow",
          "attribution": "bold white on magenta"}


def feedback_command(
    text: str | None = typer.Argument(
        None, show_default=False, metavar="TEXT",
        help="The feedback to check, Danish or English; - reads it from stdin."),
    file: FileOption = None,
    context: str | None = typer.Option(
        None, help="Background: what happened, when, who; - reads it from stdin."),
    language: str | None = typer.Option(None, help="da or en; detected when omitted."),
    as_json: bool = typer.Option(False, "--json", help="Print the API answer as JSON."),
    analyze_only: bool = typer.Option(False, "--analyze-only",
                                      help="Only the findings; no suggestions, no index load."),
    name: list[str] = typer.Option(  # noqa: B008 - typer declares options this way
        [], "--name", help="A person name the LLM must never see (repeatable)."),
) -> None:
    """Highlight person-directed wording and suggest behaviour-focused versions (SBI)."""
    from rich.console import Console

    from coach.service import build_coach
    from coach.settings import get_settings

    text = read_text(text, file, name="TEXT")
    context = read_text(context, name="--context", required=False)
    assert text is not None  # required: read_text exits otherwise
    with user_errors():
        coach = build_coach(get_settings(), load_index=not analyze_only)
        result: RephraseResult | None = None
        if analyze_only:
            analysis = asyncio.run(coach.analyze_feedback(text, language=language, names=name))
        else:
            result = asyncio.run(coach.rephrase_feedback(text, context=context,
                                                         language=language, names=name))
            analysis = result.analysis
    if as_json:
        dumped = (result or analysis).model_dump(mode="json")
        typer.echo(json.dumps(dumped, ensure_ascii=False, indent=2))
        return
    render(Console(), text, analysis, result)


def render(console: Console, text: str, analysis: FeedbackAnalysis,
           result: RephraseResult | None) -> None:
    """Print the analysis (and suggestions) with rich."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    lang = analysis.language
    def word(key: str) -> str:
        return say(f"feedback.{key}", lang)

    marked = Text(text)
    for f in analysis.findings:
        marked.stylize(STYLES[f.category], f.start, f.end)
    console.print(Panel(marked, title=word("findings")))
    if not analysis.findings:
        console.print(word("no_findings"))
    for f in analysis.findings:
        console.print(Text.assemble((f" {word(f.category)} ", STYLES[f.category]), " ",
                                    f.explanation))
    if analysis.strengths:
        console.print(f"\n[bold]{word('strengths')}[/bold]")
        for strength in analysis.strengths:
            console.print(f"  ✓ {escape(strength)}")
    if result is None:
        return
    console.print(f"\n[bold]{word('suggestions')}[/bold]")
    for n, s in enumerate(result.suggestions, 1):
        # Suggestions hold [placeholders]: escape them so rich does not read them as markup.
        parts = "\n".join(f"[dim]{word(k)}:[/dim] {escape(getattr(s, k))}"
                          for k in ("situation", "behaviour", "impact", "request"))
        console.print(Panel(f"{escape(s.text)}\n\n{parts}", title=f"{n}"))
    console.print(escape(result.explanation))
    print_sources(console, word("sources"), result.sources)
    engine = result.engine + (" (degraded)" if result.degraded else "")
    console.print(f"[dim]{word('engine')}: {engine}[/dim]")
