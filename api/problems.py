"""RFC 9457 problem+json responses for every error the API returns."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from coach.errors import InputError, NotFoundError, NotReadyError
from coach.limits import INVALID, NOT_LIST, NOT_OBJECT, NOT_TEXT, REQUIRED, invalid_json
from coach.logging import request_id_var, safe_traceback

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 413: "Request body too large", 415: "Unsupported media type",
          422: "Invalid request", 429: "Too many requests", 500: "Internal server error",
          503: "Not ready"}


class FieldError(BaseModel):
    """One invalid field: where, and what to fix (never the value sent)."""

    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem detail; extension members depend on the error."""

    model_config = ConfigDict(extra="allow")

    type: str = Field("about:blank", description="Problem type URI; about:blank = see status.")
    title: str = Field(description="Short summary of the problem type.")
    status: int = Field(description="HTTP status code.")
    detail: str = Field(description="What went wrong and how to fix it.")
    request_id: str | None = Field(None, description="Quote it when reporting a problem.")
    field: str | None = Field(None, description="The offending field (422).")
    errors: list[FieldError] | None = Field(None, description="Every invalid field (422).")


def request_id_of(scope: Scope) -> str | None:
    """The id the request-context middleware gave this request."""
    state = scope.get("state") or {}
    rid = state.get("request_id") if isinstance(state, dict) else None
    return rid or request_id_var.get()


def problem(status: int, title: str | None = None, detail: str | None = None, *,
            headers: dict[str, str] | None = None, request_id: str | None = None,
            **extra: Any) -> JSONResponse:
    """Build a problem+json response."""
    title = title or TITLES.get(status) or HTTPStatus(status).phrase
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status,
                            "detail": detail or title}
    rid = request_id or request_id_var.get()
    if rid:
        body["request_id"] = rid
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_WHERE = ("body", "query", "path", "header", "cookie")
# Pydantic's own checks that the request models leave to it, in coach.limits' voice. Every
# field of api/schemas.py has its rule's wording already (an InputError, see checked_by).
_TYPES = {"string_type": NOT_TEXT, "list_type": NOT_LIST, "missing": REQUIRED,
          "model_attributes_type": NOT_OBJECT, "model_type": NOT_OBJECT, "dict_type": NOT_OBJECT,
          "int_type": "must be a whole number", "int_parsing": "must be a whole number",
          "int_from_float": "must be a whole number", "bool_type": "must be true or false",
          "bool_parsing": "must be true or false"}


def _field_path(loc: tuple[Any, ...]) -> str:
    # Drop the "body"/"query" prefix so integrators see the field name they sent;
    # list positions read names[2], as in the JSON they sent.
    path = ""
    for part in loc[1:] if loc and loc[0] in _WHERE else loc:
        path += f"[{part}]" if isinstance(part, int) else f"{'.' if path else ''}{part}"
    return path or "body"


def field_error(err: Mapping[str, Any]) -> tuple[str, str]:
    """One pydantic error as (field, message), worded as coach.limits words the rule.

    Never the input value (it may be personnel data) and never pydantic's phrasing
    ("Value error, …", "String should have…"). A JSON decode error's location is a character
    offset, not a field: the field is then `body`, and the offset goes into the message.
    """
    loc = tuple(err.get("loc", ()))
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "json_invalid":
        position = next((p for p in reversed(loc) if isinstance(p, int)), None)
        return "body", invalid_json(position)
    field = _field_path(loc)
    cause = ctx.get("error")
    if isinstance(cause, InputError):
        if loc and cause.field.split("[")[0] == str(loc[-1]):  # names -> names[2]: more exact
            field = _field_path((*loc[:-1], cause.field))
        return field, cause.message
    if kind in _TYPES:
        return field, _TYPES[kind]
    if kind == "literal_error" and "expected" in ctx:
        return field, f"use {ctx['expected']}"
    if kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        bound = ctx.get("min_length", ctx.get("max_length"))
        unit = "character" if kind.startswith("string") else "item"
        edge = "least" if kind.endswith("short") else "most"
        return field, f"must have at {edge} {bound} {unit}{'' if bound == 1 else 's'}"
    for key, words in (("ge", "at least"), ("gt", "more than"), ("le", "at most"),
                       ("lt", "less than")):
        if key in ctx:
            return field, f"must be {words} {ctx[key]}"
    return field, INVALID


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        field, message = field_error(err)
        errors.append({"field": field, "message": message})
    first = errors[0] if errors else {"field": "body", "message": INVALID}
    return problem(
        422,
        "Invalid request",
        f"{first['field']}: {first['message']}",
        request_id=request_id_of(request.scope),
        field=first["field"],
        errors=errors,
    )


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    title = TITLES.get(exc.status_code) or HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else title
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        from api.templates import match_template

        found = match_template(request.app, request.url.path)
        if found:  # every method of the path, not only those of the first route matched
            headers["Allow"] = ", ".join(found[1])
    return problem(exc.status_code, title, detail, headers=headers,
                   request_id=request_id_of(request.scope))


async def _input_error(request: Request, exc: InputError) -> JSONResponse:
    # The coach writes these messages for the caller: they name the field and the fix and never
    # quote the input. Anything else (a ConfigError, a library's ValueError) is a server fault
    # and reaches `_unexpected`, so it can never pass for "your input is wrong".
    status = 404 if isinstance(exc, NotFoundError) else 422
    return problem(status, None, str(exc), request_id=request_id_of(request.scope),
                   field=exc.field, errors=[{"field": exc.field, "message": exc.message}])


async def _not_ready(request: Request, exc: NotReadyError) -> JSONResponse:
    return problem(503, None, "The knowledge index is still loading; retry shortly.",
                   headers={"Retry-After": "2"}, request_id=request_id_of(request.scope))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Normally the request-context middleware answers first; this is the last safety net.
    log.error("unhandled exception", extra={"exc": safe_traceback(exc)})
    return unexpected(request_id_of(request.scope))


def unexpected(request_id: str | None) -> JSONResponse:
    """The 500 body: a request id, no internals and no user text."""
    return problem(500, "Internal server error",
                   "The coach failed unexpectedly; quote the request id when reporting it.",
                   request_id=request_id)


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on `app`."""
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(InputError, _input_error)  # type: ignore[arg-type]
    app.add_exception_handler(NotReadyError, _not_ready)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
