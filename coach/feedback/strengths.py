"""What a piece of feedback already does well: situation, behaviour, impact, request, I-statement.

Heuristics over the analyzer's tokens and lexicon; they only praise, so a miss costs little, and
praise never rests on words that judge: nothing in a clause with a finding, in quotation marks
or in a placeholder the user has yet to fill in ("[hvornår skete det?]") counts, and an
I-statement that wraps a judgement ("Jeg føler, at du er ligeglad") is none.
"""

from __future__ import annotations

from typing import Literal

from coach.feedback.frames import Flagged, Frames
from coach.feedback.lexicon import match_entry
from coach.tokens import Token

StrengthKey = Literal["situation", "behaviour", "impact", "request", "i_statement"]
# Words before a verb meaning it was not done (yet): a request or an infinitive.
_NOT_DONE = frozenset({"at", "to", "kan", "vil", "skal", "can", "will", "should", "could",
                       "would", "must", "might"})


def is_event(fr: Frames, tok: Token, *, work_items: bool = False) -> bool:
    """True for meeting/event words, compounds included ("kundemødet" -> møde)."""
    if tok.punct:
        return False
    # Two set lookups and one endswith(tuple) instead of a set union and a loop per token.
    lex = fr.lex
    events = lex.words["event_words"]
    if tok.lemma in events or tok.norm in events:
        return True
    if work_items:
        items = lex.words["work_items"]
        if tok.lemma in items or tok.norm in items:
            return True
        return tok.lemma.endswith(lex.word_tuple("event_words", "work_items", min_len=4))
    return tok.lemma.endswith(lex.word_tuple("event_words", min_len=4))


def strengths(fr: Frames, flagged: list[Flagged]) -> list[StrengthKey]:
    """What the feedback already does well, in a fixed order."""
    tokens, words = fr.t, fr.lex.words
    flagged_clauses = {tokens[k].clause for a, b, _ in flagged for k in range(a, b)}
    general = any(cat == "generalization" for *_, cat in flagged)
    held = _placeholders(tokens)
    free = [t for t in tokens
            if t.clause not in flagged_clauses and not t.quoted and t.index not in held]
    free_idx = {t.index for t in free}
    keys: list[StrengthKey] = []
    # An event alone ("til møderne") is no situation when the statement generalizes over it,
    # and a bare work item ("Rapporten var fin, men du er …") none beside a judgement: with no
    # time or place it names no occasion.
    if any(a in free_idx for a, _, _ in fr.matches("time_words")) or (
            not general and any(is_event(fr, t, work_items=not flagged) for t in free)):
        keys.append("situation")
    questions = {t.sentence for t in tokens if t.norm == "?" and t.index in free_idx}
    if any(t.lemma in words["observable_verbs"] and t.sentence not in questions
           and (t.index == 0 or tokens[t.index - 1].norm not in _NOT_DONE)
           and fr.about_person(t.index, min(t.index + 3, len(tokens)))
           and not _frames_judgement(tokens, t.index, flagged_clauses) for t in free):
        keys.append("behaviour")
    if any(a in free_idx for a, _, _ in fr.matches("impact_markers")):
        keys.append("impact")
    if _has_request(fr, free_idx, flagged):
        keys.append("request")
    judged = {tokens[a].sentence for a, _, _ in flagged}
    if _has_i_statement(fr, free_idx, judged):
        keys.append("i_statement")
    return keys


def _frames_judgement(tokens: list[Token], k: int, flagged_clauses: set[int]) -> bool:
    """A speech or perception verb that introduces a judgement ("Folk siger, at du er doven",
    "people say you're lazy"): hearsay reported, not an action of the person observed."""
    return any(t.clause in flagged_clauses and t.sentence == tokens[k].sentence
               for t in tokens[k + 1:k + 4])


def _placeholders(tokens: list[Token]) -> set[int]:
    """Indices of the tokens inside square brackets, brackets included (one pass)."""
    held: set[int] = set()
    opened: int | None = None
    for tok in tokens:
        if tok.norm == "[":
            opened = tok.index
        elif tok.norm == "]" and opened is not None:
            held.update(range(opened, tok.index + 1))
            opened = None
    return held


def _has_request(fr: Frames, free_idx: set[int], flagged: list[Flagged]) -> bool:
    if any(a in free_idx for a, _, _ in fr.matches("request_markers")):
        return True
    # An open question to the other person invites a conversation.
    flagged_sentences = {fr.t[a].sentence for a, _, _ in flagged}
    return any(tok.norm == "?" and tok.index in free_idx and tok.sentence not in flagged_sentences
               and tok.sentence in fr.person_sentences for tok in fr.t)


def _has_i_statement(fr: Frames, free_idx: set[int], judged: set[int]) -> bool:
    words = fr.lex.words
    for i, tok in enumerate(fr.t):
        if i not in free_idx or tok.sentence in judged:
            continue
        # The word-list test first: it spares subject_kind() for every other token.
        if tok.norm not in words["speaker_subjects"] or fr.subject_kind(i) != "speaker":
            continue
        if tok.norm in ("vi", "we"):
            continue
        window = range(i + 1, min(i + 5, len(fr.t)))
        if any(match_entry(fr.t, k, e, fr.lex.skippable) is not None
               for k in window for e in fr.lex.entries["i_statement_verbs"]):
            return True
        if any(fr.t[k].norm in words["feelings"] or fr.t[k].lemma in words["feelings"]
               for k in window):
            return True
    return False
