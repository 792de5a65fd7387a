"""Scale-out: two service processes on one Chroma server share the index and the org documents."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from coach.apikeys import hash_key, new_key
from coach.knowledge.orgdocs_server import ChromaOrgStore
from tests.api.test_knowledge import DOC
from tests.support.api import settings_for

ROOT = Path(__file__).resolve().parents[2]
CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, *, timeout: float, proc: subprocess.Popen[bytes], status: int = 200) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == status:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture()
def chroma_server(tmp_path: Path) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.skip("the chroma CLI is not installed next to this Python")
    port = _free_port()
    proc = _start([str(CHROMA), "run", "--path", str(tmp_path / "chroma"), "--host", "127.0.0.1",
                   "--port", str(port)], dict(os.environ), tmp_path / "chroma.log")
    try:
        _wait(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=60, proc=proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)


def test_org_store_in_chroma_has_the_file_store_rules(tmp_path: Path) -> None:
    import chromadb

    settings = settings_for(tmp_path)
    client = chromadb.EphemeralClient()
    one, two = ChromaOrgStore(settings, client=client), ChromaOrgStore(settings, client=client)
    doc = one.add_text(DOC, None, "follow-up", "both")
    assert [d.id for d in two.list()] == [doc.id]
    assert two.passages()[0].text.startswith("Vi holder MUS")
    assert one.fingerprint() == ((doc.id, 0),)
    assert two.add_text(DOC, None, "follow-up", "both") == doc  # idempotent
    with pytest.raises(ValueError, match="already stored"):
        two.add_text(DOC, None, "follow-up", "manager")
    with pytest.raises(ValueError, match="topic"):
        two.add_text(DOC, None, "astrology", "both")
    two.remove(doc.id)
    assert one.list() == [] and not (tmp_path / "data" / "org").exists()


@pytest.mark.server
@pytest.mark.timeout(420)
def test_two_processes_share_index_and_org_documents(tmp_path: Path, chroma_server: str) -> None:
    admin = new_key()
    base = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    procs: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for name in ("a", "b"):
            port = _free_port()
            env = {**base, "COACH_CHROMA_URL": chroma_server,
                   "COACH_DATA_DIR": str(tmp_path / name),
                   "COACH_API_KEY_HASHES": f"admin:{hash_key(admin)}",
                   "COACH_RATE_LIMIT": "off"}
            procs.append(_start([sys.executable, "-m", "uvicorn", "api.app:create_app",
                                 "--factory", "--host", "127.0.0.1", "--port", str(port)],
                                env, tmp_path / f"service-{name}.log"))
            urls.append(f"http://127.0.0.1:{port}")
            # One after the other: the second finds the index the first built and reuses it.
            _wait(f"{urls[-1]}/readyz", timeout=300, proc=procs[-1])
        headers = {"Authorization": f"Bearer {admin}"}
        one, two = (httpx.Client(base_url=u, headers=headers, timeout=120) for u in urls)
        added = one.post("/v1/knowledge/documents",
                         json={"text": DOC, "topic": "follow-up", "audience": "both"})
        assert added.status_code == 201, added.text
        doc_id = added.json()["id"]
        assert [d["id"] for d in two.get("/v1/knowledge/documents").json()["documents"]] == [doc_id]
        query = {"q": "månedlige én-til-én-samtaler hos Eksempel A/S", "k": 5}
        deadline = time.monotonic() + 60
        while True:  # the other process notices within its fingerprint TTL
            hits = two.get("/v1/guidance/search", params=query).json()["results"]
            if any(h["id"].startswith(doc_id) for h in hits) or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert any(h["id"].startswith(doc_id) and h["source"] == "org" for h in hits), hits
        assert two.delete(f"/v1/knowledge/documents/{doc_id}").status_code == 200
        time.sleep(2.5)
        hits = one.get("/v1/guidance/search", params=query).json()["results"]
        assert not any(h["id"].startswith(doc_id) for h in hits)
        assert not (tmp_path / "a" / "org").exists() and not (tmp_path / "b" / "org").exists()
    finally:
        for proc in procs:
            _stop(proc)
