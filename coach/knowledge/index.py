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
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError
from tqdm import tqdm

from coach.knowledge.embeddings import MODEL_ID, E5EmbeddingFunction
from coach.knowledge.types import Passage
from coach.settings import Settings
from coach.taxonomy import topic_title

log = logging.getLogger(__name__)

_BATCH = 32
# Part of the content hash: bump it when `records` changes so stored vectors are rebuilt.
RECIPE = "topic-title-body+paragraphs-1"
_CHROMA = ChromaSettings(anonymized_telemetry=False)
_SEGMENT_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def sweep_segments(index_dir: Path) -> list[str]:
    """Remove segment folders no collection of the embedded store refers to; their names.

    Chroma's embedded store deletes a dropped collection's rows but leaves its vector segment
    folder on disk (22 folders after ~30 adds, removes and reindexes), so every rebuild here
    sweeps what the store's own catalogue (`chroma.sqlite3`, table `segments`) no longer names.
    A catalogue that cannot be read means nothing is removed.
    """
    catalogue = index_dir / "chroma.sqlite3"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{catalogue}?mode=ro", uri=True,
                                                timeout=5)) as db:
            known = {row[0] for row in db.execute("SELECT id FROM segments")}
    except sqlite3.Error as exc:
        log.info("index folder sweep skipped: %s", type(exc).__name__)
        return []
    removed = []
    with os.scandir(index_dir) as entries:
        for entry in entries:
            if entry.is_dir() and _SEGMENT_DIR.match(entry.name) and entry.name not in known:
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(entry.name)
    if removed:
        log.info("removed %d orphaned index folders", len(removed))
    return removed


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
    """What gets embedded: topic name and title carry much of a short passage's meaning."""
    return f"{topic_title(passage.topic, passage.language)}: {passage.title}\n\n{passage.text}"


def lexical_text(passage: Passage) -> str:
    """What BM25 indexes: the same text as the dense side."""
    return embedding_text(passage)


@dataclass(frozen=True)
class Record:
    """One vector in Chroma: a whole passage, or one paragraph of a passage with several.

    Paragraph vectors let a query match one point a passage makes without the rest diluting it
    ("small-to-big" retrieval); the retriever mixes a passage's own and best paragraph score.
    """

    id: str
    passage: Passage
    text: str
    kind: str  # "passage" | "para"

    @property
    def metadata(self) -> dict[str, str]:
        """Stored with the vector; carries the filter fields so paragraphs filter like passages."""
        p = self.passage
        return {"passage_id": p.id, "kind": self.kind, "doc_id": p.doc_id, "title": p.title,
                "topic": p.topic, "audience": p.audience, "language": p.language,
                "source": p.source}


def records(passages: list[Passage]) -> list[Record]:
    """The vectors to store for `passages`."""
    out: list[Record] = []
    for p in passages:
        out.append(Record(p.id, p, embedding_text(p), "passage"))
        paragraphs = [para.strip() for para in p.text.split("\n\n") if para.strip()]
        if len(paragraphs) > 1:
            head = f"{topic_title(p.topic, p.language)}: {p.title}"
            out.extend(Record(f"{p.id}#p{n}", p, f"{head}\n\n{para}", "para")
                       for n, para in enumerate(paragraphs, 1))
    return out


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
        self.model_id = f"{MODEL_ID}/{RECIPE}"
        self.prefix = settings.index_name
        self.client = make_client(settings)
        self.pointer: _FilePointer | _ChromaPointer = (
            _ChromaPointer(self.client, f"{self.prefix}_meta", ef) if settings.chroma_url
            else _FilePointer(settings.index_dir / "manifest.json"))
        self.embedded_dir: Path | None = None if settings.chroma_url else settings.index_dir

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
        wanted = records(passages)
        have = set(collection.get(include=[])["ids"])
        if have - {r.id for r in wanted}:
            collection.delete(ids=sorted(have - {r.id for r in wanted}))
        missing = [r for r in wanted if r.id not in have]
        if missing:
            self._fill(collection, missing, previous if previous != name else None)
        if collection.count() != len(wanted):
            raise RuntimeError(f"collection {name} holds {collection.count()} of {len(wanted)}")
        if previous != name:
            self.pointer.set(name)
            if previous:
                self._drop(previous)
        if self.embedded_dir is not None:
            sweep_segments(self.embedded_dir)
        return collection

    def _fill(self, collection: Any, missing: list[Record], previous: str | None) -> None:
        reused: dict[str, Any] = {}
        if previous:
            try:
                source = self._open(previous)
                if (source.metadata or {}).get("model") == self.model_id:  # same vectors recipe
                    old = source.get(ids=[r.id for r in missing], include=["embeddings"])
                    reused = dict(zip(old["ids"], old["embeddings"], strict=True))
            except NotFoundError:
                pass
        started = time.perf_counter()
        if len(missing) > len(reused):
            log.info("embedding %d texts into %s", len(missing) - len(reused), collection.name)
        with tqdm(total=len(missing), desc="Indexing knowledge", unit="vector",
                  file=sys.stderr, disable=None) as bar:
            for start in range(0, len(missing), _BATCH):
                batch = missing[start:start + _BATCH]
                fresh = [r for r in batch if r.id not in reused]
                # A batch made only of reused vectors must not call the model: Chroma's
                # embedding function wrapper rejects an empty input.
                embedded = self.ef([r.text for r in fresh]) if fresh else []
                vectors = dict(zip([r.id for r in fresh], embedded, strict=True))
                vectors.update({r.id: reused[r.id] for r in batch if r.id in reused})
                collection.upsert(ids=[r.id for r in batch],
                                  embeddings=[vectors[r.id] for r in batch],
                                  documents=[r.passage.text for r in batch],
                                  metadatas=[r.metadata for r in batch])
                bar.update(len(batch))
        log.info("indexed %d vectors (%d reused) in %.1fs", len(missing), len(reused),
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
        got = collection.get(where={"kind": "passage"}, include=["documents", "metadatas"])
        fields = set(Passage.model_fields) - {"id", "text"}
        passages = [Passage(id=pid, text=doc, **{k: v for k, v in meta.items() if k in fields})
                    for pid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"],
                                              strict=True)]
        return collection, sorted(passages, key=lambda p: p.id)

    def query(self, collection: Any, text: str, n: int,
              where: dict[str, Any] | None) -> list[tuple[str, str, float]]:
        """`(passage id, kind, cosine similarity)` of the `n` nearest vectors matching `where`.

        Chroma embeds the query with the `query: ` prefix through the collection's embedding
        function.
        """
        try:
            n = min(n, collection.count())
            if n == 0:
                return []
            result = collection.query(query_texts=[text], n_results=n, where=where,
                                      include=["distances", "metadatas"])
        except NotFoundError as exc:
            raise CollectionGone(collection.name) from exc
        return [(str(meta["passage_id"]), str(meta["kind"]), 1.0 - float(dist))
                for meta, dist in zip(result["metadatas"][0], result["distances"][0],
                                      strict=True)]
