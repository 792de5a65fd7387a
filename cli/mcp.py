"""`mus-coach mcp`: the coach as an MCP server on stdin/stdout (Claude Desktop, VS Code, ...)."""

from __future__ import annotations

from cli.text import user_errors


def mcp_command() -> None:
    """Serve the coach's tools over MCP on stdin/stdout for an AI assistant to start.

    Configure it in the assistant as the command `mus-coach mcp` (docs/integrations.md); the
    same settings (COACH_*) apply as for `serve`. Logs go to stderr.
    """
    from api.mcp.stdio import serve_stdio  # the SDK and the coach load inside the command
    from coach.settings import get_settings

    with user_errors():
        serve_stdio(get_settings())

