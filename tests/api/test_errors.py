"""Every error is application/problem+json (RFC 9457) with a request id and no user text."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from tests.support.api import make_client

SECRET = "Mette Hansen er doven og ligeglad"


def _is_problem(r, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    assert body["request_id"] == r.headers["x-request-id"]
    return body  # type: ignore[no-any-return]


def test_404_and_405(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    _is_problem(client.get("/v1/nope"), 404)
    r = client.delete("/healthz")
    _is_problem(r, 405)
    assert "GET" in r.headers["allow"]


def test_422_names_the_field_but_never_echoes_input(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    body = _is_problem(client.post("/v1/test/echo", json={"text": SECRET * 200}), 422)
    assert body["field"] == "text"
    assert body["errors"][0]["field"] == "text"
    assert SECRET not in str(body)
    body = _is_problem(client.post("/v1/test/echo", json={}), 422)
    assert body["field"] == "text"
    body = _is_problem(client.post("/v1/test/echo", content=b"{not json",
                                   headers={"content-type": "application/json"}), 422)


def test_500_has_request_id_and_no_internals(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    r = client.get("/v1/test/boom", params={"q": SECRET}, headers={"X-Request-ID": "req-500"})
    body = _is_problem(r, 500)
    assert body["request_id"] == "req-500"
    assert SECRET not in r.text and "RuntimeError" not in r.text and "Traceback" not in r.text


def _raise_from_route(app: FastAPI, exc: Exception) -> None:
    async def fail() -> None:
        raise exc

    app.add_api_route("/v1/test/fail", fail, methods=["GET"])


def test_only_input_errors_are_422_server_faults_are_500(tmp_path: Path) -> None:
    from coach.errors import ConfigError, InputError

    client, _ = make_client(tmp_path)
    _raise_from_route(client.app, InputError("role", "use 'employee' or 'manager'"))  # type: ignore[arg-type]
    body = _is_problem(client.get("/v1/test/fail"), 422)
    assert body["detail"] == "role: use 'employee' or 'manager'" and body["field"] == "role"

    # A deployment fault (a broken template, a bad setting) is never "your input is wrong".
    for fault in (ConfigError("template x needs y"), ValueError(f"invalid literal: {SECRET}")):
        client, _ = make_client(tmp_path)
        _raise_from_route(client.app, fault)  # type: ignore[arg-type]
        r = client.get("/v1/test/fail")
        _is_problem(r, 500)
        assert SECRET not in r.text and "template" not in r.text


def test_405_allow_lists_every_method_of_the_path(tmp_path: Path) -> None:
    # Starlette names only the first route matching the path; GET and POST live on two routes.
    client, _ = make_client(tmp_path)
    r = client.put("/v1/knowledge/documents")
    _is_problem(r, 405)
    assert {m.strip() for m in r.headers["allow"].split(",")} == {"GET", "POST", "HEAD"}
