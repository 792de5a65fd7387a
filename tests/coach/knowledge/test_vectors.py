"""The committed passage vectors (`knowledge/vectors.npz`) and how embedding uses them."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import coach.knowledge.embeddings as embeddings
from coach.knowledge.embeddings import (
    DIM,
    VECTORS_FILE,
    E5EmbeddingFunction,
    read_vector_file,
    vector_key,
    write_vector_file,
)
from coach.knowledge.index import records
from coach.knowledge.passages import load_builtin_passages
from coach.paths import KNOWLEDGE_DIR
from tests.support.paths import ROOT as PROJECT_ROOT

FIX = ("run `.venv/bin/python scripts/update_vectors.py` and commit "
       "coach/data/knowledge/vectors.npz")


def _builtin_texts() -> list[str]:
    spec = importlib.util.spec_from_file_location(
        "update_vectors", PROJECT_ROOT / "scripts" / "update_vectors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    texts: list[str] = module.builtin_texts(KNOWLEDGE_DIR)
    return texts


def test_script_embeds_exactly_what_the_index_build_embeds() -> None:
    wanted = {r.text for r in records(load_builtin_passages(KNOWLEDGE_DIR))}
    assert set(_builtin_texts()) == wanted


def test_committed_file_covers_every_builtin_text() -> None:
    stored = read_vector_file(VECTORS_FILE)
    assert stored, f"{VECTORS_FILE} is missing or unreadable; {FIX}"
    missing = [t for t in _builtin_texts() if vector_key(t) not in stored]
    assert not missing, (f"{len(missing)} built-in texts have no precomputed vector (passages "
                         f"edited?), e.g. {missing[0][:80]!r}; {FIX}")
    assert VECTORS_FILE.stat().st_size < 1_000_000


@pytest.fixture
def fresh_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An empty process cache and a vector file read anew."""
    embeddings.clear_cache()
    monkeypatch.setattr(embeddings, "_FILE_VECTORS", None)
    yield
    embeddings.clear_cache()


# The same model gives slightly different floats on different CPUs (SIMD paths round
# differently): the committed file, made on one machine, matched a fresh run on another at cosine
# 0.99994 at worst over every built-in text. A changed model or weights land far below this.
SAME_VECTOR_COSINE = 0.9995


def test_cached_vectors_match_the_model_on_this_cpu(fresh_state: None) -> None:
    texts = _builtin_texts()
    sample = texts[:: max(1, len(texts) // 8)]
    ef = E5EmbeddingFunction()
    stored = read_vector_file(VECTORS_FILE)
    fresh = ef.encode_fresh(sample)
    for text, row in zip(sample, fresh, strict=True):
        kept = stored[vector_key(text)]
        cosine = float(kept @ row / (np.linalg.norm(kept) * np.linalg.norm(row)))
        assert cosine >= SAME_VECTOR_COSINE, (
            f"the stored vector of {text[:60]!r} differs beyond CPU rounding (cosine {cosine:.5f})"
            f": the e5 model changed; {FIX}")
    # Through the embedding function the stored vectors are used as they are.
    for text, got in zip(sample, ef(sample), strict=True):
        assert np.array_equal(np.asarray(got), stored[vector_key(text)])


class _CountingModel:
    variant = "original"

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], bool]] = []

    def encode(self, texts: list[str], is_query: bool) -> Any:
        self.calls.append((list(texts), is_query))
        return np.ones((len(texts), DIM), dtype=np.float32)

    def token_count(self, text: str, is_query: bool = False) -> int:
        return len(text) + 3  # one token per character, plus prefix and specials


def _ef(model: _CountingModel, query_tokens: int = 512) -> E5EmbeddingFunction:
    ef = object.__new__(E5EmbeddingFunction)
    ef._pool = embeddings._HandlePool(1, model)
    ef.query_tokens = query_tokens
    return ef


def test_only_misses_are_embedded_and_queries_never_come_from_the_file(
        fresh_state: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "vectors.npz"
    write_vector_file(path, ["known"], np.full((1, DIM), 0.5, dtype=np.float32))
    monkeypatch.setattr(embeddings, "VECTORS_FILE", path)
    model = _CountingModel()
    ef = _ef(model)
    out = ef(["known", "new"])
    assert model.calls == [(["new"], False)]
    assert np.all(np.asarray(out[0]) == 0.5) and np.all(np.asarray(out[1]) == 1.0)
    ef.embed_query(["known"])
    assert model.calls[-1] == (["known"], True)


def test_queries_are_cut_to_what_the_model_reads_and_never_cached(fresh_state: None) -> None:
    model = _CountingModel()
    ef = _ef(model, query_tokens=64)
    secret = "Mette kom for sent. " * 200  # conversation text: personnel data
    ef.embed_query([secret])
    ef.embed_query([secret])
    assert len(model.calls) == 2  # embedded each time: no query vector is kept
    sent = model.calls[0][0][0]
    assert secret.startswith(sent) and model.token_count(sent) <= 64
    assert all(secret not in key and not key.startswith("Mette") for key in embeddings._CACHE)


@pytest.mark.parametrize("odd", ["?" * 4000, "a’" * 2000, "👩‍👩‍👧‍👦" * 500, "x" * 4000,
                                 "a\u0301\u0302" * 1333])
def test_the_real_tokenizer_cuts_odd_queries_to_the_limit(odd: str) -> None:
    e5 = embeddings._model()
    cut = embeddings.truncate_query(e5, odd, 256)
    assert odd.startswith(cut) and 0 < e5.token_count(cut, True) <= 256
    assert len(cut) <= 256 * embeddings._CHARS_PER_TOKEN


def test_a_search_gets_a_handle_while_an_index_build_holds_one() -> None:
    import threading

    slow, fast = _CountingModel(), _CountingModel()
    pool = embeddings._HandlePool(2, slow, fast)
    held = threading.Event()
    release = threading.Event()

    def build() -> None:
        with pool.handle():
            held.set()
            release.wait(5)

    worker = threading.Thread(target=build)
    worker.start()
    held.wait(5)
    with pool.handle() as other:  # does not wait for the build's batch
        assert other is not None
    release.set()
    worker.join()


@pytest.mark.parametrize("content", [None, b"not a zip", "wrong-model", "wrong-shape"])
def test_unusable_file_means_no_cache(fresh_state: None, tmp_path: Path, content: Any,
                                      monkeypatch: pytest.MonkeyPatch,
                                      caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "vectors.npz"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "wrong-model":
        np.savez(path, model=np.array("other/model"), keys=np.zeros((1, 32), np.uint8),
                 vectors=np.zeros((1, DIM), np.float32))
    elif content == "wrong-shape":
        np.savez(path, model=np.array(f"{embeddings.MODEL_ID}/{embeddings.VARIANT}"),
                 keys=np.zeros((1, 32), np.uint8), vectors=np.zeros((1, 8), np.float32))
    monkeypatch.setattr(embeddings, "VECTORS_FILE", path)
    model = _CountingModel()
    ef = _ef(model)
    with caplog.at_level(logging.INFO, logger="coach.knowledge.embeddings"):
        ef(["a"])
        ef(["b"])
    assert [c[0] for c in model.calls] == [["a"], ["b"]]
    notes = [r for r in caplog.records if "precomputed passage vectors" in r.getMessage()]
    assert len(notes) == 1 and notes[0].levelno == logging.INFO
