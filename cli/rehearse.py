"""`mus-coach rehearse`: say your feedback line by line and hear the employee answer, with a
coach tip after each line. Interactive; the conversation lives only in this process."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import typer

from cli.text import say, user_errors

if TYPE_CHECKING:  # rich and the coach load inside the command: `--help` stays fast
    from rich.console import Console

    from coach.rehearsal import RehearsalResult

STYLES = {"label": "bold white on red", "generalization": "bold black on yellow",
          "attribution": "bold white on magenta"}
QUIT, RESTART = ("/quit", "/exit", "/q"), "/restart"
MAX_TURNS = 20  # earlier turns the coach takes (CONTRACT.md)


def rehearse_command(
    persona: str = typer.Option("open", help="open, defensive, surprised, quiet or upset."),
    language: str | None = typer.Option(None, help="da or en; detected when omitted."),
    as_json: bool = typer.Option(False, "--json", help="Print each answer as one JSON line."),
    name: list[str] = typer.Option(  # noqa: B008 - typer declares options this way
        [], "--name", help="A person name the LLM must never see (repeatable)."),
) -> None:
    """Rehearse a feedback conversation: the coach answers as the employee and coaches you."""
    from rich.console import Console

    from coach.language import check_language
    from coach.rehearsal import check_persona
    from coach.rehearsal.lexicon import say as persona_text
    from coach.service import build_coach
    from coach.settings import get_settings

    console = Console(highlight=False)
    with user_errors():
        who = check_persona(persona)
        lang = check_language(language) or "da"
        coach = build_coach(get_settings())
    if not as_json:
        console.print(say("rehearse.intro", lang,
                          persona=persona_text(f"persona.{who}.name", lang).lower(),
                          description=persona_text(f"persona.{who}.description", lang)),
                      markup=False)
        console.print(f"[dim]{say('rehearse.how', lang)}[/dim]")
    history: list[dict[str, str]] = []
    while True:
        try:
            line = typer.prompt(say("rehearse.you", lang), default="", show_default=False)
        except typer.Abort:  # end of input
            break
        line = line.strip()
        if not line or line.lower() in QUIT:
            break
        if line.lower() == RESTART:
            history = []
            if not as_json:
                console.print(f"[dim]{say('rehearse.restarted', lang)}[/dim]")
            continue
        with user_errors():
            result = asyncio.run(coach.rehearse_feedback(
                line, history=history[-MAX_TURNS:], persona=who, language=language,
                names=name))
        lang = result.language
        history += [{"role": "manager", "text": line},
                    {"role": "employee", "text": result.reply}]
        if as_json:
            typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False))
        else:
            render(console, line, result)
    if not as_json:
        console.print(f"[dim]{say('rehearse.done', lang)}[/dim]")


def render(console: Console, line: str, result: RehearsalResult) -> None:
    """The manager's line with its findings marked, the employee's reply and the tip."""
    from rich.text import Text

    lang = result.language
    if result.analysis.findings:
        marked = Text(line)
        for f in result.analysis.findings:
            marked.stylize(STYLES[f.category], f.start, f.end)
        console.print(Text.assemble("  ", marked))
    console.print(Text.assemble((f"{say('rehearse.employee', lang)}: ", "bold"), result.reply))
    console.print(Text.assemble((f"{say('rehearse.coach', lang)}: ", "dim bold"),
                                (result.coach_tip, "dim")))
