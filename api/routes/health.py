"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import CoachDep

router = APIRouter(tags=["operations"])


class Status(BaseModel):
    """A process state."""

    status: str


@router.get("/healthz", response_model=Status)
async def healthz() -> dict[str, str]:
    """200 while the process runs."""
    return {"status": "ok"}


@router.get("/readyz", response_model=Status, responses={
    503: {"description": "Knowledge index not loaded yet", "model": Status}})
async def readyz(coach: CoachDep) -> JSONResponse:
    """200 once the knowledge index is loaded, 503 before."""
    if coach.ready:
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "loading"}, status_code=503)


# HEAD too: load balancers and uptime checkers often probe with it (same answer, no body).
router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)
router.add_api_route("/readyz", readyz, methods=["HEAD"], include_in_schema=False)


@router.get("/v1/ping", response_model=Status)
async def ping() -> dict[str, str]:
    """200 when the key works (coach scope); the same middleware path as every feature endpoint."""
    return {"status": "ok"}
