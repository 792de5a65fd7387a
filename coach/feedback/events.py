"""Reports of what a person did: the contract's concrete observation, not a judgement.

The learned detector reads "du"/"you" beside any action as a little judging ("Du glemte at
åbne kasse 3 i går" scores about 0.6, "You listened, repeated what she said…" 0.5), while
what it finds without a rule scores 0.75 and over. So a passage that only reports events
(every person subject does a past-tense action verb, with no linking verb, auxiliary, adverb
or always/never between them) must clear a higher bar before the detector alone flags it.
Judging verbs ("sjuskede", "sabotaged") still score over that bar; motives and labels beside
an event ("…fordi du ville have ros", "…like the amateur you are") bring a subject whose
verb is no past action, and the passage is judged by the usual bar.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from coach.feedback.lexicon import LanguageLexicon
from coach.tokens import Token

# Verbs that carry tense or link rather than report an action ("du var", "you could",
# "you had"): a clause built on one says how someone is, or may be, not what they did.
_AUXILIARIES = frozenset((
    "være", "have", "kunne", "ville", "skulle", "måtte", "burde", "gide", "blive", "virke",
    "lade", "synes", "tro", "føle",
    "be", "have", "do", "can", "could", "will", "would", "shall", "should", "may", "might",
    "must", "get", "seem", "look", "appear", "become", "feel", "think", "want", "need"))


def past_action(tok: Token, language: str) -> bool:
    """Whether `tok` is a past-tense action verb ("glemte", "afbrød", "listened", "took").

    No tagger ships offline; an inflected form whose lemma differs, and which is no present
    tense ("glemmer", "interrupts"), participle in -ing or Danish adjective ("de nye"), is a
    past tense in these frames.
    """
    if tok.punct or tok.lemma == tok.norm or tok.lemma in _AUXILIARIES:
        return False
    if language == "da":
        # A verb's lemma is its infinitive ("glemme", "gå"); "nye" -> "ny" is an adjective.
        return tok.lemma.endswith(("e", "å")) and not tok.norm.endswith("r") \
            and (tok.norm.endswith(("te", "de")) or not tok.norm.endswith("e"))
    return not tok.norm.endswith(("s", "ing"))


def reports_events(tokens: Sequence[Token], a: int, b: int, lex: LanguageLexicon,
                   sweeping: Collection[int], pronoun: Callable[[int], bool]) -> bool:
    """Whether tokens [a, b) only report what people did: each person pronoun there has a
    past-tense action verb right beside it (after it, or before it in Danish word order:
    "I går glemte du…"), and no negation or always/never word (token indices `sweeping`)
    stands in the passage. `pronoun(k)`: token k is a person pronoun ("I" is, "i" is not)."""
    found = False
    for k in range(a, b):
        tok = tokens[k]
        if k in sweeping or tok.norm in lex.words["negations"]:
            return False
        if not pronoun(k):
            continue
        after = k + 1 < b and past_action(tokens[k + 1], lex.language)
        before = lex.language == "da" and k > a and past_action(tokens[k - 1], lex.language) \
            and tokens[k - 1].clause == tok.clause
        if not (after or before):
            return False
        found = True
    return found
