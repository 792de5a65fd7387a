"""Helpers for the tests/api/test_*.py files: an app on a temp data dir plus test-only routes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Body, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from api.app import create_app
from coach.apikeys import KeyStore
from coach.service import Coach
from coach.settings import Settings, get_settings


class EchoIn(BaseModel):
    """A body with a contract-sized field, for limit tests."""

    text: str = Field(min_length=1, max_length=4000)


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings on a temp data dir with the fast lexical index and no rate limit by default."""
    values: dict[str, Any] = {"data_dir": tmp_path / "data", "embedding": "bm25",
                              "rate_limit": "off", "log_level": "DEBUG"}
    values.update(overrides)
    return get_settings(**values)


def add_test_routes(app: FastAPI) -> None:
    """`POST /v1/test/echo` (validated body) and `GET /v1/test/boom` (raises with user text)."""

    async def echo(body: EchoIn = Body(...)) -> dict[str, int]:  # noqa: B008 (FastAPI idiom)
        return {"length": len(body.text)}

    async def boom(q: str = "") -> dict[str, str]:
        raise RuntimeError(f"failed on {q}")

    app.add_api_route("/v1/test/echo", echo, methods=["POST"])
    app.add_api_route("/v1/test/boom", boom, methods=["GET"])


def make_client(tmp_path: Path, *, keys: dict[str, str] | None = None,
                **overrides: Any) -> tuple[TestClient, dict[str, str]]:
    """A client for an app with test routes; `keys` maps a name to a scope to create first.

    Returns the client and the created keys by name. The coach is not loaded (no index), so
    only routes that do not need it answer 200.
    """
    settings = settings_for(tmp_path, **overrides)
    created: dict[str, str] = {}
    for name, scope in (keys or {}).items():
        _, created[name] = KeyStore(settings).create(scope, name)
    app = create_app(settings, coach=Coach(settings=settings))
    add_test_routes(app)
    return TestClient(app, raise_server_exceptions=False), created
