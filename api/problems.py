"""RFC 9457 problem+json responses for every error the API returns."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from coach.errors import InputError, NotFoundError, NotReadyError
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


def _field_path(loc: tuple[Any, ...]) -> str:
    # Drop the "body"/"query" prefix so integrators see the field name they sent.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        # Never echo the input value back: it may be personnel data.
        field = _field_path(tuple(err.get("loc", ())))
        errors.append({"field": field, "message": err.get("msg", "")})
    first = errors[0] if errors else {"field": "body", "message": "invalid request"}
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
                   field=exc.field)


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
