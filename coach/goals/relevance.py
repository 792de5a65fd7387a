"""Relevant by meaning: the goal's and the context's e5 vectors, where shared words say nothing.

A team leader whose goal plainly fits the context often shares no key term with it ("holde to
temadage om demens" / "mere viden om demens i personalegruppen" do, "Complete a course in
motivational interviewing" / "help more citizens manage on their own" do not). The keyword rule
(`coach.goals.rules.relevant`) decides first; where it abstains, the cosine of the goal and the
whole context (both embedded as queries, so the comparison is symmetric) decides when it is
clearly high or clearly low, and the check asks the human otherwise.

The thresholds come from the labelled contexts in evals/datasets/goals.jsonl (docs/evals.md):
e5 cosines are compressed (unrelated MUS texts still score about 0.75-0.83), so only the ends of
the range decide. Two embeddings per check (~80 ms each on a busy 2-core host); the context's is
cached when the same context is checked again.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

import numpy as np

from coach.goals import lexicon as lx
from coach.goals.rules import Finding
from coach.tokens import lemma

log = logging.getLogger(__name__)

RELATED = 0.845  # cosine at or above: the goal ties in with the context
# At or below: it lies far from it. Low on purpose: "not relevant" about a goal that fits
# costs more than a question (a course in motivational interviewing for a home-care nurse
# scores 0.785 against her team's goal, a guitar course for a payroll clerk 0.756).
UNRELATED = 0.78
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]{3,}")
MAX_QUOTE_WORDS = 14


@cache
def _model() -> Any:
    from coach.knowledge.embeddings import load_embedding_function  # loads the e5 model

    return load_embedding_function()


def similarity(goal: str, context: str) -> float:
    """Cosine of the goal and the context (L2-normalised e5 query vectors)."""
    vectors = np.asarray(_model().embed_query([goal, context]), dtype=np.float32)
    return float(vectors[0] @ vectors[1])


def _closest_sentence(goal: str, context: str, language: str) -> str:
    """The context sentence (a role or goal statement if there is one) that shares most
    words with the goal, shortened to a quote."""
    sentences = [s.strip() for s in _SENTENCES.split(context) if s.strip()]
    markers = lx.smart_lexicon().relevance_markers
    stated = [s for s in sentences if markers.search(s)] or sentences
    words = {lemma(w.lower(), language) for w in _WORD.findall(goal)}
    best = max(stated, key=lambda s: len(words & {lemma(w.lower(), language)
                                                  for w in _WORD.findall(s)}))
    quote = best.split()
    text = " ".join(quote[:MAX_QUOTE_WORDS]) + (" …" if len(quote) > MAX_QUOTE_WORDS else "")
    return text.rstrip(".")


def by_meaning(goal: str, context: str, language: str) -> Finding | None:
    """Relevant judged by meaning (met true, false or null with the closest context sentence),
    or None when the model cannot be used (the rules' answer then stands, with its question)."""
    try:
        score = similarity(goal, context)
    except Exception as exc:  # no model on this host: relevance stays the rules'
        log.warning("relevance by meaning unavailable: %s", type(exc).__name__)
        return None
    quote = _closest_sentence(goal, context, language)
    if score >= RELATED:
        return Finding(True, [], "similar", [quote])
    if score <= UNRELATED:
        return Finding(False, [], "unrelated", [quote])
    return Finding(None, [], "unclear", [quote])
