"""X-Request-ID: honoured when sane, generated otherwise, always echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.api import make_client


def test_generated_when_absent(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    first = client.get("/healthz").headers["x-request-id"]
    second = client.get("/healthz").headers["x-request-id"]
    assert len(first) == 32 and first != second


@pytest.mark.parametrize("rid", ["abc", "0f8b1c2e-6c1d-4c57-9d3e-8f4b3a2c1d0e", "lb:1-5f2a=x/y+z"])
def test_sane_ids_are_echoed(tmp_path: Path, rid: str) -> None:
    client, _ = make_client(tmp_path)
    assert client.get("/v1/ping", headers={"X-Request-ID": rid}).headers["x-request-id"] == rid


@pytest.mark.parametrize("rid", ["a" * 129, "has space", "-leading-dash", "quote\"d", "æøå"])
def test_insane_ids_are_replaced(tmp_path: Path, rid: str) -> None:
    client, _ = make_client(tmp_path)
    r = client.get("/v1/ping", headers={"X-Request-ID": rid.encode("utf-8")})
    assert r.headers["x-request-id"] != rid and len(r.headers["x-request-id"]) == 32


def test_error_responses_carry_the_id_too(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path, keys={"a": "coach"})
    r = client.get("/v1/ping", headers={"X-Request-ID": "trace-401"})
    assert r.status_code == 401
    assert r.headers["x-request-id"] == "trace-401" == r.json()["request_id"]
