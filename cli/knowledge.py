"""`mus-coach search` and `mus-coach knowledge …` (organisation documents and the index)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.text import user_errors

if TYPE_CHECKING:  # the index, Chroma and rich load inside the commands: `--help` stays fast
    from coach.knowledge.orgdocs import OrgStore
    from coach.settings import Settings

knowledge_app = typer.Typer(help="Organisation guidance documents and the search index.",
                            no_args_is_help=True)


def _settings() -> Settings:
    from coach.settings import get_settings

    return get_settings()


def _org_store(settings: Settings) -> OrgStore:
    from coach.knowledge.orgdocs_server import open_org_store

    return open_org_store(settings)


def _reindex(settings: Settings, *, force: bool = False) -> int:
    """Bring the index in line with the knowledge; returns the passage count."""
    from coach.knowledge.search import Retriever

    retriever = Retriever(settings)
    if force:
        retriever.refresh(force=True)
    return len(retriever.passages)


def search(
    query: str = typer.Argument(..., help="What you are looking for, in Danish or English."),
    topic: str | None = typer.Option(None, help="Only this topic slug."),
    audience: str | None = typer.Option(None, help="employee, manager or both."),
    language: str | None = typer.Option(None, help="da or en: this language first."),
    k: int = typer.Option(5, "-k", help="Number of results (1-20)."),
    as_json: bool = typer.Option(False, "--json", help="Print the API's JSON instead of a table."),
) -> None:
    """Search the guidance (built-in and organisation documents), best first."""
    from rich.console import Console
    from rich.table import Column, Table

    from coach.knowledge.search import Retriever

    with user_errors():
        hits = Retriever(_settings()).search(query, k, topic=topic, audience=audience,
                                                language=language)
    if as_json:
        results = [h.model_dump(exclude={"doc_id"}) for h in hits]
        typer.echo(json.dumps({"results": results}, ensure_ascii=False, indent=2))
        return
    table = Table("#", Column("id", overflow="fold"), "topic", "lang", "score", "title")
    for n, hit in enumerate(hits, 1):
        table.add_row(str(n), hit.id, hit.topic, hit.language, f"{hit.score:.3f}", hit.title)
    Console().print(table)


@knowledge_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="UTF-8 Markdown or text file, at most 1 MB.")],
    topic: str = typer.Option(..., help="Topic slug from the taxonomy."),
    audience: str = typer.Option(..., help="employee, manager or both."),
    language: str | None = typer.Option(None, help="da or en; detected when left out."),
    title: str | None = typer.Option(None, help="Title; default: first heading or file name."),
) -> None:
    """Add an organisation document and update the index."""
    settings = _settings()
    with user_errors():
        doc = _org_store(settings).add_file(file, topic=topic, audience=audience,
                                          language=language, title=title)
    count = _reindex(settings)
    typer.echo(f"added {doc.id} ({doc.passages} passages, {doc.language}); "
               f"index holds {count} passages")


@knowledge_app.command("list")
def list_documents(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List organisation documents."""
    from rich.console import Console
    from rich.table import Column, Table

    docs = _org_store(_settings()).list()
    if as_json:
        typer.echo(json.dumps([d.model_dump() for d in docs], ensure_ascii=False, indent=2))
        return
    table = Table(Column("id", overflow="fold"), "topic", "audience", "lang", "passages",
                  "added", "title")
    for d in docs:
        table.add_row(d.id, d.topic, d.audience, d.language, str(d.passages), d.added_at, d.title)
    Console().print(table)


@knowledge_app.command("remove")
def remove(doc_id: str = typer.Argument(..., help="Document id from `knowledge list`.")) -> None:
    """Remove an organisation document and update the index."""
    settings = _settings()
    with user_errors():
        doc = _org_store(settings).remove(doc_id)
    count = _reindex(settings)
    typer.echo(f"removed {doc.id}; index holds {count} passages")


@knowledge_app.command("reindex")
def reindex(
    force: bool = typer.Option(False, "--force", help="Re-check every passage even if unchanged."),
) -> None:
    """Build the index now (normally done at first start and whenever knowledge changes)."""
    with user_errors():
        count = _reindex(_settings(), force=force)
    typer.echo(f"index holds {count} passages")
