"""Per-key rate limits (per client IP when auth is off) answer 429 problem+json with Retry-After."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.ratelimit import RateLimitConfigError
from tests.support.api import make_client


def test_limit_per_key_with_retry_after(tmp_path: Path) -> None:
    client, keys = make_client(tmp_path, rate_limit="3/minute", keys={"a": "coach", "b": "coach"})
    a, b = {"X-API-Key": keys["a"]}, {"X-API-Key": keys["b"]}
    assert [client.get("/v1/ping", headers=a).status_code for _ in range(3)] == [200] * 3
    r = client.get("/v1/ping", headers=a)
    assert r.status_code == 429
    assert r.headers["content-type"] == "application/problem+json"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.json()["status"] == 429
    assert client.get("/v1/ping", headers=b).status_code == 200  # another key, own budget


def test_limit_per_ip_when_open_and_probes_exempt(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path, rate_limit="2/minute")
    assert [client.get("/v1/ping").status_code for _ in range(3)] == [200, 200, 429]
    assert all(client.get("/healthz").status_code == 200 for _ in range(5))


def test_unauthenticated_requests_do_not_spend_a_keys_budget(tmp_path: Path) -> None:
    client, keys = make_client(tmp_path, rate_limit="2/minute", keys={"a": "coach"})
    for _ in range(5):
        assert client.get("/v1/ping").status_code == 401
    assert client.get("/v1/ping", headers={"X-API-Key": keys["a"]}).status_code == 200


def test_multiple_windows(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path, rate_limit="100/second;2/hour")
    codes = [client.get("/v1/ping").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.parametrize("spec", ["lots", "5/fortnight"])
def test_bad_limit_refuses_to_start(tmp_path: Path, spec: str) -> None:
    with pytest.raises(RateLimitConfigError, match="120/minute"):
        make_client(tmp_path, rate_limit=spec)


def test_static_assets_are_not_counted(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path, rate_limit="2/minute")
    for _ in range(4):
        assert client.get("/docs/assets/swagger-ui.css").status_code == 200
    assert client.get("/v1/ping").status_code == 200
