"""`mus-coach keys …`: create, list and revoke API keys (only hashes are stored)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from cli.tables import add_row, list_table
from cli.text import say, ui_language, user_errors
from coach.errors import ApiKeyError

if TYPE_CHECKING:
    from coach.apikeys import KeyStore

keys_app = typer.Typer(help="API keys for the HTTP API (scopes: coach, admin).",
                       no_args_is_help=True)


def _store() -> KeyStore:
    from coach.apikeys import KeyStore
    from coach.settings import get_settings

    with user_errors():
        return KeyStore(get_settings())


@keys_app.command("create")
def create(
    scope: str = typer.Option("coach", help="coach (coaching + search) or admin (also knowledge)."),
    name: str = typer.Option("", help="A label to recognise the key by (who or what uses it)."),
    no_store: bool = typer.Option(False, "--no-store",
                                  help="Do not write the key file; print a COACH_API_KEY_HASHES "
                                       "entry instead (for secrets managers)."),
) -> None:
    """Create a key and print it once; only its SHA-256 is kept."""
    store = _store()
    try:
        if no_store:
            from coach.apikeys import hash_key, new_key

            if scope not in ("coach", "admin"):
                raise ApiKeyError("Unknown scope; use coach or admin.")
            key = new_key()
            typer.echo(key)
            typer.echo(f"COACH_API_KEY_HASHES entry: {scope}:{hash_key(key)}", err=True)
            return
        record, key = store.create(scope, name)
    except ApiKeyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(key)
    typer.echo(f"Created key {record.id} (scope {record.scope}) in {store.path}. "
               "Copy it now: it is not stored and cannot be shown again.", err=True)


@keys_app.command("list")
def list_keys(
    as_json: bool = typer.Option(False, "--json", help="Print JSON (ids, scopes, names)."),
) -> None:
    """List keys: id, scope, name, creation time and where each is kept (never the key)."""
    import json

    from rich.console import Console

    keys = _store().keys()
    if as_json:
        rows = [{"id": k.id, "scope": k.scope, "name": k.name, "created": k.created or None,
                 "source": k.source} for k in keys]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    lang = ui_language()
    console = Console()
    if not keys:
        console.print(say("keys.empty", lang))
        return
    table = list_table([say(f"keys.{h}", lang) for h in
                        ("id", "scope", "name", "created", "source")], keep_whole=(0, 1, 3))
    for key in keys:
        created = key.created.replace("T", " ")[:16] if key.created else "–"
        add_row(table, key.id, key.scope, key.name or "–", created,
                say(f"keys.source_{key.source}", lang))
    console.print(table)
    console.print(say("keys.revoke_hint", lang), style="dim")


@keys_app.command("revoke")
def revoke(key_id: str = typer.Argument(..., help="The id shown by `keys list`.")) -> None:
    """Revoke a key; a running service stops accepting it within a few seconds."""
    with user_errors():
        record = _store().revoke(key_id)
    typer.echo(f"Revoked {record.id} ({record.scope}{', ' + record.name if record.name else ''}).")
