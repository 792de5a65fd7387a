"""The OpenAPI document: committed snapshot, examples in both languages, security, problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from api.examples import QUERY_EXAMPLES, REQUEST_EXAMPLES, load_responses
from scripts.update_openapi import SNAPSHOT, snapshot_schema
from tests.support.api import make_client

FIX = "run `python scripts/update_openapi.py` and commit api/openapi.json"


@pytest.fixture(scope="module")
def live() -> dict[str, Any]:
    return snapshot_schema()


def _changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    changed = [f"paths.{p}" for p in sorted(old["paths"].keys() | new["paths"].keys())
               if old["paths"].get(p) != new["paths"].get(p)]
    schemas = old.get("components", {}).get("schemas", {}), new["components"]["schemas"]
    changed += [f"schemas.{s}" for s in sorted(schemas[0].keys() | schemas[1].keys())
                if schemas[0].get(s) != schemas[1].get(s)]
    return changed or ["(top level)"]


def test_snapshot_matches_live_schema(live: dict[str, Any]) -> None:
    committed = json.loads(SNAPSHOT.read_text("utf-8"))
    assert committed == live, (f"The API schema changed without its snapshot ({FIX}); "
                               f"differs at: {', '.join(_changed(committed, live))}")


def test_openapi_json_is_served_and_is_3_1(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"bearer", "apiKey"} <= schema["components"]["securitySchemes"].keys()


def test_docs_page_works_offline(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)
    html = client.get("/docs").text
    assert "cdn." not in html and "https://" not in html
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
        assert asset in html
        assert client.get(asset).status_code == 200


def test_every_operation_declares_scope_and_problems(live: dict[str, Any]) -> None:
    for path, item in live["paths"].items():
        for method, op in item.items():
            codes = op["responses"].keys()
            assert "500" in codes, (method, path)
            if path.startswith("/v1/"):
                assert op["security"] and {"401", "403", "429"} <= codes, (method, path)
                assert op["x-required-scope"] == ("admin" if "knowledge" in path else "coach")
            else:
                assert "security" not in op, (method, path)
            for code, response in op["responses"].items():
                if code[0] in "45" and (path, code) != ("/readyz", "503"):  # contract body
                    assert "application/problem+json" in response["content"], (method, path, code)
    assert "HTTPValidationError" not in live["components"]["schemas"]


def test_every_v1_operation_has_danish_and_english_examples(live: dict[str, Any]) -> None:
    for path, item in live["paths"].items():
        if not path.startswith("/v1/") or path == "/v1/ping":
            continue
        for method, op in item.items():
            ok = next(c for c in op["responses"] if c.startswith("2"))
            response = op["responses"][ok]["content"]["application/json"]
            names = set(response.get("examples", {}))
            assert names & {"da", "both"} and names & {"en", "both"}, (method, path, names)
            if "requestBody" in op:
                body = op["requestBody"]["content"]["application/json"]["examples"]
                assert {"da", "en"} <= body.keys(), (method, path)
            elif method == "get" and op.get("parameters"):
                q = next(p for p in op["parameters"] if p["required"])
                assert {"da", "en"} <= q["examples"].keys(), (method, path)


def test_response_examples_match_their_schemas(live: dict[str, Any]) -> None:
    recorded = load_responses()
    assert recorded, FIX
    for key, entry in recorded.items():
        method, path = key.split(" ", 1)
        response = live["paths"][path][method.lower()]["responses"][str(entry["status"])]
        schema = {**response["content"]["application/json"]["schema"],
                  "components": live["components"]}
        for name, value in entry["examples"].items():
            try:
                jsonschema.Draft202012Validator(schema).validate(value)
            except jsonschema.ValidationError as exc:
                pytest.fail(f"{key} example {name!r} does not match its schema: {exc.message}")


def test_request_examples_are_accepted(tmp_path: Path) -> None:
    from coach.service import build_coach

    client, keys = make_client(tmp_path, keys={"admin": "admin"})
    app = client.app
    app.state.coach = build_coach(app.state.settings)  # type: ignore[attr-defined]
    client = TestClient(app, headers={"X-API-Key": keys["admin"]})
    for (method, path), examples in REQUEST_EXAMPLES.items():
        for name, example in examples.items():
            r = client.request(method, path, json=example["value"])
            assert r.status_code in (200, 201), (method, path, name, r.text[:300])
    for (method, path), by_name in QUERY_EXAMPLES.items():
        for name, params in by_name.items():
            r = client.request(method, path, params=params)
            assert r.status_code == 200 and r.json()["results"], (method, path, name)
