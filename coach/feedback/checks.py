"""What every rewritten suggestion must pass, whichever engine wrote it.

It no longer judges the person (the analyzer finds nothing), keeps every concrete fact of the
input, and does not repeat a judging word of the input.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.feedback.analyzer import FeedbackAnalyzer, Scan
from coach.feedback.sbi import rewrite
from coach.feedback.types import SBISuggestion
from coach.llm.checks import ungrounded
from coach.tokens import tokenize

_FUNCTION_VERBS = frozenset({"være", "have", "gøre", "få", "blive", "kunne", "ville", "skulle",
                             "be", "do", "get", "can", "will", "would", "could", "just", "a", "an",
                             "gerne", "want", "only", "kun", "to", "at", "the"})


# -- checks every suggestion must pass ---------------------------------------------------------
def trait_words(scan: Scan) -> set[str]:
    """Judging words of the input (labels and attributions, without pronouns and fillers)."""
    fr = scan.frames
    if fr is None:
        return set()
    words = fr.lex.words
    # Function words carry no judgement; a rewrite may use them freely.
    skip = (words["person_subjects"] | words["modifiers"] | words["negations"]
            | words["possessives"] | words["speaker_subjects"] | words["prepositions"]
            | words["impersonal_subjects"] | words["subordinators"] | _FUNCTION_VERBS
            # "slower than everyone else": who the person is ranked against is no trait
            | words["ranking_than"] | words["ranking_groups"] | words["determiners"])
    found: set[str] = set()
    for a, b, cat in scan.flagged:
        if cat == "generalization":
            continue
        for tok in scan.tokens[a:b]:
            if tok.punct or tok.norm in skip or fr.copula_ends.get(tok.index) is not None:
                continue
            if fr.subject_kind(tok.index) == "person":
                continue  # the person's name is a fact, not a trait
            if len(tok.norm) > 2:
                found.add(tok.lemma)
    return found


def kept_facts(scan: Scan, context: Scan | None, analyzer: FeedbackAnalyzer,
               names: Sequence[str] = ()) -> list[str]:
    """The facts and topics the rules engine keeps, as written: every engine must keep them.

    Numbers, dates, times and names of the input (and its context), and the topic of every
    rewritten judgement ("med dokumentationen i journalerne" keeps "dokumentationen i
    journalerne"), in order and without repeats.
    """
    sources = "\n".join([scan.text, context.text if context else ""])
    parts = rewrite(scan, context, analyzer, names)
    topics = [p.topic for p in parts.pieces if p.topic]
    return list(dict.fromkeys([*ungrounded(sources), *topics]))


def suggestion_complaints(suggestion: SBISuggestion, scan: Scan, sources: str,
                          analyzer: FeedbackAnalyzer, names: Sequence[str] = ()) -> list[str]:
    """Why a suggestion is not acceptable (empty list = fine)."""
    complaints: list[str] = []
    result = analyzer.scan(suggestion.text, scan.language, names)
    for f in result.findings:
        complaints.append(f"The suggestion still judges the person ({f.category}): "
                          f"“{f.excerpt}”. Describe the observable behaviour instead.")
    missing = ungrounded(sources, suggestion.text)
    if missing:
        complaints.append("The suggestion drops these facts from the input: "
                          + ", ".join(missing) + ". Keep every concrete fact.")
    traits = trait_words(scan)
    used = sorted({t.text for t in tokenize(suggestion.text, scan.language)
                   if t.lemma in traits or t.norm in traits})
    if used:
        complaints.append("Do not repeat these judging words from the input: "
                          + ", ".join(used) + ".")
    return complaints
