"""Regenerate the committed OpenAPI snapshot `api/openapi.json` from the live app.

Also re-records the response examples (`api/examples_responses.json`): every request example in
`api/examples.py` is sent to an in-process app on the embedded defaults (rules engine, offline
index in a temporary data directory) and its answer is stored. `--keep-responses` skips that
(faster; use it when only routes or models changed).

    python scripts/update_openapi.py [--keep-responses]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SNAPSHOT = ROOT / "api" / "openapi.json"
# Pinned so the recording never reaches a model server or a shared Chroma from the environment.
OFFLINE = {"llm_base_url": None, "azure_openai_endpoint": None, "chroma_url": None,
           "rate_limit": "off", "log_level": "WARNING", "api_key_hashes": None,
           "api_keys_file": None, "metrics_public": True}


def snapshot_schema() -> dict[str, Any]:
    """The schema of an app on default settings (what /openapi.json serves)."""
    from api.app import create_app
    from coach.service import Coach
    from coach.settings import get_settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings(data_dir=Path(tmp), **OFFLINE)
        return create_app(settings, coach=Coach(settings=settings)).openapi()


def record_responses() -> dict[str, dict[str, Any]]:
    """Send every request example to the app and keep the answers."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.examples import QUERY_EXAMPLES, REQUEST_EXAMPLES
    from coach.apikeys import KeyStore
    from coach.service import build_coach
    from coach.settings import get_settings

    recorded: dict[str, dict[str, Any]] = {}

    def keep(method: str, path: str, name: str, response: Any) -> Any:
        if response.status_code >= 300:
            raise SystemExit(f"{method} {path} example {name!r}: {response.status_code} "
                             f"{response.text[:300]}")
        entry = recorded.setdefault(f"{method} {path}", {"status": response.status_code,
                                                          "examples": {}})
        entry["examples"][name] = response.json()
        return response.json()

    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings(data_dir=Path(tmp), **OFFLINE)
        key = KeyStore(settings).create("admin", "examples")[1]
        app = create_app(settings, coach=build_coach(settings))
        client = TestClient(app, headers={"Authorization": f"Bearer {key}"})
        for path, name in (("/healthz", "ok"), ("/readyz", "ready"), ("/v1/ping", "ok")):
            keep("GET", path, name, client.get(path))
        for (method, path), by_name in QUERY_EXAMPLES.items():
            for name, params in by_name.items():
                keep(method, path, name, client.request(method, path, params=params))
        docs: dict[str, str] = {}
        for (method, path), examples in REQUEST_EXAMPLES.items():
            for name, example in examples.items():
                answer = keep(method, path, name,
                              client.request(method, path, json=example["value"]))
                if path == "/v1/knowledge/documents":
                    docs[name] = answer["id"]
        keep("GET", "/v1/knowledge/documents", "both", client.get("/v1/knowledge/documents"))
        for name, doc_id in docs.items():
            keep("DELETE", "/v1/knowledge/documents/{doc_id}", name,
                 client.delete(f"/v1/knowledge/documents/{doc_id}"))
    return recorded


def main() -> None:
    """Write the response examples (unless kept) and the snapshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-responses", action="store_true",
                        help="Do not re-record the response examples.")
    args = parser.parse_args()
    from api.examples import RESPONSES_FILE

    if not args.keep_responses:
        data = record_responses()
        RESPONSES_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"recorded {sum(len(v['examples']) for v in data.values())} response examples "
              f"in {RESPONSES_FILE.relative_to(ROOT)}")
    schema = snapshot_schema()
    SNAPSHOT.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)} ({len(schema['paths'])} paths)")


if __name__ == "__main__":
    main()
