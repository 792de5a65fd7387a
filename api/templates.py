"""Route templates and their methods, looked up from the OpenAPI paths (FastAPI's public list).

Used where the router cannot help: naming the route of a request refused before routing (for
metrics and logs), and listing every method of a path in a 405's `Allow` header (Starlette lists
only the first route that matched the path).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.routing import compile_path

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _index(app: Any) -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    # Compiled once per set of routes.
    cached = getattr(app.state, "route_index", None)
    if cached is None or cached[0] != len(app.routes):
        entries = []
        for path, item in app.openapi().get("paths", {}).items():
            methods = tuple(m.upper() for m in _METHODS if m in item)
            if "GET" in methods and "HEAD" not in methods:
                methods += ("HEAD",)  # Starlette answers HEAD wherever GET is routed
            entries.append((compile_path(path)[0], path, methods))
        cached = (len(app.routes), entries)
        app.state.route_index = cached
    return cached[1]


def match_template(app: Any, path: str) -> tuple[str, tuple[str, ...]] | None:
    """The documented template matching `path` and its methods, or None."""
    for pattern, template, methods in _index(app):
        if pattern.match(path):
            return template, methods
    return None
