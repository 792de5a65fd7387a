"""JSON logs: one object per line with a request id; never any request or response text."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from tests.support.api import make_client

MARKER = "Karen Sørensen kommer altid for sent"


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_log_lines_are_json_with_request_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    client, _ = make_client(tmp_path)
    client.post("/v1/test/echo", json={"text": "hej"}, headers={"X-Request-ID": "log-1"})
    lines = _lines(capsys.readouterr().out)
    access = [ln for ln in lines
              if ln["logger"] == "api.access" and ln.get("request_id") == "log-1"]
    assert access, lines
    assert access[0]["route"] == "/v1/test/echo" and access[0]["status"] == 200
    assert {"ts", "level", "msg", "method", "duration_ms"} <= access[0].keys()


def test_no_log_line_carries_request_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    client, keys = make_client(tmp_path, keys={"a": "coach"})
    # Client-side loggers would log our own test URLs; only the service's lines matter here.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    key = {"X-API-Key": keys["a"]}
    client.post("/v1/test/echo", json={"text": MARKER}, headers=key)  # 200
    client.post("/v1/test/echo", json={"text": MARKER * 300}, headers=key)  # 422
    client.post("/v1/test/echo", content=MARKER.encode() * 5000, headers=key)  # 413
    client.post("/v1/test/echo", json={"text": MARKER})  # 401
    client.get("/v1/test/boom", params={"q": MARKER}, headers=key)  # 500
    client.get(f"/v1/{MARKER}", headers=key)  # 404
    client.get("/v1/ping", params={"q": MARKER}, headers={"X-Request-ID": "x" * 300, **key})
    out = capsys.readouterr().out
    lines = _lines(out)
    assert any(ln.get("status") == 500 for ln in lines)
    assert any("exc" in ln and "RuntimeError" in str(ln["exc"]) for ln in lines)
    for fragment in ("Karen", "Sørensen", "S\\u00f8rensen", "altid for sent", "Karen%20"):
        assert fragment not in out, [ln for ln in lines if fragment in json.dumps(ln)]



def test_feature_endpoints_log_no_request_text(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from coach.service import build_coach
    from tests.support.api import settings_for

    settings = settings_for(tmp_path)
    client = TestClient(create_app(settings, coach=build_coach(settings)),
                        raise_server_exceptions=False)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    text = f"{MARKER} og er doven"
    calls = [
        ("POST", "/v1/feedback/analyze", {"text": text, "names": ["Karen"]}),
        ("POST", "/v1/feedback/rephrase", {"text": text, "context": MARKER, "names": ["Karen"]}),
        ("POST", "/v1/goals/check", {"goal": f"{MARKER} skal blive bedre", "context": MARKER}),
        ("POST", "/v1/prep/questions", {"role": "manager", "context": MARKER}),
        ("POST", "/v1/feedback/analyze", {"text": MARKER * 300}),  # 422
    ]
    for method, path, body in calls:
        assert client.request(method, path, json=body).status_code in (200, 422)
    assert client.get("/v1/guidance/search", params={"q": MARKER}).status_code == 200
    out = capsys.readouterr().out
    assert '"route": "/v1/goals/check"' in out  # the service did log these requests
    for fragment in ("Karen", "Sørensen", "S\\u00f8rensen", "altid for sent", "doven"):
        assert fragment not in out, [ln for ln in out.splitlines() if fragment in ln][:3]
