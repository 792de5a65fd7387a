"""API keys: none, wrong, wrong scope and right; open mode; required mode; CLI; revocation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import coach.apikeys as apikeys
from api.app import create_app
from api.security import AuthConfigError
from cli.app import app as cli
from coach.apikeys import KeyStore, hash_key, parse_env_hashes
from coach.errors import ApiKeyError
from tests.support.api import make_client, settings_for

KEYS = {"coach": "coach", "admin": "admin"}


def test_no_keys_means_open(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    assert client.get("/v1/ping").status_code == 200


def test_missing_key_is_401_problem_with_challenge(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path, keys=KEYS)
    r = client.get("/v1/ping")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"].startswith("Bearer")
    body = r.json()
    assert body["status"] == 401 and body["title"] == "Unauthorized" and body["request_id"]


@pytest.mark.parametrize("headers", [
    {"Authorization": "Bearer mcoach_wrong"},
    {"X-API-Key": "mcoach_wrong"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "Bearer "},
])
def test_wrong_key_is_401(tmp_path: Path, headers: dict[str, str]) -> None:
    client, _ = make_client(tmp_path, keys=KEYS)
    r = client.get("/v1/ping", headers=headers)
    assert r.status_code == 401
    assert "www-authenticate" in r.headers


def test_right_key_in_either_header(tmp_path: Path) -> None:
    client, keys = make_client(tmp_path, keys=KEYS)
    assert client.get("/v1/ping", headers={"Authorization": f"Bearer {keys['coach']}"}
                      ).status_code == 200
    assert client.get("/v1/ping", headers={"X-API-Key": keys["coach"]}).status_code == 200
    assert client.get("/v1/ping", headers={"authorization": f"bearer {keys['admin']}"}
                      ).status_code == 200  # admin implies coach; scheme is case-insensitive


def test_coach_key_on_admin_route_is_403(tmp_path: Path) -> None:
    client, keys = make_client(tmp_path, keys=KEYS)
    r = client.get("/v1/knowledge/documents", headers={"X-API-Key": keys["coach"]})
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    assert "admin" in r.json()["detail"]
    r = client.get("/v1/knowledge/documents", headers={"X-API-Key": keys["admin"]})
    assert r.status_code not in (401, 403)


def test_unknown_paths_need_a_key_too(tmp_path: Path) -> None:
    # Closed by default: a route added later cannot forget authentication.
    client, keys = make_client(tmp_path, keys=KEYS)
    assert client.get("/v1/nothing-here").status_code == 401
    assert client.get("/v1/nothing-here", headers={"X-API-Key": keys["coach"]}).status_code == 404


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/docs", "/openapi.json", "/metrics"])
def test_operational_paths_stay_open(tmp_path: Path, path: str) -> None:
    client, _ = make_client(tmp_path, keys=KEYS)
    assert client.get(path).status_code in (200, 503)


def test_metrics_can_require_admin(tmp_path: Path) -> None:
    client, keys = make_client(tmp_path, keys=KEYS, metrics_public=False)
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"X-API-Key": keys["coach"]}).status_code == 403
    assert client.get("/metrics", headers={"X-API-Key": keys["admin"]}).status_code == 200


def test_require_auth_without_keys_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(AuthConfigError, match="mus-coach keys create"):
        create_app(settings_for(tmp_path, require_auth=True))


def test_env_hashes(tmp_path: Path) -> None:
    key = apikeys.new_key()
    client, _ = make_client(tmp_path, api_key_hashes=f"admin:{hash_key(key)}")
    assert client.get("/v1/ping").status_code == 401
    assert client.get("/v1/ping", headers={"X-API-Key": key}).status_code == 200
    assert parse_env_hashes(f" {hash_key(key)} ")[0].scope == "coach"
    with pytest.raises(ApiKeyError, match="scope"):
        parse_env_hashes(f"root:{hash_key(key)}")
    with pytest.raises(ApiKeyError, match="hex"):
        parse_env_hashes("admin:not-a-hash")


def test_revocation_and_late_keys_apply_while_running(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apikeys, "_RELOAD_SECONDS", 0.0)
    client, _ = make_client(tmp_path)
    assert client.get("/v1/ping").status_code == 200  # open
    store = KeyStore(settings_for(tmp_path))
    record, key = store.create("coach", "late")
    assert client.get("/v1/ping").status_code == 401  # keys appeared: enforced
    assert client.get("/v1/ping", headers={"X-API-Key": key}).status_code == 200
    store.revoke(record.id)
    # Revoking the last key locks the service; it does not fall back to open.
    assert client.get("/v1/ping", headers={"X-API-Key": key}).status_code == 401
    assert client.get("/v1/ping").status_code == 401


def test_store_keeps_only_hashes(tmp_path: Path) -> None:
    store = KeyStore(settings_for(tmp_path))
    record, key = store.create("admin", "ops")
    text = store.path.read_text()
    assert key not in text and hash_key(key) in text
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"
    assert store.verify(key) == record and store.verify(key + "x") is None


def test_cli_create_list_revoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    created = runner.invoke(cli, ["keys", "create", "--scope", "admin", "--name", "hr-portal"])
    assert created.exit_code == 0, created.output
    key = created.stdout.splitlines()[0]
    assert key.startswith("mcoach_")
    listed = runner.invoke(cli, ["keys", "list"])
    assert "admin" in listed.stdout and "hr-portal" in listed.stdout and key not in listed.stdout
    rows = json.loads(runner.invoke(cli, ["keys", "list", "--json"]).stdout)
    assert [(r["scope"], r["name"]) for r in rows] == [("admin", "hr-portal")]
    assert key not in str(rows) and "hash" not in rows[0]
    assert runner.invoke(cli, ["keys", "revoke", rows[0]["id"]]).exit_code == 0
    assert json.loads(runner.invoke(cli, ["keys", "list", "--json"]).stdout) == []
    bad = runner.invoke(cli, ["keys", "create", "--scope", "root"])
    assert bad.exit_code == 2 and "scope" in bad.stderr
    assert runner.invoke(cli, ["keys", "revoke", "nope"]).exit_code == 2


def test_revoking_the_last_key_stays_locked_after_a_restart(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)  # COACH_REQUIRE_AUTH unset
    store = KeyStore(settings)
    record, key = store.create("admin", "only")
    store.revoke(record.id)
    assert store.locked and not store.configured
    client, _ = make_client(tmp_path)  # a fresh process on the same data dir
    for path in ("/v1/ping", "/v1/knowledge/documents"):
        r = client.get(path)
        assert r.status_code == 401, path
        assert "locked" in r.json()["detail"] and "keys create" in r.json()["detail"]
    assert client.get("/v1/ping", headers={"X-API-Key": key}).status_code == 401
    assert client.get("/healthz").status_code == 200
    # The revoked key stays as a tombstone: it is listed nowhere and never matches.
    assert store.keys() == [] and store.verify(key) is None
    assert record.id in store.path.read_text()
    with pytest.raises(ApiKeyError):
        store.revoke(record.id)
    assert "delete" in store.reopen_hint() and str(store.path) in store.reopen_hint()


def test_reopening_a_locked_service_is_deliberate(tmp_path: Path) -> None:
    store = KeyStore(settings_for(tmp_path))
    store.revoke(store.create("coach")[0].id)
    _, fresh = store.create("coach", "new")  # either a new key ...
    client, _ = make_client(tmp_path)
    assert client.get("/v1/ping", headers={"X-API-Key": fresh}).status_code == 200
    store.path.unlink()  # ... or deleting the key file, tombstones and all
    client, _ = make_client(tmp_path)
    assert client.get("/v1/ping").status_code == 200


@pytest.mark.parametrize("headers", [
    [("authorization", "Bearer mcoach_wrong"), ("authorization", "Bearer {coach}")],
    [("authorization", "Bearer {coach}"), ("authorization", "Bearer {coach}")],
    [("x-api-key", "{coach}"), ("x-api-key", "mcoach_wrong")],
])
def test_duplicate_credential_headers_are_400(tmp_path: Path,
                                              headers: list[tuple[str, str]]) -> None:
    client, keys = make_client(tmp_path, keys=KEYS)
    sent = [(k, v.format(coach=keys["coach"])) for k, v in headers]
    r = client.get("/v1/ping", headers=sent)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "once" in r.json()["detail"] and keys["coach"] not in r.text
    assert client.get("/v1/ping", headers=sent[-1:]).status_code in (200, 401)


def test_docs_carry_the_pages_security_headers(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    for path in ("/docs", "/docs/oauth2-redirect"):
        r = client.get(path)
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp.split(";")[1]
        assert "'sha256-" in csp  # the page's own inline script, by hash, and nothing else
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
