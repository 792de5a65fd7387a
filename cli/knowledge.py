"""`mus-coach search` and `mus-coach knowledge …` (organisation documents and the index)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.tables import add_row, list_table, short_doc_id, snippet
from cli.text import FileOption, read_text, say, ui_language, user_errors

if TYPE_CHECKING:  # the index, Chroma and rich load inside the commands: `--help` stays fast
    from rich.console import Console

    from coach.knowledge import Hit
    from coach.knowledge.orgdocs import OrgDocument, OrgStore
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
    query: str | None = typer.Argument(
        None, show_default=False, metavar="QUERY",
        help="What you are looking for, in Danish or English; - reads it from stdin."),
    file: FileOption = None,
    topic: str | None = typer.Option(None, help="Only this topic slug."),
    audience: str | None = typer.Option(None, help="employee, manager or both."),
    language: str | None = typer.Option(None, help="da or en: this language first."),
    k: int = typer.Option(5, "-k", help="Number of results (1-20)."),
    as_json: bool = typer.Option(False, "--json", help="Print the API's JSON instead of a table."),
) -> None:
    """Search the guidance (built-in and organisation documents), best first."""
    from rich.console import Console

    from coach.knowledge.search import Retriever, validate_search
    from coach.language import check_language, detect_language

    query = read_text(query, file, name="QUERY")
    assert query is not None  # required: read_text exits otherwise
    with user_errors():
        # Checked before the index loads, so a typo in a filter costs no wait.
        validate_search(query, k, topic, audience, language)
        hits = Retriever(_settings()).search(query, k, topic=topic, audience=audience,
                                             language=language)
        lang = check_language(language) or detect_language(query)
    if as_json:
        results = [h.model_dump(exclude={"doc_id"}) for h in hits]
        typer.echo(json.dumps({"results": results}, ensure_ascii=False, indent=2))
        return
    render_hits(Console(), hits, lang)


def render_hits(console: Console, hits: list[Hit], lang: str) -> None:
    """Each hit as a numbered title, a snippet of its text and its id, in the query's language.

    Blocks rather than a table: at 80 columns a table leaves the text a narrow column and
    wraps the ids, which are meant to be copied whole.
    """
    import textwrap

    from rich.markup import escape
    from rich.text import Text

    from coach.taxonomy import topic_title

    if not hits:
        console.print(say("search.none", lang))
        return
    console.print(f"[bold]{escape(say('search.heading', lang, count=len(hits)))}[/bold]\n")
    def indented(line: str, style: str = "") -> None:
        # Wrapped here rather than by rich, which pads every wrapped line with spaces.
        width = max(console.width, 24)
        console.print(Text(textwrap.fill(line, width, initial_indent="    ",
                                         subsequent_indent="    ",
                                         break_long_words=False, break_on_hyphens=False),
                           style=style), soft_wrap=True)

    for n, hit in enumerate(hits, 1):
        head = Text.assemble((f"{n:>2}. ", "bold"), (hit.title, "bold"))
        if hit.source == "org":
            head.append("  ")
            head.append(f" {say('search.org', lang)} ", style="bold black on green")
        console.print(head)
        indented(snippet(hit.text))
        meta = (f"{topic_title(hit.topic, lang)} · {hit.language} · "
                f"{say('search.score', lang)} {hit.score:.2f}")
        if hit.source == "org":
            meta += f" · {say('search.document', lang, id=short_doc_id(hit.doc_id))}"
        indented(meta, "dim")
        indented(f"{say('search.id', lang)} {hit.id}", "dim")
        console.print()


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
    typer.echo(f"added {doc.id} (short id {short_doc_id(doc.id)}; {doc.passages} passages, "
               f"{doc.language}); index holds {count} passages")


@knowledge_app.command("list")
def list_documents(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List organisation documents (short ids; `--json` has the full ones)."""
    from rich.console import Console

    docs = _org_store(_settings()).list()
    if as_json:
        typer.echo(json.dumps([d.model_dump() for d in docs], ensure_ascii=False, indent=2))
        return
    lang = ui_language()
    console = Console()
    if not docs:
        console.print(say("knowledge.empty", lang))
        return
    table = list_table([say(f"knowledge.{h}", lang) for h in
                        ("id", "title", "topic", "audience", "language", "added")],
                       keep_whole=(0, 2, 5))
    for d in docs:  # passage counts and full ids are in --json
        add_row(table, short_doc_id(d.id), d.title, d.topic, d.audience, d.language,
                d.added_at[:10])
    console.print(table)
    console.print(say("knowledge.remove_hint", lang), style="dim")


def _resolve(docs: list[OrgDocument], given: str) -> str:
    """The full id of the document `given` names: its full id or its short id."""
    from coach.errors import NotFoundError

    if any(d.id == given for d in docs):
        return given
    matches = [d.id for d in docs if given and short_doc_id(d.id) == given]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NotFoundError("doc_id", "this short id fits several documents; use the full id "
                                      "from `mus-coach knowledge list --json`")
    raise NotFoundError("doc_id", "no organisation document with that id; see "
                                  "`mus-coach knowledge list`")


@knowledge_app.command("remove")
def remove(doc_id: str = typer.Argument(
        ..., help="Document id from `knowledge list` (the short one or the full one).")) -> None:
    """Remove an organisation document and update the index."""
    settings = _settings()
    with user_errors():
        store = _org_store(settings)
        doc = store.remove(_resolve(store.list(), doc_id))
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
