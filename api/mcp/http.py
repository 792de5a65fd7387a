"""`/mcp`: the MCP server as a route of the API app (streamable HTTP).

A plain route inside the app rather than a mounted sub-app, so the app's middleware covers it
like any other path: the API key check (scope `coach`, api/security.py), the rate limit per key,
the 64 KiB body limit, the request id and the access log line (route and status, never a body).

Stateless and JSON: every POST carries one JSON-RPC message and gets its answer as
application/json, with no session kept between requests, so any worker of a scaled-out service
can answer any request and a plain HTTP client needs no event-stream parsing. The server never
asks the client anything back (no sampling or elicitation), which is what stateless mode gives up.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from mcp.server.transport_security import TransportSecuritySettings
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from api.mcp.server import CoachServer, build_server
from api.problems import problem
from coach.service import Coach
from coach.settings import Settings

MCP_PATH = "/mcp"
# Host/Origin checks are done here (see McpEndpoint), so the SDK's own are off: its default
# for a server on 127.0.0.1 accepts only localhost Host headers, which would refuse a service
# deployed under its real name.
TRANSPORT = TransportSecuritySettings(enable_dns_rebinding_protection=False)


class McpRoute(Route):
    """A plain route that, like FastAPI's own, names itself in the scope for metrics and logs."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """Starlette's match, plus `route` in the child scope (read by api.middleware)."""
        match, child = super().matches(scope)
        if match is not Match.NONE:
            child["route"] = self
        return match, child


class McpEndpoint:
    """The ASGI app behind `/mcp`; refuses browser pages from origins not allowed for CORS.

    MCP clients (assistants, agents, scripts) send no Origin header. A browser always does on a
    cross-site request, and a page that reached the service by DNS rebinding would otherwise pass
    as same-site, so an Origin must be one listed in COACH_CORS_ORIGINS (as the MCP spec asks).
    """

    def __init__(self, server: CoachServer, settings: Settings) -> None:
        """Serve `server`'s session manager (created anew each time the app starts)."""
        self.server = server
        self.allowed_origins = frozenset(settings.cors_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the Origin, then hand the request to the SDK's streamable HTTP transport."""
        origin = next((v.decode("latin-1") for k, v in scope.get("headers") or ()
                       if k == b"origin"), None)
        if origin is not None and origin not in self.allowed_origins:
            await problem(403, detail="Browser pages may call /mcp only from an origin listed "
                          "in COACH_CORS_ORIGINS.")(scope, receive, send)
            return
        await self.server.session_manager.handle_request(scope, receive, send)


def install_mcp(app: FastAPI, coach: Coach, settings: Settings) -> None:
    """Add the `/mcp` route; `mcp_sessions(app)` must run in the app's lifespan."""
    # The SDK logs every stateless request at INFO ("Terminating session: None"): noise per call.
    logging.getLogger("mcp.server.streamable_http").setLevel(logging.WARNING)
    server = build_server(coach)
    app.state.mcp = server
    # POST only: in stateless mode there is no session to DELETE and no server-sent stream to
    # GET, and a GET would hold a connection open with nothing ever sent (the spec's 405).
    app.router.routes.append(McpRoute(MCP_PATH, McpEndpoint(server, settings), methods=["POST"],
                                      include_in_schema=False))


@asynccontextmanager
async def mcp_sessions(app: FastAPI) -> AsyncIterator[None]:
    """Run `/mcp`'s transport while the app runs (a fresh one each start: the SDK's runs once)."""
    server: CoachServer = app.state.mcp
    server.streamable_http_app(stateless_http=True, json_response=True,
                               transport_security=TRANSPORT,
                               max_request_body_size=app.state.settings.max_body_bytes)
    async with server.session_manager.run():
        yield
