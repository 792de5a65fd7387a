"""Dependencies shared by the routes (`Annotated[..., Depends]` aliases)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from coach.knowledge.orgdocs import OrgStore
from coach.knowledge.orgdocs_server import open_org_store
from coach.service import Coach
from coach.settings import Settings

# The dependencies that only read app state are `async def`: FastAPI runs a plain `def`
# dependency on its thread pool, and that hop cost more than the goal check's own rules under
# load (docs/load.md). Only one that may do I/O (opening the org store) stays a `def`.


def _app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_coach(request: Request) -> Coach:
    """The coach built at startup."""
    coach: Coach = request.app.state.coach
    return coach


async def get_ready_coach(request: Request) -> Coach:
    """The coach, or 503 while the knowledge index is still loading."""
    coach = await get_coach(request)
    if not coach.ready:
        raise HTTPException(503, "The knowledge index is still loading; retry shortly.",
                            headers={"Retry-After": "2"})
    return coach


async def get_app_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return _app_settings(request)


def get_org_store(request: Request) -> OrgStore:
    """The organisation document store (one per app; shared storage in server mode)."""
    store: OrgStore | None = getattr(request.app.state, "org_store", None)
    if store is None:
        store = request.app.state.org_store = open_org_store(_app_settings(request))
    return store


CoachDep = Annotated[Coach, Depends(get_coach)]
ReadyCoachDep = Annotated[Coach, Depends(get_ready_coach)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
OrgStoreDep = Annotated[OrgStore, Depends(get_org_store)]
