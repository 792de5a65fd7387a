"""RFC 9457 problem+json responses for every error the API returns."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """Build a problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = extra.pop("headers", None) if "headers" in extra else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_path(loc: tuple[Any, ...]) -> str:
    # Drop the "body"/"query" prefix so integrators see the field name they sent.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        # Never echo the input value back: it may be personnel data.
        errors.append({"field": _field_path(tuple(err.get("loc", ()))), "message": err.get("msg", "")})
    first = errors[0] if errors else {"field": "body", "message": "invalid request"}
    return problem(
        422,
        "Invalid request",
        f"{first['field']}: {first['message']}",
        field=first["field"],
        errors=errors,
    )


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    titles = {404: "Not found", 405: "Method not allowed", 413: "Request body too large",
              401: "Unauthorized", 403: "Forbidden", 429: "Too many requests", 503: "Not ready"}
    detail = exc.detail if isinstance(exc.detail, str) else titles.get(exc.status_code, "Error")
    resp = problem(exc.status_code, titles.get(exc.status_code, "Error"), detail)
    for k, v in (exc.headers or {}).items():
        resp.headers[k] = v
    return resp


async def _value_error(request: Request, exc: ValueError) -> JSONResponse:
    # coach raises ValueError subclasses with messages written for the caller (no user text).
    return problem(422, "Invalid request", str(exc), field=getattr(exc, "field", "body"))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    request_id = getattr(request.state, "request_id", None)
    log.error("unhandled %s on %s", type(exc).__name__, request.url.path)
    return problem(500, "Internal server error",
                   "The coach failed unexpectedly; quote the request id when reporting it.",
                   request_id=request_id)


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on `app`."""
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(ValueError, _value_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
