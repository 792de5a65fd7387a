"""The learned detector: does a passage judge the person, and where and how?

Hand-written frames catch the wordings someone listed; people who never saw the lists judge
in other words (docs/holdout.md). This module adds two trained signals that generalize:

- a statement classifier on the multilingual e5 embedding the project already ships (one
  query embedding per passage of up to `CHUNK_CHARS` characters), with a category model on
  the same vector (label, generalization or attribution);
- a clause scorer over hashed words, lemmas and character n-grams (`coach.feedback.features`)
  that points at the clause a judgement sits in, so a finding keeps an exact span.

Weights are data (coach/data/feedback/detector.npz), trained by
scripts/train_feedback_model.py from the committed corpora; inference is numpy only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from coach.feedback.features import BUCKETS, feature_ids, linear_score
from coach.feedback.types import Category
from coach.paths import DATA_DIR
from coach.tokens import Token

log = logging.getLogger(__name__)

MODEL_FILE = DATA_DIR / "feedback" / "detector.npz"
CATEGORIES: tuple[Category, ...] = ("label", "generalization", "attribution")
# The e5 weights the classifier was trained on: the handle pool's (tests check they agree).
E5_VARIANT = "original"
EMBEDDING_ID = f"multilingual-e5-small-q4/{E5_VARIANT}/query"
# A passage the classifier sees at once. Training statements are up to ~450 characters, so a
# statement of that size is embedded whole, and a longer text sentence by sentence in pieces
# of about that size: cost stays linear in the text's length.
CHUNK_CHARS = 450
# At most this many e5 tokens of one text are embedded (a 300-character statement is about 80;
# feedback statements run 20-60): the rules still read all of it, the model the pieces that
# mention a person first. Cost has a ceiling, so a 4000-character text stays within the
# analyzer's time budget (benchmarks/adversarial_feedback.py). Sentences read on their own
# beside their piece spend at most half as much again.
BUDGET_TOKENS = 96
# Natural Danish and English run at about 0.3 e5 tokens per character; a piece near one token
# per character ("1,1,1,…", "a'a'a'…") is no statement anyone wrote and is not embedded.
_JUNK_TOKENS_PER_CHAR = 0.6
# A "word" longer than this (a pasted hash, URL or key-mash) judges nobody and costs hundreds of
# model tokens; the model reads it as "…".
_LONGEST_WORD = 40


class Embed(Protocol):
    """What the detector needs from an embedding model."""

    def __call__(self, texts: list[str]) -> np.ndarray:
        """Query embeddings, one row per text."""
        ...

    def count(self, text: str) -> int:
        """How many model tokens `text` costs."""
        ...


class DetectorUnavailable(RuntimeError):
    """The embedding model or the weights could not be loaded; the rules answer alone."""


@dataclass(frozen=True)
class Weights:
    """The trained parameters (see scripts/train_feedback_model.py)."""

    statement_w: np.ndarray  # (384,) logistic regression on the e5 query embedding
    statement_b: float
    threshold: float  # probability at which a passage counts as person-directed
    veto: float  # below this, a rule finding in an embedded passage is dropped
    category_w: np.ndarray  # (3, 384) one-vs-rest, in CATEGORIES order
    category_b: np.ndarray  # (3,)
    clause_w: np.ndarray  # (BUCKETS,) hashed lexical clause scorer
    clause_b: float
    lexical_w: np.ndarray  # (BUCKETS,) hashed lexical statement classifier, the cheap signal
    lexical_b: float
    mix: float  # a passage's probability: mix * e5 classifier + (1 - mix) * lexical one
    meta: dict[str, Any]


def load_weights(path: Path = MODEL_FILE) -> Weights:
    """Read the weights file; DetectorUnavailable when it is missing or does not fit."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            weights = Weights(
                statement_w=data["statement_w"].astype(np.float32),
                statement_b=float(data["statement_b"]), threshold=float(data["threshold"]),
                veto=float(data["veto"]), category_w=data["category_w"].astype(np.float32),
                category_b=data["category_b"].astype(np.float32),
                clause_w=data["clause_w"].astype(np.float32), clause_b=float(data["clause_b"]),
                lexical_w=data["lexical_w"].astype(np.float32),
                lexical_b=float(data["lexical_b"]), mix=float(data["mix"]), meta=meta)
    except (OSError, KeyError, ValueError) as exc:
        raise DetectorUnavailable(f"detector weights unusable: {type(exc).__name__}") from exc
    if meta.get("embedding") != EMBEDDING_ID or weights.clause_w.shape != (BUCKETS,) \
            or weights.lexical_w.shape != (BUCKETS,):
        raise DetectorUnavailable("detector weights were trained for another model")
    return weights


class _E5:
    """The shipped e5 model, borrowed per call from the process-wide handle pool the retriever
    uses too (`coach.knowledge.handles`: no chromadb, no knowledge index). Nothing about a text
    is kept after the call: conversation text is personnel data."""

    def __init__(self) -> None:
        from coach.knowledge.handles import _POOL, EmbeddingUnavailable

        try:
            _POOL.first()
        except EmbeddingUnavailable as exc:  # ImportError, missing engine or model file
            raise DetectorUnavailable(str(exc)) from exc
        self._pool = _POOL

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self._pool.handle() as e5:
            return np.atleast_2d(np.asarray(e5.encode(texts, True), np.float32))

    def count(self, text: str) -> int:
        with self._pool.handle() as e5:
            return int(e5.token_count(text, True))


@lru_cache(maxsize=1)
def e5_embed() -> Embed:
    """The default embedding function (the model loads once per process)."""
    return _E5()


@dataclass(frozen=True)
class Passage:
    """One embedded piece of the text and what the classifier made of it."""

    a: int  # token range [a, b)
    b: int
    probability: float  # that the passage judges a person
    category: Category  # the most likely kind of judgement
    sentence: bool = False  # one sentence of a longer piece, read on its own as well


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


class Detector:
    """Scores passages with the weights and an embedding function (thread-safe)."""

    def __init__(self, weights: Weights, embed: Embed | None = None) -> None:
        """`embed` defaults to the shipped e5 model, loaded on first use."""
        self.weights = weights
        self._embed = embed

    @property
    def embedder(self) -> Embed:
        """The embedding model (loaded on first use)."""
        if self._embed is None:
            self._embed = e5_embed()
        return self._embed

    def passages(self, text: str, tokens: Sequence[Token], language: str,
                 mentions_person: Callable[[int, int], bool]) -> list[Passage]:
        """The embedded passages of `text` with their scores."""
        skip = _placeholders(tokens) | _inquiries(tokens)
        chosen = [c for c in _select(text, tokens, mentions_person, self.embedder.count, skip)
                  if not _open_question(tokens, c[0], c[1])
                  # A piece about no one ("Fair nok, det var for groft sagt.") judges no one.
                  and any(mentions_person(k, k + 1) for k in range(c[0], c[1])
                          if k not in skip)]
        # Each sentence of a piece is read on its own too (one e5 call for all): a fact and a
        # judgement in one statement average out when read as one ("Du afleverede rapporten
        # til tiden. Jeg oplever dig som selvoptaget."), yet the statement judges.
        sentences = [(sa, sb, model_input(text, tokens, sa, sb, skip))
                     for a, b, _ in chosen for sa, sb in _sentences(tokens, a, b, skip)
                     if any(mentions_person(k, k + 1) for k in range(sa, sb) if k not in skip)
                     # A question beside other sentences is mostly the request or the
                     # invitation of good feedback ("Kan du fremover …?"); the whole statement
                     # is still read with it.
                     and tokens[sb - 1].text != "?"]
        whole = len(chosen)
        left = BUDGET_TOKENS // 2  # the sentences' own ceiling: cost stays bounded
        for sa, sb, piece in sentences:
            n = self.embedder.count(piece)
            if n > left:
                break
            chosen.append((sa, sb, piece))
            left -= n
        if not chosen:
            return []
        vectors = self.embedder([piece for _, _, piece in chosen])
        pieces = [(a, b) for a, b, _ in chosen]
        w = self.weights
        lexical = _sigmoid(np.array([self.lexical_score(tokens[a:b], language)
                                     for a, b in pieces]))
        probs = w.mix * _sigmoid(vectors @ w.statement_w + w.statement_b) + (1 - w.mix) * lexical
        cats = vectors @ w.category_w.T + w.category_b
        return [Passage(a, b, float(p), CATEGORIES[int(np.argmax(c))], n >= whole)
                for n, ((a, b), p, c) in enumerate(zip(pieces, probs, cats, strict=True))]

    def lexical_score(self, tokens: Sequence[Token], language: str) -> float:
        """Logit of the lexical statement classifier for a passage (quotations left out)."""
        own = [t for t in tokens if not t.quoted]
        return linear_score(feature_ids(own, language), self.weights.lexical_w,
                            self.weights.lexical_b)

    def clause_score(self, tokens: Sequence[Token], language: str) -> float:
        """Logit that this run of tokens (one clause) carries the judgement."""
        return linear_score(feature_ids(tokens, language), self.weights.clause_w,
                            self.weights.clause_b)

    def best_clause(self, tokens: Sequence[Token], a: int, b: int,
                    language: str) -> tuple[int, int] | None:
        """Token range (words only) of the clause in [a, b) most likely to judge."""
        best: tuple[float, int, int] | None = None
        for start, end in _clauses(tokens, a, b, _placeholders(tokens)):
            score = self.clause_score(tokens[start:end], language)
            if best is None or score > best[0]:
                best = (score, start, end)
        return None if best is None else (best[1], best[2])


def _pieces(tokens: Sequence[Token], skip: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Token ranges of about CHUNK_CHARS characters, cut at sentence ends where possible."""
    pieces: list[tuple[int, int]] = []
    a = 0
    n = len(tokens)
    while a < n:
        b = a
        # Extend sentence by sentence while the piece stays within CHUNK_CHARS.
        while b < n:
            end = b
            sentence = tokens[b].sentence
            while end < n and tokens[end].sentence == sentence:
                end += 1
            if b > a and tokens[end - 1].end - tokens[a].start > CHUNK_CHARS:
                break
            b = end
        if tokens[b - 1].end - tokens[a].start > CHUNK_CHARS:
            # One sentence over the limit: cut it at the last token that fits.
            b = a + 1
            while b < n and tokens[b].end - tokens[a].start <= CHUNK_CHARS:
                b += 1
        pieces.append((a, b))
        a = b
    return [(a, b) for a, b in pieces
            if any(not t.punct and not t.quoted and t.index not in skip
                   and len(t.text) <= _LONGEST_WORD for t in tokens[a:b])]


def _select(text: str, tokens: Sequence[Token], mentions_person: Callable[[int, int], bool],
            count: Callable[[str], int],
            skip: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """The pieces to embed, as (a, b, model input): all of a text that fits BUDGET_TOKENS,
    else those that mention a person, in order, until the budget is spent; junk left out."""
    pieces = []
    for a, b in _pieces(tokens, skip):
        piece = model_input(text, tokens, a, b, skip)
        n = count(piece)
        if n <= _JUNK_TOKENS_PER_CHAR * len(piece) + 8:
            pieces.append((a, b, piece, n))
    if sum(n for *_, n in pieces) > BUDGET_TOKENS:
        pieces = [p for p in pieces if mentions_person(p[0], p[1])]
    chosen: list[tuple[int, int, str]] = []
    left = BUDGET_TOKENS
    for a, b, piece, n in pieces:
        if n > left:
            # Keep the part that fits (tokens are spread about evenly over a natural text).
            piece = piece[:len(piece) * left // n]
            if not piece.strip() or count(piece) > left:
                break
            n = left
        chosen.append((a, b, piece))
        left -= n
        if left <= 8:
            break
    return chosen


def model_input(text: str, tokens: Sequence[Token], a: int, b: int,
                skip: frozenset[int] = frozenset()) -> str:
    """What the classifier reads of tokens [a, b): the text, each quotation as "…" (quoted
    words are someone else's, as the rules treat them), so each [placeholder] in `skip` (the
    coach's own question to the writer) and each over-long "word", at most CHUNK_CHARS
    characters.

    The training script builds its inputs with this function too.
    """
    parts: list[str] = []
    pos = tokens[a].start
    k = a
    while k < b:
        if tokens[k].quoted or k in skip:
            j = k
            hidden = tokens[k].quoted
            while j < b and (tokens[j].quoted if hidden else j in skip):
                j += 1
            closing = tokens[j - 1].text if tokens[j - 1].punct else ""
            parts.append(text[pos:tokens[k].start] + "…" + closing)
            pos = tokens[j - 1].end
            k = j
        elif len(tokens[k].text) > _LONGEST_WORD:
            parts.append(text[pos:tokens[k].start] + "…")
            pos = tokens[k].end
            k += 1
        else:
            k += 1
    parts.append(text[pos:tokens[b - 1].end])
    return "".join(parts)[:CHUNK_CHARS]


def _placeholders(tokens: Sequence[Token]) -> frozenset[int]:
    """Token indices inside [square brackets]: placeholders such as "[hvad så du konkret?]"
    ask the writer for a fact; they say nothing about the person."""
    inside: set[int] = set()
    opened: int | None = None
    for t in tokens:
        if t.punct and t.text == "[":
            opened = t.index
        elif t.punct and t.text == "]" and opened is not None:
            inside.update(range(opened, t.index + 1))
            opened = None
    return frozenset(inside)


def _sentences(tokens: Sequence[Token], a: int, b: int,
               skip: frozenset[int]) -> list[tuple[int, int]]:
    """Token ranges of the sentences in [a, b) that have words of their own; none when the
    piece is one sentence (it is read whole already)."""
    found: list[tuple[int, int]] = []
    k = a
    while k < b:
        end = k
        while end < b and tokens[end].sentence == tokens[k].sentence:
            end += 1
        if any(not t.punct and not t.quoted and t.index not in skip for t in tokens[k:end]):
            found.append((k, end))
        k = end
    return found if len(found) > 1 else []


# Question words that open a question asking for the other's account ("Hvordan ser du det?",
# "What do you need?"). "Hvorfor"/"why" is left out: "Why are you always late?" reproaches.
_OPEN_QUESTION_WORDS = frozenset((
    "hvordan", "hvad", "hvornår", "hvor", "hvem", "hvilke", "hvilken", "hvilket",
    "how", "what", "when", "where", "who", "which"))


_THANKS = frozenset(("tak", "thanks", "thank"))


def _open_question(tokens: Sequence[Token], a: int, b: int) -> bool:
    """An open question to the addressee invites their view: the learned signal, trained on
    statements, reads its "du"/"you" as a judgement, so it adds nothing there."""
    words = [t for t in tokens[a:b] if not t.punct]
    if words and words[0].norm in _THANKS:
        return True  # thanks for what the person did is no judgement of them
    # The first word, or the second after a name or "og"/"and" ("Mikkel, hvordan ser du det?")
    return any(w.norm in _OPEN_QUESTION_WORDS for w in words[:2]) \
        and tokens[b - 1].text == "?"


# Words that make a question a reproach ("Er du overhovedet interesseret?", "Are you even
# listening?", "Hvorfor kan du aldrig …?"): such a question is read like a statement.
_RHETORICAL = frozenset((
    "overhovedet", "nogensinde", "seriøst", "virkelig", "aldrig", "altid", "ikke", "hvorfor",
    "even", "ever", "seriously", "really", "never", "always", "not", "n't", "why"))
# Verbs that open a yes/no question to the addressee ("Er du glad for …?", "Are you happy …?").
_QUESTION_VERBS = frozenset((
    "er", "har", "kan", "vil", "skal", "synes", "tror", "føler", "oplever", "trives", "ville",
    "kunne", "are", "do", "have", "can", "would", "could", "will", "is", "did", "does"))


def _inquiries(tokens: Sequence[Token]) -> frozenset[int]:
    """Token indices of sentences that ask the person or thank them: an open or yes/no question
    without a word of reproach, or a sentence that thanks within its first words. They invite
    the other's view; the learned signal, trained on statements, reads their "du"/"you" as a
    judgement ("Hvordan har du det egentlig?", "Are you happy working here?")."""
    found: set[int] = set()
    k, n = 0, len(tokens)
    while k < n:
        end = k
        while end < n and tokens[end].sentence == tokens[k].sentence:
            end += 1
        words = [t for t in tokens[k:end] if not t.punct]
        norms = {w.norm for w in words}
        asks = tokens[end - 1].text == "?" and bool(words) and not norms & _RHETORICAL and (
            any(w.norm in _OPEN_QUESTION_WORDS for w in words[:2])
            or words[0].norm in _QUESTION_VERBS)
        thanks = any(w.norm in _THANKS for w in words[:3])
        if asks or thanks:
            found.update(range(k, end))
        k = end
    return frozenset(found)


def _clauses(tokens: Sequence[Token], a: int, b: int,
             skip: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Word-bounded token ranges of the unquoted clauses in [a, b), placeholders left out."""
    found: list[tuple[int, int]] = []
    k = a
    while k < b:
        clause = tokens[k].clause
        end = k
        while end < b and tokens[end].clause == clause:
            end += 1
        words = [t.index for t in tokens[k:end]
                 if not t.punct and not t.quoted and t.index not in skip]
        if words:
            found.append((words[0], words[-1] + 1))
        k = end
    return found


@lru_cache(maxsize=1)
def default_detector() -> Detector | None:
    """The detector over the shipped weights, or None (logged once) when they are unusable."""
    try:
        return Detector(load_weights())
    except DetectorUnavailable as exc:
        log.warning("learned feedback detector off, rules only: %s", exc)
        return None
