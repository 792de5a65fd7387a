"""JSON log lines with the current request id; never any request or response text.

The formatter is a few lines of stdlib code instead of a dependency (python-json-logger) because
it must also strip exception messages, which may quote user input: tracebacks are logged as the
exception type plus frames only.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# Also skipped: our own request_id (added above) and uvicorn's ANSI-coloured copy of the message.
_SKIP = _STANDARD | {"request_id", "color_message"}


def safe_traceback(exc: BaseException) -> str:
    """Exception type and stack frames, without the message (which may quote user text)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return f"{frames}{type(exc).__module__}.{type(exc).__qualname__}"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, request_id and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render `record` as a JSON line."""
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _SKIP and not key.startswith("_"):
                line[key] = value
        if record.exc_info and record.exc_info[1] is not None:
            line["exc"] = safe_traceback(record.exc_info[1])
        return json.dumps(line, ensure_ascii=False, default=str)


_HANDLER_NAME = "mus-coach-json"
# Threads whose records are dropped: background work that outlives the service's shutdown
# (an index build still running when the server stops) must not log after it said goodbye.
_quiet_threads: set[str] = set()


class _QuietThreads(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not any((record.threadName or "").startswith(p) for p in _quiet_threads)


def quiet_threads(prefix: str) -> None:
    """Drop every later log record from threads whose name starts with `prefix`."""
    _quiet_threads.add(prefix)


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send every log record as JSON at `level` to stdout, or `stream` (replaces our handler).

    The MCP stdio server passes stderr: its stdout carries the protocol.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    # The handler has the level too: some libraries set their own logger to DEBUG when
    # imported (bm25s does), which the root logger's level alone does not stop.
    handler.setLevel(level.upper())
    handler.addFilter(_QuietThreads())
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Uvicorn's access log carries raw paths and query strings (user text); we log our own line.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
