"""Body size (413, declared or chunked), field limits (422) and CORS (closed by default)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from tests.support.api import make_client

LIMIT = 64 * 1024


def test_declared_oversize_body_is_413_before_reading(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    r = client.post("/v1/test/echo", content=b"x" * (LIMIT + 1),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Request body too large"


def test_chunked_oversize_body_without_content_length_is_413(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(80):
            yield b"a" * 1024
        yield b'"}'

    r = client.post("/v1/test/echo", content=chunks(), headers={"content-type": "application/json"})
    assert r.request.headers.get("content-length") is None  # really chunked
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["x-request-id"]


def test_body_just_under_the_limit_is_read_and_validated(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    body = json.dumps({"text": "a" * (LIMIT - 100)}).encode()
    assert len(body) < LIMIT
    r = client.post("/v1/test/echo", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422  # within the body limit, over the 4000-character field limit
    assert r.json()["field"] == "text"


def test_limit_is_a_setting(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path, max_body_bytes=2048)
    r = client.post("/v1/test/echo", json={"text": "a" * 3000})
    assert r.status_code == 413


def test_upload_route_has_its_own_limit(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    big = json.dumps({"text": "a" * (LIMIT * 2)}).encode()
    r = client.post("/v1/knowledge/documents", content=big,
                    headers={"content-type": "application/json"})
    assert r.status_code != 413
    r = client.post("/v1/knowledge/documents", content=b"a" * (4 * 1024 * 1024 + 1),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_field_limits_422(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    assert client.post("/v1/test/echo", json={"text": ""}).status_code == 422
    assert client.post("/v1/test/echo", json={"text": "a" * 4001}).status_code == 422
    assert client.post("/v1/test/echo", json={"text": "a" * 4000}).status_code == 200


def test_cors_closed_by_default(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    r = client.get("/v1/ping", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/v1/ping", headers={"Origin": "https://evil.example",
                                            "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_allow_list(tmp_path: Path) -> None:
    client, keys = make_client(tmp_path, cors_origins="https://hr.example", keys={"c": "coach"})
    pre = client.options("/v1/ping", headers={"Origin": "https://hr.example",
                                              "Access-Control-Request-Method": "GET",
                                              "Access-Control-Request-Headers": "authorization"})
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "https://hr.example"
    r = client.get("/v1/ping", headers={"Origin": "https://hr.example", "X-API-Key": keys["c"]})
    assert r.headers["access-control-allow-origin"] == "https://hr.example"
    assert "x-request-id" in r.headers["access-control-expose-headers"].lower()
    # A refusal still carries CORS headers, so the browser app can read the problem.
    r = client.get("/v1/ping", headers={"Origin": "https://hr.example"})
    assert r.status_code == 401 and r.headers["access-control-allow-origin"] == "https://hr.example"
    r = client.get("/v1/ping", headers={"Origin": "https://evil.example", "X-API-Key": keys["c"]})
    assert "access-control-allow-origin" not in r.headers


def test_limits_count_trimmed_characters_and_offsets_index_the_text_as_sent(tmp_path: Path
                                                                            ) -> None:
    client, _ = make_client(tmp_path)
    padded = "\n  " + "a" * 4000 + " \u2028"
    assert client.post("/v1/feedback/analyze", json={"text": padded}).status_code == 200
    r = client.post("/v1/feedback/analyze", json={"text": "a" * 4001})
    assert r.status_code == 422 and r.json()["detail"] == (
        "text: must be at most 4000 characters after trimming")
    for text in ("   Du er doven", "\u2028Du er altid doven\u2028", "\t\nYou never listen  ",
                 "\u3000Du er ligeglad"):
        body = client.post("/v1/feedback/analyze", json={"text": text}).json()
        assert body["findings"], text
        for f in body["findings"]:
            assert text[f["start"]:f["end"]] == f["excerpt"], (text, f)


def test_schema_declares_only_limits_that_hold_as_written(tmp_path: Path) -> None:
    # maxLength counts untrimmed characters, the contract's limits trimmed ones: a text field
    # carries its limit as x-trimmed-max-length, never as a maxLength a padded text exceeds.
    client, _ = make_client(tmp_path)
    schema = client.get("/openapi.json").json()

    def walk(node: object) -> Iterator[dict[str, object]]:
        if isinstance(node, dict):
            yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    trimmed = [n for n in walk(schema) if "x-trimmed-max-length" in n]
    assert len(trimmed) >= 8  # text, goal, context, q and the names of every request
    for node in trimmed:
        assert "maxLength" not in node and node["minLength"] == 1, node
    analyze = schema["components"]["schemas"]["FeedbackAnalyzeRequest"]["properties"]
    assert analyze["text"]["x-trimmed-max-length"] == 4000
    assert analyze["names"]["maxItems"] == 20
    assert analyze["names"]["items"]["x-trimmed-max-length"] == 100
