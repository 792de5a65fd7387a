"""Every error is application/problem+json (RFC 9457) with a request id and no user text."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

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


# Bad requests across every endpoint: (method, path, kwargs for the client, the field named).
BAD = [
    ("POST", "/v1/feedback/analyze", {"content": b'{"text": "Du er doven",,}'}, "body"),
    ("POST", "/v1/feedback/analyze", {"content": b"[1, 2]"}, "body"),
    ("POST", "/v1/feedback/analyze", {"json": {"text": "   "}}, "text"),
    ("POST", "/v1/feedback/analyze", {"json": {"text": ""}}, "text"),
    ("POST", "/v1/feedback/analyze", {"json": {"text": "a" * 4001}}, "text"),
    ("POST", "/v1/feedback/analyze", {"json": {"text": 5}}, "text"),
    ("POST", "/v1/feedback/analyze", {"json": {}}, "text"),
    ("POST", "/v1/feedback/analyze", {"json": {"text": "hej", "language": "de"}}, "language"),
    ("POST", "/v1/feedback/analyze", {"json": {"text": "hej", "names": "Mette"}}, "names"),
    ("POST", "/v1/feedback/analyze", {"json": {"text": "hej", "names": ["a"] * 21}}, "names"),
    ("POST", "/v1/feedback/analyze", {"json": {"text": "hej", "names": ["ok", " "]}},
     "names[1]"),
    ("POST", "/v1/feedback/rephrase", {"json": {"text": "hej", "context": " "}}, "context"),
    ("POST", "/v1/feedback/rehearse", {"json": {"feedback": " "}}, "feedback"),
    ("POST", "/v1/feedback/rehearse", {"json": {"feedback": "hej", "persona": "angry"}}, "persona"),
    ("POST", "/v1/feedback/rehearse",
     {"json": {"feedback": "hej", "history": [{"role": "boss", "text": "hej"}]}},
     "history[0].role"),
    ("POST", "/v1/feedback/rehearse",
     {"json": {"feedback": "hej", "history": [{"role": "manager", "text": ""}]}},
     "history[0].text"),
    ("POST", "/v1/feedback/rehearse",
     {"json": {"feedback": "hej", "history": [{"role": "manager", "text": "hej"}] * 21}},
     "history"),
    ("POST", "/v1/goals/check", {"json": {"goal": "x", "today": "tomorrow"}}, "today"),
    ("POST", "/v1/goals/check", {"json": {"goal": "x", "today": "2031-02-30"}}, "today"),
    ("POST", "/v1/goals/check", {"json": {"goal": "x", "today": 1700000000}}, "today"),
    ("POST", "/v1/goals/check", {"json": {"goal": None}}, "goal"),
    ("POST", "/v1/prep/questions", {"json": {"role": "boss"}}, "role"),
    ("POST", "/v1/prep/questions", {"json": {"role": "manager", "count": 0}}, "count"),
    ("POST", "/v1/prep/questions", {"json": {"role": "manager", "count": "many"}}, "count"),
    ("POST", "/v1/prep/questions", {"json": {"role": "manager", "topics": ["x"]}}, "topics"),
    ("POST", "/v1/prep/questions", {"json": {"role": "manager", "topics": "feedback"}},
     "topics"),
    ("GET", "/v1/guidance/search", {"params": {"q": "  "}}, "q"),
    ("GET", "/v1/guidance/search", {"params": {}}, "q"),
    ("GET", "/v1/guidance/search", {"params": {"q": "x", "k": "abc"}}, "k"),
    ("GET", "/v1/guidance/search", {"params": {"q": "x", "k": 21}}, "k"),
    ("GET", "/v1/guidance/search", {"params": {"q": "x", "topic": "nope"}}, "topic"),
    ("GET", "/v1/guidance/search", {"params": {"q": "x", "audience": "all"}}, "audience"),
    ("POST", "/v1/knowledge/documents",
     {"json": {"text": "Vores politik.", "topic": "nope", "audience": "both"}}, "topic"),
    ("POST", "/v1/knowledge/documents",
     {"files": {"file": ("p.md", b"Vores politik.")},
      "data": {"topic": "nope", "audience": "both"}}, "topic"),
    ("POST", "/v1/knowledge/documents",
     {"json": {"text": "Vores politik.", "topic": "feedback", "audience": "alle"}}, "audience"),
    ("POST", "/v1/knowledge/documents", {"content": b'{"text": '}, "body"),
    ("POST", "/v1/knowledge/documents",  # the store says "file"; a JSON body has "text"
     {"json": {"text": "   ", "topic": "feedback", "audience": "both"}}, "text"),
    ("POST", "/v1/knowledge/documents",
     {"files": {"file": ("p.md", b"  ")}, "data": {"topic": "feedback", "audience": "both"}},
     "file"),
    ("POST", "/v1/knowledge/documents", {"data": {"topic": "feedback", "audience": "both"},
                                         "files": {"other": ("p.md", b"x")}}, "file"),
]
# Framework phrasings that must never reach a caller.
PYDANTIC = ("Value error", "Input should", "String should", "Field required", "JSON decode",
            "List should", "valid dictionary", "validation error")


def _ready_client(tmp_path: Path) -> TestClient:
    from coach.service import load_retriever

    client, keys = make_client(tmp_path, keys={"admin": "admin"})
    load_retriever(client.app.state.coach)  # type: ignore[attr-defined]
    client.headers["X-API-Key"] = keys["admin"]
    return client


def test_every_422_names_a_real_field_and_the_fix(tmp_path: Path) -> None:
    from coach.limits import BLANK

    client = _ready_client(tmp_path)
    for method, path, kwargs, field in BAD:
        if "content" in kwargs:
            kwargs = {**kwargs, "headers": {"content-type": "application/json"}}
        r = client.request(method, path, **kwargs)  # type: ignore[arg-type]
        body = _is_problem(r, 422)
        assert body["field"] == field, (path, kwargs, body)
        message = body["errors"][0]["message"]
        assert body["detail"] == f"{field}: {message}", body
        assert not any(p in str(body) for p in PYDANTIC), body
        assert len(message.split()) >= 2, body  # says what to do, not a bare word
        if path != "/v1/knowledge/documents" and kwargs.get("json", {}).get("text") in ("", "   "):
            assert message == BLANK  # the CLI's wording, word for word


def test_malformed_json_names_body_and_gives_the_offset(tmp_path: Path) -> None:
    client = _ready_client(tmp_path)
    r = client.post("/v1/feedback/analyze", content=b'{"text": "abc",,}',
                    headers={"content-type": "application/json"})
    body = _is_problem(r, 422)
    assert body["field"] == "body" and "character 15" in body["detail"]
    assert "not valid JSON" in body["detail"] and "abc" not in str(body)


def test_the_same_rule_reads_the_same_over_http_and_cli(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.app import app as cli

    env = {"COACH_DATA_DIR": str(tmp_path / "cli"), "COACH_EMBEDDING": "bm25"}
    client = _ready_client(tmp_path)
    cases = [
        (["feedback", "   ", "--analyze-only"], ("POST", "/v1/feedback/analyze",
                                                  {"json": {"text": "   "}})),
        (["feedback", "hej", "--analyze-only", "--language", "de"],
         ("POST", "/v1/feedback/analyze", {"json": {"text": "hej", "language": "de"}})),
        (["goal", "x", "--today", "tomorrow", "--no-sources"],
         ("POST", "/v1/goals/check", {"json": {"goal": "x", "today": "tomorrow"}})),
        (["prep", "--role", "boss"], ("POST", "/v1/prep/questions", {"json": {"role": "boss"}})),
        (["prep", "--role", "manager", "--count", "31"],
         ("POST", "/v1/prep/questions", {"json": {"role": "manager", "count": 31}})),
        (["search", "x", "-k", "21"], ("GET", "/v1/guidance/search",
                                       {"params": {"q": "x", "k": 21}})),
        (["search", "x", "--topic", "nope"], ("GET", "/v1/guidance/search",
                                              {"params": {"q": "x", "topic": "nope"}})),
    ]
    for args, (method, path, kwargs) in cases:
        api = client.request(method, path, **kwargs).json()  # type: ignore[arg-type]
        line = CliRunner().invoke(cli, args, env=env).stderr.strip()
        message = api["errors"][0]["message"]
        assert line.endswith(message), (args, line, message)
