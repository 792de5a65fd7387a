"""`mus-coach mcp`: the MCP server on stdin/stdout, for desktop assistants that start it.

The assistant starts the process when it starts and asks for the tool list at once, so the
server answers before the knowledge index is loaded: the index loads in a worker thread, and a
tool that needs it waits for it (`INDEX_WAIT`) instead of failing while the assistant is young.
Logs go to stderr as JSON; stdout carries only the protocol.
"""

from __future__ import annotations

import logging
import sys

import anyio
import anyio.to_thread

from api.mcp.server import build_server
from coach.logging import configure_logging, safe_traceback
from coach.service import Coach, build_coach, check_data_files, load_retriever
from coach.settings import Settings

log = logging.getLogger(__name__)

INDEX_WAIT = 30.0  # seconds a tool waits for the index on a cold start before "retry shortly"


def serve_stdio(settings: Settings) -> None:
    """Serve MCP over stdio until the client closes stdin.

    Raises:
        DataFileError: a lexicon, catalogue or the question bank is invalid (before serving).
        ConfigError: the LLM settings are incomplete.
    """
    configure_logging(settings.log_level, stream=sys.stderr)
    check_data_files(settings)  # a broken data file stops start-up, naming file and key
    coach = build_coach(settings, load_index=False)
    anyio.run(_serve, coach)


async def _serve(coach: Coach) -> None:
    server = build_server(coach, wait_for_index=INDEX_WAIT)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(_load_index, coach)
        await server.run_stdio_async()
        tasks.cancel_scope.cancel()  # the client has gone: stop waiting for the index


async def _load_index(coach: Coach) -> None:
    try:
        await anyio.to_thread.run_sync(load_retriever, coach, abandon_on_cancel=True)
    except Exception as exc:
        # Tools that need the index keep answering "still loading"; the log says why.
        log.error("knowledge index failed to load", extra={"exc": safe_traceback(exc)})
