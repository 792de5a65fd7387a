"""The OpenAPI document: FastAPI's, plus what middleware enforces and examples in both languages.

Auth, limits and errors are enforced in middleware, so FastAPI cannot see them; this adds the
security schemes, the scope each operation needs, and the problem+json error responses, and
replaces FastAPI's own 422 schema (which we never send) with the problem schema.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from api.examples import apply_examples
from api.problems import PROBLEM_JSON, Problem
from api.security import required_scope
from coach.settings import Settings

SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "An API key created with `mus-coach keys create`."},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
               "description": "The same key in a header of its own."},
}
_ERRORS = {
    "400": "The body could not be read (not UTF-8, broken multipart).",
    "401": "Missing or wrong API key (with `WWW-Authenticate`).",
    "403": "The key lacks the scope this endpoint needs.",
    "413": "Request body over the limit (64 KiB; larger for knowledge uploads).",
    "422": "Invalid request: the offending field is named in `field` and `errors`.",
    "429": "Rate limit reached; wait `Retry-After` seconds.",
    "500": "Unexpected failure; the body carries a request id and nothing else.",
    "503": "The knowledge index is still loading; retry shortly.",
}
_HEADERS: dict[str, dict[str, Any]] = {
    "401": {"WWW-Authenticate": {"schema": {"type": "string"}}},
    "429": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
}
PROBLEM_REF = "#/components/schemas/Problem"
REQUEST_ID = {"X-Request-ID": {"schema": {"type": "string"},
                               "description": "The request id (the caller's if sane)."}}


def _problem_response(code: str) -> dict[str, Any]:
    return {
        "description": _ERRORS[code],
        "headers": {**REQUEST_ID, **_HEADERS.get(code, {})},
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
    }


def _add_problem_schemas(schema: dict[str, Any]) -> None:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def _document_operation(op: dict[str, Any], scope: str | None, has_body: bool) -> None:
    responses: dict[str, Any] = op.setdefault("responses", {})
    codes = ["500"]
    if "422" in responses or has_body or op.get("parameters"):
        codes.append("422")
    if has_body:
        codes += ["400", "413"]
    if scope is not None:
        op["security"] = [{"bearer": []}, {"apiKey": []}]
        op["x-required-scope"] = scope
        codes += ["401", "403", "429", "503"]
    for code in codes:
        responses[code] = _problem_response(code)
    for code, response in responses.items():
        if code[0] in "45" and not response.get("content"):  # declared by a route: a problem
            response["content"] = {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}
    for response in responses.values():
        response.setdefault("headers", {}).update(REQUEST_ID)


def build_openapi(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """FastAPI's schema with security, problem responses and examples added."""
    schema = FastAPI.openapi(app)
    # Paths in a fixed (alphabetical) order: the app's route order is tuned for matching speed
    # and must not reorder the committed snapshot that integrators review.
    schema["paths"] = dict(sorted(schema.get("paths", {}).items()))
    _add_problem_schemas(schema)
    schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    for path, operations in schema.get("paths", {}).items():
        scope = required_scope(path, settings)
        for method, op in operations.items():
            if method in ("get", "post", "put", "patch", "delete"):
                _document_operation(op, scope, "requestBody" in op)
    apply_examples(schema)
    return schema


def install_openapi(app: FastAPI, settings: Settings) -> None:
    """Make `app.openapi()` (and /openapi.json) return the completed schema."""

    built_for = -1

    def openapi() -> dict[str, Any]:
        nonlocal built_for
        if app.openapi_schema is None or built_for != len(app.routes):
            app.openapi_schema = None
            app.openapi_schema = build_openapi(app, settings)
            built_for = len(app.routes)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
