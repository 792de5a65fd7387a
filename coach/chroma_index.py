"""The dense half of the index in ChromaDB: embedded `PersistentClient` or a server (`HttpClient`).

Collections are named by content hash (`<index_name>_<hash12>`), so every process that sees the
same knowledge computes the same name. A rebuild fills a new collection, then switches a pointer
(a manifest file written with `os.replace` when embedded; the metadata of a `<index_name>_meta`
collection on a server, which several service processes share), then drops the old collection.
A crash before the switch leaves the old collection in place and pointed to.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError
from tqdm import tqdm

from coach.embeddings import MODEL_ID, E5EmbeddingFunction
from coach.knowledge import Passage
from coach.settings import Settings

log = logging.getLogger(__name__)

_BATCH = 32
_CHROMA = ChromaSettings(anonymized_telemetry=False)


class CollectionGone(RuntimeError):
    """The collection was dropped (another process switched the shared index)."""


def make_client(settings: Settings) -> Any:
    """A Chroma client for `settings`: a server when `chroma_url` is set, else embedded."""
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        ssl = url.scheme == "https"
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1",
                                   port=url.port or (443 if ssl else 8000), ssl=ssl,
                                   settings=_CHROMA)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.index_dir), settings=_CHROMA)


def embedding_text(passage: Passage) -> str:
    """What gets embedded: the title carries much of a short passage's meaning."""
    return f"{passage.title}\n\n{passage.text}"


class _FilePointer:
    """Active collection name in `index_dir/manifest.json` (embedded mode)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self) -> str | None:
        try:
            name = json.loads(self.path.read_text("utf-8")).get("collection")
        except (OSError, ValueError):
            return None
        return name if isinstance(name, str) else None

    def set(self, name: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".manifest-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"collection": name, "model": MODEL_ID, "updated": time.time()}, fh)
        os.replace(tmp, self.path)  # atomic: readers see the old or the new pointer, never half


class _ChromaPointer:
    """Active collection name in the metadata of a tiny `<prefix>_meta` collection (server mode)."""

    def __init__(self, client: Any, name: str, ef: E5EmbeddingFunction) -> None:
        self.client, self.name, self.ef = client, name, ef

    def get(self) -> str | None:
        try:
            meta = self.client.get_collection(self.name, embedding_function=self.ef).metadata
        except NotFoundError:
            return None
        value = (meta or {}).get("active")
        return value if isinstance(value, str) else None

    def set(self, name: str) -> None:
        meta = self.client.get_or_create_collection(self.name, embedding_function=self.ef)
        meta.modify(metadata={"active": name, "model": MODEL_ID})


class ChromaIndex:
    """Builds, finds and queries the passage collections for one `index_name`."""

    def __init__(self, settings: Settings, ef: E5EmbeddingFunction) -> None:
        """Connect to Chroma; `ef` is passed to every collection so Chroma's default never runs."""
        self.ef = ef
        self.model_id = MODEL_ID
        self.prefix = settings.index_name
        self.client = make_client(settings)
        self.pointer: _FilePointer | _ChromaPointer = (
            _ChromaPointer(self.client, f"{self.prefix}_meta", ef) if settings.chroma_url
            else _FilePointer(settings.index_dir / "manifest.json"))

    def name_for(self, key: str) -> str:
        """Collection name for a content hash."""
        return f"{self.prefix}_{key[:12]}"

    def _open(self, name: str) -> Any:
        return self.client.get_collection(name, embedding_function=self.ef)

    def ensure(self, passages: list[Passage], key: str) -> Any:
        """Return the complete collection for `passages`, building it and switching to it if needed.

        Vectors of passages the previous collection already holds are copied, not re-embedded.
        """
        name = self.name_for(key)
        previous = self.pointer.get()
        collection = self.client.get_or_create_collection(
            name, embedding_function=self.ef, configuration={"hnsw": {"space": "cosine"}},
            metadata={"content_hash": key, "model": self.model_id})
        have = set(collection.get(include=[])["ids"])
        wanted = {p.id for p in passages}
        if have - wanted:
            collection.delete(ids=sorted(have - wanted))
        missing = [p for p in passages if p.id not in have]
        if missing:
            self._fill(collection, missing, previous if previous != name else None)
        if collection.count() != len(passages):
            raise RuntimeError(f"collection {name} holds {collection.count()} of {len(passages)}")
        if previous != name:
            self.pointer.set(name)
            if previous:
                self._drop(previous)
        return collection

    def _fill(self, collection: Any, missing: list[Passage], previous: str | None) -> None:
        reused: dict[str, Any] = {}
        if previous:
            try:
                old = self._open(previous).get(ids=[p.id for p in missing], include=["embeddings"])
                reused = dict(zip(old["ids"], old["embeddings"], strict=True))
            except NotFoundError:
                pass
        to_embed = [p for p in missing if p.id not in reused]
        started = time.perf_counter()
        if to_embed:
            log.info("embedding %d passages into %s", len(to_embed), collection.name)
        with tqdm(total=len(missing), desc="Indexing knowledge", unit="passage",
                  file=sys.stderr, disable=None) as bar:
            for start in range(0, len(missing), _BATCH):
                batch = missing[start:start + _BATCH]
                fresh = [p for p in batch if p.id not in reused]
                # A batch made only of reused vectors must not call the model: Chroma's
                # embedding function wrapper rejects an empty input.
                embedded = self.ef([embedding_text(p) for p in fresh]) if fresh else []
                vectors = dict(zip([p.id for p in fresh], embedded, strict=True))
                vectors.update({p.id: reused[p.id] for p in batch if p.id in reused})
                collection.upsert(
                    ids=[p.id for p in batch],
                    embeddings=[vectors[p.id] for p in batch],
                    documents=[p.text for p in batch],
                    metadatas=[{"doc_id": p.doc_id, "title": p.title, "topic": p.topic,
                                "audience": p.audience, "language": p.language,
                                "source": p.source} for p in batch],
                )
                bar.update(len(batch))
        log.info("indexed %d passages (%d reused) in %.1fs", len(missing), len(reused),
                 time.perf_counter() - started)

    def _drop(self, name: str) -> None:
        with contextlib.suppress(NotFoundError, ValueError):  # another process dropped it
            self.client.delete_collection(name)

    def active(self) -> tuple[Any, list[Passage]] | None:
        """The collection the pointer names, with its passages (used when a build fails)."""
        name = self.pointer.get()
        if not name:
            return None
        try:
            collection = self._open(name)
        except NotFoundError:
            return None
        got = collection.get(include=["documents", "metadatas"])
        passages = [Passage(id=pid, text=doc, **meta)
                    for pid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"],
                                              strict=True)]
        return collection, sorted(passages, key=lambda p: p.id)

    def query(self, collection: Any, text: str, n: int,
              where: dict[str, Any] | None) -> tuple[list[str], list[float]]:
        """Ids and cosine distances of the `n` nearest passages (Chroma embeds with `query: `)."""
        if n <= 0:
            return [], []
        try:
            result = collection.query(query_texts=[text], n_results=n, where=where,
                                      include=["distances"])
        except NotFoundError as exc:
            raise CollectionGone(collection.name) from exc
        return list(result["ids"][0]), [float(d) for d in result["distances"][0]]
