"""Guidance search: dense e5 vectors in Chroma fused with in-memory BM25 (reciprocal rank fusion).

The Chroma side (embedded store or server, atomic rebuilds) lives in `coach.knowledge.index`; this
module owns ranking: filters, fusion and the language policy.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from dataclasses import dataclass, replace
from typing import Any, Literal

import bm25s
import numpy as np
import simplemma
import Stemmer
from cachetools import TTLCache
from prometheus_client import Histogram

from coach.knowledge.embeddings import EmbeddingUnavailable, load_embedding_function
from coach.knowledge.index import ChromaIndex, CollectionGone, lexical_text
from coach.knowledge.orgdocs_server import open_org_store
from coach.knowledge.passages import content_hash, load_builtin_passages
from coach.knowledge.types import Hit, Passage
from coach.language import Language, check_language, detect_language
from coach.limits import MAX_K, MAX_TEXT, check_audience, check_number, check_text, check_topic
from coach.settings import Settings

log = logging.getLogger(__name__)
# Exposed at /metrics; a label-free histogram, so no query text can reach it.
SEARCH_SECONDS = Histogram(
    "coach_retrieval_search_seconds", "Time to answer one guidance search (dense, BM25, fusion).",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5))

Mode = Literal["fused", "dense", "bm25"]
MAX_QUERY_CHARS = MAX_TEXT
# Weighted reciprocal rank fusion (Cormack et al. 2009), hand-written: it is five lines.
# k=5 and BM25 at 0.3 ranked best on evals/datasets/retrieval.jsonl (docs/retrieval.md); the
# usual k=60 flattens a short candidate list so much that BM25 noise outvotes the dense ranking.
RRF_K = 5
RRF_WEIGHTS = {"dense": 1.0, "bm25": 0.3}
# Dense score = (1 - w) * passage vector similarity + w * best paragraph similarity.
PARAGRAPH_WEIGHT = 0.5
# Nearest vectors asked of Chroma per query: ranking all of them dominated a search
# (docs/retrieval.md); the top 120 hold every passage that can reach the first 20 results.
DENSE_CANDIDATES = 120
# How much a passage in the other language is worth relative to one in the wanted language.
# With an explicit `language` the wanted language comes first unless none of its passages fits;
# a detected language is only a preference.
OTHER_LANGUAGE_WEIGHT = {True: 0.5, False: 0.85}
# The wanted language "does not fit" when its best fused score is below this share of the other
# language's best; its passages then lose their precedence (e5 cosines are too compressed, about
# 0.75-0.9 for anything on MUS, to serve as an absolute threshold).
FIT_RATIO = 0.7
# How long `asearch` remembers a result. Its callers repeat a few fixed queries (the goal check
# asks one question per missing SMART criterion), so within this window a search costs a dict
# lookup instead of a ranking and a worker-thread hop. The key holds the index snapshot, so a
# reload in this process invalidates at once; the TTL bounds how long a change made through
# another process (a shared Chroma server) can go unseen.
MEMO_SECONDS = 10.0
MEMO_SIZE = 256
_STEMMERS = {"da": "danish", "en": "english"}
_STOPWORDS = {"da": bm25s.stopwords.STOPWORDS_DANISH, "en": bm25s.stopwords.STOPWORDS_EN}


class _Lexical:
    """BM25 over all passages, each stemmed and stop-worded in its own language.

    Danish writes compounds as one word ("opfølgningsmøde", "mentorordning"), which BM25 alone
    cannot match against "opfølgning" or "mentor", so Danish words of 8+ letters are also
    indexed (and queried) by their two parts. The split is hand-written on top of simplemma's
    Danish dictionary because the compound splitters on PyPI cover German and Dutch only.
    """

    def __init__(self, passages: list[Passage]) -> None:
        self._stemmers = {lang: Stemmer.Stemmer(name) for lang, name in _STEMMERS.items()}
        words = [self._words(lexical_text(p), p.language) for p in passages]
        corpus = [self._stems(w, p.language) for w, p in zip(words, passages, strict=True)]
        self._bm25 = bm25s.BM25()
        if passages:
            self._bm25.index(corpus, show_progress=False)
        self._size = len(passages)

    @staticmethod
    def _words(text: str, language: str) -> list[str]:
        tokenized = bm25s.tokenize(text, stopwords=_STOPWORDS[language], return_ids=False,
                                   show_progress=False)
        return list(tokenized[0]) if tokenized else []

    def _stems(self, words: list[str], language: str) -> list[str]:
        stems = self._stemmers[language].stemWords(words)
        if language == "da":
            stems += [part for word in words if len(word) >= 8 for part in self._split(word)]
        return stems

    def _split(self, word: str) -> list[str]:
        """Stems of the two parts of a Danish compound, or [] when none is found.

        Both parts must be Danish words of 4+ letters in simplemma's dictionary (the head may
        end in a linking -s/-e); the most balanced split wins.
        """
        best: list[str] = []
        balance = 0
        for cut in range(4, len(word) - 3):
            head, tail = word[:cut], word[cut:]
            if min(cut, len(tail)) <= balance or not simplemma.is_known(tail, lang="da"):
                continue
            for first in (head, head[:-1]) if head[-1] in "se" else (head,):
                if len(first) >= 4 and simplemma.is_known(first, lang="da"):
                    best = self._stemmers["da"].stemWords([first, tail])
                    balance = min(cut, len(tail))
                    break
        return best

    def tokens(self, text: str, language: str) -> list[str]:
        """Lowercased, stop-worded, stemmed tokens of `text` (plus Danish compound parts)."""
        return self._stems(self._words(text, language), language)

    def scores(self, query: str, language: str) -> np.ndarray:
        """BM25 score of every passage (indexed like the corpus) for `query`."""
        tokens = self.tokens(query, language)
        if not self._size or not tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)


@dataclass(frozen=True)
class _Snapshot:
    """One consistent view of the index; swapped as a whole so searches never see half a reload."""

    key: str
    passages: list[Passage]
    lexical: _Lexical
    collection: Any  # chromadb Collection, None when lexical-only
    org_fingerprint: tuple[tuple[str, int], ...]


def validate_search(query: str, k: int, topic: str | None, audience: str | None,
                    language: str | None) -> str:
    """Check search arguments against the contract; returns the trimmed query."""
    # The wording of every rule lives in coach.limits and coach.language (one per rule).
    q = check_text(query, "q", limit=MAX_QUERY_CHARS).strip()
    check_number(k, "k", 1, MAX_K)
    check_topic(topic)
    check_audience(audience)
    check_language(language)
    return q


def audience_matches(passage_audience: str, wanted: str | None) -> bool:
    """`employee`/`manager` also match passages for `both`; `both` matches only shared passages."""
    return wanted is None or passage_audience == wanted or (
        passage_audience == "both" and wanted != "both")


def _rrf(rankings: dict[str, list[int]]) -> dict[int, float]:
    """Weighted RRF, normalized so a passage ranked first by every ranker scores 1."""
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        for rank, idx in enumerate(ranking, 1):
            fused[idx] = fused.get(idx, 0.0) + RRF_WEIGHTS[name] / (RRF_K + rank)
    best = sum(RRF_WEIGHTS[name] for name in rankings) / (RRF_K + 1)
    return {idx: score / best for idx, score in fused.items()}


class Retriever:
    """Searches built-in and organisation guidance. Build it with `build_retriever(settings)`."""

    def __init__(self, settings: Settings, *, mode: Mode | None = None,
                 memo_seconds: float = MEMO_SECONDS) -> None:
        """Load (or build) the index; falls back to BM25 alone when the dense model is missing.

        Args:
            settings: Where the knowledge and org documents live, and which index to use.
            mode: Ranking; default fused, or BM25 when `settings.embedding` is "bm25".
            memo_seconds: How long `asearch` remembers a result (0 = not at all).
        """
        self.settings = settings
        self._memo: TTLCache[tuple[Any, ...], list[Hit]] = TTLCache(MEMO_SIZE, memo_seconds)
        self._memo_lock = threading.Lock()
        self.mode: Mode = mode or ("bm25" if settings.embedding == "bm25" else "fused")
        self._org = open_org_store(settings)
        self._lock = threading.Lock()
        self._index: ChromaIndex | None = None
        if self.mode != "bm25":
            try:
                self._index = ChromaIndex(settings,
                                          load_embedding_function(settings.query_tokens))
            except EmbeddingUnavailable as exc:
                log.warning("dense retrieval disabled, searching with BM25 only: %s", exc)
                self.mode = "bm25"
        self._snapshot: _Snapshot | None = None
        self.refresh()

    @property
    def passages(self) -> list[Passage]:
        """The passages currently searchable."""
        return self._snap().passages

    def _snap(self) -> _Snapshot:
        assert self._snapshot is not None
        return self._snapshot

    def with_mode(self, mode: Mode) -> Retriever:
        """A view on the same index ranking with `mode` (for measuring dense vs BM25 vs fused)."""
        clone = object.__new__(Retriever)
        clone.__dict__.update(self.__dict__)
        clone.mode = mode if self._index is not None else "bm25"
        return clone

    def refresh(self, *, force: bool = False) -> bool:
        """Reload passages (built-in and org) and rebuild what changed; True when anything did.

        A failed rebuild keeps the previous index searchable and is logged.
        """
        with self._lock:
            fingerprint = self._org.fingerprint()
            passages = load_builtin_passages(self.settings.knowledge_dir) + self._org.passages()
            model = self._index.model_id if self._index else "bm25"
            key = content_hash(passages, model)
            current = self._snapshot
            if current is not None and current.key == key and not force:
                if current.org_fingerprint != fingerprint:
                    self._snapshot = _Snapshot(key, current.passages, current.lexical,
                                               current.collection, fingerprint)
                return False
            collection = None
            if self._index is not None:
                try:
                    collection = self._index.ensure(passages, key)
                except Exception:
                    if current is not None:
                        log.exception("index rebuild failed; keeping the previous index")
                        # Remember the fingerprint so searches don't retry on every request;
                        # the next change or `knowledge reindex` tries again.
                        self._snapshot = replace(current, org_fingerprint=fingerprint)
                        return False
                    fallback = self._index.active()
                    if fallback is None:
                        raise
                    collection, passages = fallback
                    key = ""  # not the content on disk: the next refresh builds again
                    log.exception("index build failed; serving the previous index")
            self._snapshot = _Snapshot(key, passages, _Lexical(passages), collection, fingerprint)
            log.info("knowledge index ready: %d passages (%s)", len(passages), self.mode)
            return True

    @SEARCH_SECONDS.time()
    def search(self, query: str, k: int = 5, *, topic: str | None = None,
               audience: str | None = None, language: str | None = None,
               dense: bool = True) -> list[Hit]:
        """Best passages for `query`, best first.

        Args:
            query: Free text, 1-4000 characters after trimming.
            k: Number of results, 1-20.
            topic: Only passages with this taxonomy slug.
            audience: `employee`/`manager` (also returns passages for both) or `both` (only those).
            language: Results in this language first; when omitted, the query's detected language
                is preferred and the other language is allowed.
            dense: False ranks by BM25 alone. Callers that pick among a handful of passages
                (e.g. one topic's) use it: embedding the query costs more than it changes.

        Raises:
            InputError: an argument violates the contract.
        """
        q = validate_search(query, k, topic, audience, language)
        if self._org.fingerprint() != self._snap().org_fingerprint:
            self.refresh()  # HR added or removed a document (maybe from another process)
        try:
            return self._search(self._snap(), q, k, topic, audience, language, dense)
        except CollectionGone:
            # Another process switched the shared server to a newer index; follow it once.
            self.refresh(force=True)
            return self._search(self._snap(), q, k, topic, audience, language, dense)

    async def asearch(self, query: str, k: int = 5, *, topic: str | None = None,
                      audience: str | None = None, language: str | None = None,
                      dense: bool = True) -> list[Hit]:
        """`search` for async callers that repeat their queries.

        A result found within the last `memo_seconds` on the current index is answered from
        memory, without blocking the event loop; anything else runs `search` on a worker thread
        (it may reload the index).

        Raises:
            InputError: an argument violates the contract.
        """
        # Keyed by a digest of the query, not the query: it may be conversation text (personnel
        # data), which must not stay in memory beyond its request.
        digest = hashlib.sha256(query.encode("utf-8", "surrogatepass")).digest()
        args = (self.mode, digest, k, topic, audience, language, dense)
        with self._memo_lock:
            hits = self._memo.get((self._snap().key, *args))
        if hits is None:
            hits = await asyncio.to_thread(self.search, query, k, topic=topic, audience=audience,
                                           language=language, dense=dense)
            with self._memo_lock:  # keyed by the snapshot the search ran on (it may refresh)
                self._memo[(self._snap().key, *args)] = hits
        return list(hits)

    def _search(self, snap: _Snapshot, q: str, k: int, topic: str | None, audience: str | None,
                language: str | None, use_dense: bool = True) -> list[Hit]:
        wanted: Language = language or detect_language(q)  # type: ignore[assignment]
        allowed = [i for i, p in enumerate(snap.passages) if (topic is None or p.topic == topic)
                   and audience_matches(p.audience, audience)]
        if not allowed:
            return []
        with_dense = use_dense and self.mode != "bm25"
        dense = self._dense(snap, q, topic, audience) if with_dense else {}
        rankings: dict[str, list[int]] = {}
        if with_dense:
            rankings["dense"] = sorted(dense, key=lambda i: -dense[i])
        lexical: dict[int, float] = {}
        if self.mode != "dense" or not with_dense:
            scores = snap.lexical.scores(q, wanted)
            lexical = {i: float(scores[i]) for i in allowed if scores.size and scores[i] > 0}
            rankings["bm25"] = sorted(lexical, key=lambda i: -lexical[i])
        fused = _rrf(rankings)
        if not fused:
            return []
        weight = self._language_weights(snap, wanted, language is not None, fused)
        scored = sorted(((fused[i] * weight[snap.passages[i].language], i)
                         for i in fused), key=lambda t: (-t[0], snap.passages[t[1]].id))
        return [Hit(**snap.passages[i].model_dump(), score=round(s, 4)) for s, i in scored[:k]]

    @staticmethod
    def _language_weights(snap: _Snapshot, wanted: Language, explicit: bool,
                          fused: dict[int, float]) -> dict[str, float]:
        other: Language = "en" if wanted == "da" else "da"
        best = {lang: max((v for i, v in fused.items() if snap.passages[i].language == lang),
                          default=0.0) for lang in (wanted, other)}
        if best[wanted] < FIT_RATIO * best[other]:
            return {wanted: 1.0, other: 1.0}  # nothing in the wanted language fits
        return {wanted: 1.0, other: OTHER_LANGUAGE_WEIGHT[explicit]}

    def _dense(self, snap: _Snapshot, query: str, topic: str | None,
               audience: str | None) -> dict[int, float]:
        """Dense similarity of every allowed passage (own vector mixed with its best paragraph)."""
        clauses: list[dict[str, Any]] = []
        if topic is not None:
            clauses.append({"topic": topic})
        if audience is not None:
            clauses.append({"audience": {"$in": [audience, "both"]} if audience != "both"
                            else "both"})
        where = clauses[0] if len(clauses) == 1 else ({"$and": clauses} if clauses else None)
        assert self._index is not None
        own: dict[str, float] = {}
        best_part: dict[str, float] = {}
        found = self._index.query(snap.collection, query, DENSE_CANDIDATES, where)
        for pid, kind, similarity in found:
            target = own if kind == "passage" else best_part
            target[pid] = max(similarity, target.get(pid, -1.0))
        # A vector beyond the candidates scores at most the last one found: use that as floor.
        floor = min((sim for _, _, sim in found), default=0.0)
        position = {p.id: i for i, p in enumerate(snap.passages)}
        return {position[pid]: (1 - PARAGRAPH_WEIGHT) * own.get(pid, floor)
                + PARAGRAPH_WEIGHT * best_part.get(pid, own.get(pid, floor))
                for pid in own.keys() | best_part.keys() if pid in position}


def build_retriever(settings: Settings) -> Retriever:
    """Load the knowledge index (building it on first start); used by `coach.service`."""
    return Retriever(settings)
