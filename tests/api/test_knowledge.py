"""Knowledge administration over HTTP: add (JSON or multipart), list, remove; admin scope only."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from coach.apikeys import KeyStore
from coach.knowledge.orgdocs import OrgStore
from coach.service import build_coach
from tests.support.api import settings_for

DOC = """# Sådan holder vi MUS hos Eksempel A/S

Vi holder MUS én gang om året i oktober. Medarbejderen får skabelonen to uger før og bruger en
time på at forberede sig: hvad er gået godt, hvad vil du lære, og hvad skal der til?
Lederen læser sidste års aftaler igennem og tager konkrete eksempler med. Samtalen varer en time
og slutter med højst tre aftaler, som skrives ind i HR-systemet samme uge. Opfølgning sker ved
de månedlige én-til-én-samtaler, hvor vi kigger på aftalerne og justerer dem, hvis noget ændrer
sig. Husk at både medarbejder og leder kan bede om en ekstra samtale, hvis der er brug for det.
"""


@pytest.fixture()
def admin(tmp_path: Path) -> tuple[TestClient, dict[str, str], dict[str, str]]:
    settings = settings_for(tmp_path)
    store = KeyStore(settings)
    admin_key = store.create("admin", "hr")[1]
    coach_key = store.create("coach", "portal")[1]
    app = create_app(settings, coach=build_coach(settings))
    return (TestClient(app, raise_server_exceptions=False),
            {"X-API-Key": admin_key}, {"X-API-Key": coach_key})


def _search(client: TestClient, headers: dict[str, str], q: str) -> list[str]:
    r = client.get("/v1/guidance/search", params={"q": q, "k": 20}, headers=headers)
    assert r.status_code == 200, r.text
    return [hit["id"] for hit in r.json()["results"]]


def test_add_list_search_remove_json(admin: tuple[TestClient, dict[str, str], dict[str, str]],
                                     tmp_path: Path) -> None:
    client, headers, coach_headers = admin
    r = client.post("/v1/knowledge/documents", headers=headers,
                    json={"text": DOC, "topic": "follow-up", "audience": "both"})
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["id"].startswith("org-") and doc["language"] == "da" and doc["passages"] >= 1
    listed = client.get("/v1/knowledge/documents", headers=headers).json()["documents"]
    assert [d["id"] for d in listed] == [doc["id"]]
    assert OrgStore(settings_for(tmp_path)).list()[0].id == doc["id"]  # the CLI's store
    hits = _search(client, coach_headers, "månedlige én-til-én-samtaler Eksempel A/S")
    assert any(h.startswith(doc["id"]) for h in hits)
    r = client.delete(f"/v1/knowledge/documents/{doc['id']}", headers=headers)
    assert r.status_code == 200 and r.json()["id"] == doc["id"]
    assert client.get("/v1/knowledge/documents", headers=headers).json() == {"documents": []}
    hits = _search(client, coach_headers, "månedlige én-til-én-samtaler Eksempel A/S")
    assert not any(h.startswith(doc["id"]) for h in hits)


def test_multipart_upload(admin: tuple[TestClient, dict[str, str], dict[str, str]]) -> None:
    client, headers, _ = admin
    r = client.post("/v1/knowledge/documents", headers=headers,
                    files={"file": ("mus.md", DOC.encode(), "text/markdown")},
                    data={"topic": "follow-up", "audience": "manager", "title": "Vores MUS"})
    assert r.status_code == 201, r.text
    assert r.json()["title"] == "Vores MUS" and r.json()["audience"] == "manager"


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"json": {"text": DOC, "topic": "astrology", "audience": "both"}}, "topic"),
    ({"json": {"text": DOC, "topic": "feedback", "audience": "ceo"}}, "audience"),
    ({"json": {"text": DOC, "topic": "feedback", "audience": "both", "language": "de"}},
     "language"),
    ({"json": {"text": "", "topic": "feedback", "audience": "both"}}, "text"),
    ({"files": {"file": ("x.bin", b"\x00\x01binary", "application/octet-stream")},
      "data": {"topic": "feedback", "audience": "both"}}, "binary"),
    ({"files": {"file": ("x.txt", "æøå".encode("latin-1"), "text/plain")},
      "data": {"topic": "feedback", "audience": "both"}}, "UTF-8"),
    ({"files": {"file": ("big.md", b"a " * 600_000, "text/markdown")},
      "data": {"topic": "feedback", "audience": "both"}}, "1 MB"),
    ({"data": {"topic": "feedback", "audience": "both"}, "files": {"other": ("a", b"a")}},
     "file"),
])
def test_bad_documents_are_refused_and_nothing_changes(
        admin: tuple[TestClient, dict[str, str], dict[str, str]], kwargs: dict[str, object],
        reason: str) -> None:
    client, headers, _ = admin
    r = client.post("/v1/knowledge/documents", headers=headers, **kwargs)  # type: ignore[arg-type]
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert reason.lower() in (r.json()["detail"] + str(r.json().get("field"))).lower()
    assert client.get("/v1/knowledge/documents", headers=headers).json() == {"documents": []}


def test_a_retried_add_answers_with_the_same_document(
        admin: tuple[TestClient, dict[str, str], dict[str, str]]) -> None:
    client, headers, _ = admin
    body = {"text": DOC, "topic": "follow-up", "audience": "both"}
    first = client.post("/v1/knowledge/documents", headers=headers, json=body)
    assert first.status_code == 201
    retried = client.post("/v1/knowledge/documents", headers=headers, json=body)
    assert retried.status_code == 200 and retried.json() == first.json()
    assert len(client.get("/v1/knowledge/documents", headers=headers).json()["documents"]) == 1
    r = client.post("/v1/knowledge/documents", headers=headers,
                    json={**body, "audience": "manager"})
    assert r.status_code == 422 and "already stored" in r.json()["detail"]


def test_unknown_id_is_404_and_other_types_415(
        admin: tuple[TestClient, dict[str, str], dict[str, str]]) -> None:
    client, headers, _ = admin
    r = client.delete("/v1/knowledge/documents/org-nope-123456", headers=headers)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = client.post("/v1/knowledge/documents", headers={**headers, "content-type": "text/plain"},
                    content=DOC.encode())
    assert r.status_code == 415


def test_upload_limit_is_larger_than_the_default(
        admin: tuple[TestClient, dict[str, str], dict[str, str]]) -> None:
    client, headers, _ = admin
    text = DOC + "\n\n" + ("Flere detaljer om vores proces og aftaler. " * 2500)  # ~110 KB
    r = client.post("/v1/knowledge/documents", headers=headers,
                    json={"text": text, "topic": "follow-up", "audience": "both"})
    assert r.status_code == 201, r.text
    r = client.post("/v1/ping", headers=headers, content=b"x" * 100_000)
    assert r.status_code == 413


def test_coach_scope_cannot_administer(
        admin: tuple[TestClient, dict[str, str], dict[str, str]]) -> None:
    client, _, coach_headers = admin
    assert client.get("/v1/knowledge/documents", headers=coach_headers).status_code == 403
    assert client.post("/v1/knowledge/documents", headers=coach_headers,
                       json={"text": DOC, "topic": "follow-up", "audience": "both"}
                       ).status_code == 403
    assert client.get("/v1/knowledge/documents").status_code == 401
