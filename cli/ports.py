"""`mus-coach serve`'s check that its port is free, so a taken port is one plain line.

Uvicorn would log the failed bind as a JSON error line and exit 1; a person starting the
service for the first time needs to read what to do instead.
"""

from __future__ import annotations

import errno
import socket

import typer


def exit_if_taken(host: str, port: int) -> None:
    """Exit with code 2 and one line naming the fix when `host:port` cannot be listened on.

    Binds the way uvicorn will (SO_REUSEADDR), so a port held only by connections closing
    down (TIME_WAIT) still counts as free. Uvicorn binds again right after; a port taken in
    between still fails there, as before.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        typer.echo(f"error: --host {host} is not an address or name this machine knows; use "
                   "e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)", err=True)
        raise typer.Exit(2) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                typer.echo(f"error: port {port} on {host} is already in use (another "
                           f"mus-coach serve?); stop that process or pick a free port: "
                           f"mus-coach serve --port {port + 1}", err=True)
            elif exc.errno == errno.EACCES:
                typer.echo(f"error: no permission to listen on port {port}; ports below 1024 "
                           "need root: use mus-coach serve --port 8000", err=True)
            else:
                typer.echo(f"error: cannot listen on {host}:{port} "
                           f"({(exc.strerror or 'unknown reason').lower()}); check --host "
                           "and --port", err=True)
            raise typer.Exit(2) from None
