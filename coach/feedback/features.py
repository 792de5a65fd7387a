"""Hashed lexical features of a run of tokens, for the clause scorer of `coach.feedback.learned`.

Words, lemmas, word pairs and the character 3-5-grams of each word, hashed into a fixed number
of buckets with CRC-32 (stable across processes and platforms, unlike `hash()`), so the
trained weights are one flat array and no vocabulary ships. The training script
(scripts/train_feedback_model.py) and the analyzer call the same function.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Sequence

import numpy as np

from coach.tokens import Token

BUCKETS = 2**18
_NGRAMS = (3, 4, 5)
_LONGEST_WORD = 40  # character n-grams of longer "words" (pasted hashes, URLs) add only noise


def feature_ids(tokens: Sequence[Token], language: str) -> np.ndarray:
    """The distinct bucket ids of `tokens` (linear in their total length)."""
    names: list[str] = []
    words = [t for t in tokens if not t.punct]
    for tok in words:
        names.append("w:" + tok.norm)
        names.append("l:" + tok.lemma)
        padded = " " + tok.norm[:_LONGEST_WORD] + " "
        for n in _NGRAMS:
            names.extend("c:" + padded[i:i + n] for i in range(len(padded) - n + 1))
    names.extend(f"b:{a.norm} {b.norm}" for a, b in itertools.pairwise(words))
    prefix = language + "|"
    ids = {zlib.crc32((prefix + name).encode()) % BUCKETS for name in names}
    return np.fromiter(ids, dtype=np.int64, count=len(ids))


def linear_score(ids: np.ndarray, weights: np.ndarray, bias: float) -> float:
    """Logit of binary features `ids` under `weights`, L2-normalized as in training."""
    if not len(ids):
        return bias
    return float(weights[ids].sum(dtype=np.float64) / np.sqrt(len(ids)) + bias)
