"""Organisation documents kept in a Chroma server, so every service process shares one set.

With `COACH_CHROMA_URL` set, any number of processes (on any number of hosts) serve the same
index; their org documents must then be shared too, and local data directories are not. Each
document is one record of the `<index_name>_orgdocs` collection: the text as the record's
document, the metadata as its metadata, and a constant one-number vector (the collection is
never searched by similarity; passages are embedded into the index as usual).

A process notices documents added or removed elsewhere through `fingerprint()`, which the
retriever compares at search time; it asks the server at most every `FINGERPRINT_TTL` seconds.
"""

from __future__ import annotations

import builtins
import threading
import time
from typing import Any

from coach.knowledge.index import make_client
from coach.knowledge.orgdocs import OrgDocument, OrgStore
from coach.settings import Settings

FINGERPRINT_TTL = 2.0
_VECTOR = [1.0]  # placeholder: Chroma stores a vector per record; this collection needs none


class ChromaOrgStore(OrgStore):
    """`OrgStore` with the same rules, storing documents in a Chroma server collection."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        """Connect to `settings.chroma_url` (or use `client`)."""
        super().__init__(settings)
        self._client = client or make_client(settings)
        self._name = f"{settings.index_name}_orgdocs"
        self._collection: Any = None
        self._lock = threading.Lock()
        self._cached: tuple[float, tuple[tuple[str, int], ...]] = (-FINGERPRINT_TTL, ())

    def _col(self) -> Any:
        if self._collection is None:
            self._collection = self._client.get_or_create_collection(
                self._name, embedding_function=None,
                metadata={"purpose": "mus-coach organisation documents"})
        return self._collection

    def _exists(self, doc_id: str) -> bool:
        return bool(self._col().get(ids=[doc_id], include=[])["ids"])

    def _save(self, doc: OrgDocument, text: str) -> None:
        self._col().add(ids=[doc.id], documents=[text], metadatas=[doc.model_dump()],
                        embeddings=[_VECTOR])
        self._cached = (-FINGERPRINT_TTL, ())  # this process sees its own change at once

    def _read_text(self, doc: OrgDocument) -> str:
        got = self._col().get(ids=[doc.id], include=["documents"])
        if not got["ids"]:
            raise KeyError(doc.id)  # removed by another process meanwhile
        return str(got["documents"][0])

    def list(self) -> builtins.list[OrgDocument]:
        """All stored documents, oldest first."""
        got = self._col().get(include=["metadatas"])
        docs = []
        for meta in got["metadatas"] or []:
            try:
                docs.append(OrgDocument.model_validate(meta))
            except ValueError:
                continue  # a record written by hand is skipped, as a damaged sidecar would be
        return sorted(docs, key=lambda d: (d.added_at, d.id))

    def remove(self, doc_id: str) -> OrgDocument:
        """Delete a document; `NotFoundError` when there is no such id."""
        doc = self.get(doc_id)
        self._col().delete(ids=[doc.id])
        self._cached = (-FINGERPRINT_TTL, ())
        return doc

    def fingerprint(self) -> tuple[tuple[str, int], ...]:
        """The stored document ids (ids carry a content hash); refreshed every few seconds."""
        now = time.monotonic()
        with self._lock:
            stamp, value = self._cached
            if now - stamp < FINGERPRINT_TTL:
                return value
        ids = self._col().get(include=[])["ids"]
        value = tuple(sorted((doc_id, 0) for doc_id in ids))
        with self._lock:
            self._cached = (now, value)
        return value


def open_org_store(settings: Settings) -> OrgStore:
    """The org document store for `settings`: shared in Chroma with a server, else local files."""
    return ChromaOrgStore(settings) if settings.chroma_url else OrgStore(settings)
