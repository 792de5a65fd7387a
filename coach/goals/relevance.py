"""Relevant by meaning: the goal's and the context's e5 vectors, where shared words say nothing.

A team leader whose goal plainly fits the context often shares no key term with it ("holde to
temadage om demens" / "mere viden om demens i personalegruppen" do, "Complete a course in
motivational interviewing" / "help more citizens manage on their own" do not). The keyword rule
(`coach.goals.rules.relevant`) decides first; where it abstains, the cosine of the goal and the
whole context (both embedded as queries, so the comparison is symmetric) says "relevant" when it
is clearly high; otherwise the check asks the human. A low cosine never says "not relevant" on
its own: unrelated MUS texts and plainly fitting ones overlap at the low end (a home-care
nurse's course in motivational interviewing scored 0.774 against her team's goal).

The thresholds come from the labelled contexts in evals/datasets/goals.jsonl (docs/evals.md):
e5 cosines are compressed (unrelated MUS texts still score about 0.75-0.83), so only the ends of
the range decides. Two embeddings per check (~80 ms each on a busy 2-core host); the context's is
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

RELATED = 0.845  # cosine at or above: the goal ties in with the context; below: a question
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


def _closest_sentence(goal: str, context: str, language: str) -> tuple[str, bool]:
    """The context sentence (a goal statement if there is one, else a role statement) that
    shares most words with the goal, shortened to a quote, and whether it states a role (then
    it must not be quoted as something the goal contributes to)."""
    sentences = [s.strip() for s in _SENTENCES.split(context) if s.strip()]
    lex = lx.smart_lexicon()
    stated = [s for s in sentences if lex.relevance_markers.search(s)] or sentences
    aims = [s for s in stated if not _is_role(s, lex)]
    stated = aims or stated
    words = {lemma(w.lower(), language) for w in _WORD.findall(goal)}
    best = max(stated, key=lambda s: len(words & {lemma(w.lower(), language)
                                                  for w in _WORD.findall(s)}))
    quote = best.split()
    text = " ".join(quote[:MAX_QUOTE_WORDS]) + (" …" if len(quote) > MAX_QUOTE_WORDS else "")
    return text.rstrip("."), not aims


def _is_role(sentence: str, lex: lx.SmartLexicon) -> bool:
    """A sentence that says who the person is ("Jeg er udvikler i et team på seks"), not what
    anyone aims at: a role frame and no goal word."""
    return bool(lex.role_statement.search(sentence)) and not lex.goal_markers.search(sentence)


def by_meaning(goal: str, context: str, language: str) -> Finding | None:
    """Relevant judged by meaning (met true, or null with a question that quotes the closest
    context sentence), or None when the model cannot be used (the rules' answer then stands,
    with its question)."""
    try:
        score = similarity(goal, context)
    except Exception as exc:  # no model on this host: relevance stays the rules'
        log.warning("relevance by meaning unavailable: %s", type(exc).__name__)
        return None
    quote, role = _closest_sentence(goal, context, language)
    if score >= RELATED:
        return Finding(True, [], "similar_role" if role else "similar", [quote])
    return Finding(None, [], "distant_role" if role else "distant", [quote])
