"""Danish and English request examples for every operation (shown as named examples in /docs).

Kept here, keyed by method and path, so the route modules stay thin; tests validate every example
against its request model and run it against the live app.
"""

from __future__ import annotations

from typing import Any

# (method, path) -> example name -> {"summary": ..., "value": ...}
REQUEST_EXAMPLES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
# (method, path) -> example name -> {"summary": ..., "value": ...} for the 200 response
RESPONSE_EXAMPLES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}


def apply_examples(schema: dict[str, Any]) -> None:
    """Put the named examples into the request bodies and 200 responses of `schema`."""
    paths = schema.get("paths", {})
    for (method, path), examples in REQUEST_EXAMPLES.items():
        op = paths.get(path, {}).get(method)
        if op and "requestBody" in op:
            for media in op["requestBody"].get("content", {}).values():
                media["examples"] = examples
    for (method, path), examples in RESPONSE_EXAMPLES.items():
        op = paths.get(path, {}).get(method)
        if op:
            for media in op.get("responses", {}).get("200", {}).get("content", {}).values():
                media["examples"] = examples
