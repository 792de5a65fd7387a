"""The `mus-coach` command line: one module per command group, no domain logic here.

Command modules import only typer at load time; the coach, rich and the index load inside the
command that needs them, so `mus-coach --help` does not pay for them.
"""

from __future__ import annotations

import typer

from cli.eval import eval_command
from cli.feedback import feedback_command
from cli.goal import goal_command
from cli.keys import keys_app
from cli.knowledge import knowledge_app, search
from cli.mcp import mcp_command
from cli.prep import prep_command
from cli.rehearse import rehearse_command
from cli.summary import summary_command

app = typer.Typer(
    name="mus-coach",
    help="MUS coach: guidance search, feedback rephrasing, SMART goals, prep questions and the "
         "summary after the MUS.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


app.add_typer(keys_app, name="keys")
app.add_typer(knowledge_app, name="knowledge")
app.command("search")(search)
app.command("prep")(prep_command)
app.command("feedback")(feedback_command)
app.command("rehearse")(rehearse_command)
app.command("goal")(goal_command)
app.command("summary")(summary_command)
app.command("eval")(eval_command)
app.command("mcp")(mcp_command)


@app.callback()
def _root() -> None:
    """MUS coach command line (keeps `serve` a subcommand even while it is the only one)."""


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, help="Worker processes (use a Chroma server with >1)."),
) -> None:
    """Start the HTTP API on the embedded defaults (rules engine, local index)."""
    import uvicorn

    from api.server import uvicorn_options
    from cli.ports import exit_if_taken
    from coach.apikeys import KeyStore
    from coach.logging import configure_logging
    from coach.settings import get_settings

    settings = get_settings()
    if settings.require_auth and not KeyStore(settings).configured:
        typer.echo("error: COACH_REQUIRE_AUTH is true but no API key is configured; create one "
                   "with `mus-coach keys create --scope admin` or set COACH_API_KEY_HASHES.",
                   err=True)
        raise typer.Exit(2)
    exit_if_taken(host, port)
    configure_logging(settings.log_level)
    uvicorn.run(
        "api.app:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=False,  # access lines carry query strings, which may hold user text
        log_config=None,  # keep our JSON logging (coach.logging) instead of uvicorn's format
        **uvicorn_options(settings),  # header, timeout and concurrency limits (api/server.py)
    )


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
