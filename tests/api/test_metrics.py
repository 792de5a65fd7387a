"""/metrics: Prometheus text, route templates (never raw paths or user text), LLM counters."""

from __future__ import annotations

from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.support.api import make_client

SECRET = "Jens Jensen"


def _samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    return [(s.name, s.labels, s.value) for fam in text_string_to_metric_families(text)
            for s in fam.samples]


def test_requests_counted_per_route_template_and_status(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path)

    async def item(item_id: str) -> dict[str, str]:
        return {"id": item_id}

    client.app.add_api_route("/v1/test/items/{item_id}", item, methods=["GET"])  # type: ignore[attr-defined]
    headers = {"X-API-Key": _key(client)}
    client.get(f"/v1/test/items/{SECRET}", headers=headers)
    client.get("/v1/ping", params={"q": SECRET}, headers=headers)
    client.get("/v1/ping")  # 401, refused before routing: still the template
    client.get(f"/v1/{SECRET}", headers=headers)  # 404
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert SECRET not in r.text and SECRET.replace(" ", "%20") not in r.text
    samples = _samples(r.text)
    counts = {(lb["route"], lb["status"]): v for name, lb, v in samples
              if name == "mus_coach_http_requests_total"}
    assert counts[("/v1/test/items/{item_id}", "200")] == 1
    assert counts[("/v1/ping", "200")] == 1
    assert counts[("/v1/ping", "401")] == 1
    assert counts[("unmatched", "404")] == 1
    assert any(name == "mus_coach_http_request_duration_seconds_bucket"
               and lb["route"] == "/v1/ping" for name, lb, _ in samples)


def _key(client) -> str:  # type: ignore[no-untyped-def]
    from coach.apikeys import KeyStore

    store: KeyStore = client.app.state.authenticator.store
    _, key = store.create("coach", "metrics-test")  # open until now: enforced from here on
    return key


def test_llm_and_process_metrics_are_exposed(tmp_path: Path) -> None:
    import coach.llm.backend  # noqa: F401  (registers its counters in the default registry)

    client, _ = make_client(tmp_path)
    names = {fam.name for fam in text_string_to_metric_families(client.get("/metrics").text)}
    assert any("llm" in n for n in names), sorted(names)
    assert "process_resident_memory_bytes" in names


def test_retrieval_latency_is_exposed(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from coach.service import build_coach
    from tests.support.api import settings_for

    settings = settings_for(tmp_path)
    client = TestClient(create_app(settings, coach=build_coach(settings)))
    assert client.get("/v1/guidance/search", params={"q": SECRET + " feedback"}).status_code == 200
    text = client.get("/metrics").text
    counts = [s.value for fam in text_string_to_metric_families(text) for s in fam.samples
              if s.name == "coach_retrieval_search_seconds_count"]
    assert counts and counts[0] >= 1
    assert SECRET not in text
