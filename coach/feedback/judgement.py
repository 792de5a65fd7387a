"""Judgements the rewrite takes out itself, by word class, where the analyzer's findings stop.

The analyzer decides what it reports to the user; a rewrite must in addition never keep a
judgement as "behaviour". `extra_findings` adds findings (never reported, only used to edit the
clauses) for these word classes from coach/data/feedback/rewrite.yaml:
- always/never words in any subject ("Dine rapporter er altid forsinkede"): generalization;
- a mind-reading adverb ("du tror åbenbart", "you obviously enjoy"): the clause from its subject
  to its end, and an "at/that"-clause it governs, is an attribution;
- a belief verb of the person about themselves ("you think you know better"): attribution;
- a negated attitude verb ("tager aldrig ansvar for noget", "ikke lytter"): attribution;
- a never-word with the verb it says of the person ("siger aldrig noget", "never answer"):
  label, so the clause asks for one occasion instead of restating the pattern;
- a verb that judges by itself ("sjusker med", "dominerer", "keep ignoring"): label;
- an evaluative word in a clause about the person or their work ("dine budgetark er fyldt med
  fejl", "your presentations are a mess"): label.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.feedback.clauses import sentences
from coach.feedback.rewrite_data import RewriteWords
from coach.feedback.types import Category, Finding
from coach.tokens import Token

_BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")", "-"})
_ENDS = frozenset({".", "!", "?"})
_COMPLEMENT = frozenset({"at", "that"})
_POSSESSIVE = frozenset({"din", "dit", "dine", "your"})
_MARKERS = frozenset({"at", "to"})  # infinitive markers: "enough to share them" stays judged
_COPULA = frozenset({"være", "be", "blive", "virke", "seem"})
_NEVER = frozenset({"aldrig", "never"})
# What a never-verb may take along without it being a topic ("siger aldrig et ord").
_VAGUE = (("et", "ord"), ("a", "word"), ("a", "thing"), ("noget",), ("nogen",),
          ("anything",), ("anyone",), ("nothing",))
_REFLEXIVE = frozenset({"sig", "dig", "mig", "yourself", "himself", "herself"})


def _finite(tok: Token, language: str) -> bool:
    """A Danish finite verb by its ending (no tagger): "siger", "kommer", "delte", "tør"."""
    n, lem = tok.norm, tok.lemma
    return (n.endswith("r") and n in (lem + "r", lem[:-1] + "r")) or (
        n.endswith(("ede", "te")) and lem != n) or n in ("tør", "gad", "kan", "vil", "skal")


def _match(toks: Sequence[Token], i: int, phrases: Sequence[tuple[str, ...]]) -> int:
    """Length of the first phrase (by form or lemma) starting at toks[i]; 0 when none."""
    for phrase in phrases:
        n = len(phrase)
        if i + n <= len(toks) and all(phrase[k] in toks[i + k].keys for k in range(n)):
            return n
    return 0


class _Finder:
    def __init__(self, text: str, words: RewriteWords, findings: Sequence[Finding]) -> None:
        self.text = text
        self.words = words
        self.found: list[Finding] = []
        self.known = list(findings)

    def covered(self, a: Token, b: Token) -> bool:
        return any(f.start <= a.start and b.end <= f.end for f in [*self.known, *self.found])

    def add(self, category: Category, a: Token, b: Token) -> None:
        if self.covered(a, b):
            return
        self.found.append(Finding(category=category, start=a.start, end=b.end,
                                  excerpt=self.text[a.start:b.end], explanation=""))

    def clause_start(self, sent: Sequence[Token], i: int) -> int:
        """Index in `sent` where the clause holding sent[i] starts (after a coordinator)."""
        k = i
        while k > 0 and not (sent[k - 1].punct and sent[k - 1].norm in _BREAKS) \
                and sent[k - 1].norm not in self.words.coordinators:
            k -= 1
        while k < i and sent[k].norm in self.words.coordinators:
            k += 1
        return k

    def clause_end(self, sent: Sequence[Token], i: int, *, complement: bool) -> int:
        """Index of the clause's last word; with `complement`, through an "at/that"-clause."""
        k = i
        while k + 1 < len(sent):
            nxt = sent[k + 1]
            if nxt.punct and nxt.norm in _ENDS:
                break
            if nxt.punct and nxt.norm in _BREAKS:
                after = sent[k + 2] if k + 2 < len(sent) else None
                if not (complement and after is not None and after.norm in _COMPLEMENT):
                    break
            k += 1
        return k

    def subject(self, sent: Sequence[Token], start: int) -> Token | None:
        return sent[start] if start < len(sent) else None

    def about_person(self, sent: Sequence[Token], start: int) -> bool:
        first = self.subject(sent, start)
        return first is not None and (first.norm in self.words.addressee
                                      or first.norm in _POSSESSIVE
                                      or first.norm in self.words.subjects)

    def scan(self, sent: list[Token]) -> None:
        w = self.words
        for i, tok in enumerate(sent):
            if tok.punct or tok.quoted:
                continue
            n = _match(sent, i, w.general)
            if n:
                self.add("generalization", tok, sent[i + n - 1])
                if tok.norm in _NEVER:
                    self._never(sent, i, n)
            n = _match(sent, i, w.judging_verbs)
            # A one-word verb judges when said of the person; an idiom ("instead of owning
            # it", "have det sidste ord") does anywhere.
            if n and (n > 1 or any(t.norm in w.addressee or t.norm in w.subjects
                                   for t in sent[max(0, i - 3):i])):
                b = i + n - 1
                if b + 1 < len(sent) and sent[b + 1].norm in _REFLEXIVE:
                    b += 1  # "brokker sig", "kills himself": the pronoun goes with the verb
                self.add("label", tok, sent[b])
            if tok.norm in w.mind_reading:
                start = self.clause_start(sent, i)
                end = self.clause_end(sent, i, complement=True)
                # "tydeligvis ligeglad med at vi andre venter": what it is about stays.
                end = next((k - 1 for k in range(i + 2, end + 1)
                            if sent[k].norm in w.object_preps and sent[k].norm not in _MARKERS),
                           end)
                if not any(sent[start].start <= f.start < sent[end].end for f in self.known):
                    # "Det er tydeligt, at du ikke gider …": the analyzer has the judgement.
                    self.add("attribution", sent[start], sent[end])
            if tok.norm in w.belief_verbs and any(t.norm in w.addressee
                                                  for t in sent[max(0, i - 2):i]):
                rest = [t for t in sent[i + 1:i + 5] if not t.punct]
                if any(t.norm in w.addressee for t in rest[:3]):
                    start = self.clause_start(sent, i)
                    end = self.clause_end(sent, i, complement=True)
                    # "… better than the senior nurses": whom it is about stays as the topic.
                    end = next((k - 1 for k in range(i + 3, end + 1)
                                if sent[k].norm in w.object_preps
                                and sent[k].norm not in _MARKERS), end)
                    self.add("attribution", sent[start], sent[end])
            self._degree(sent, i)
            self._attitude(sent, i)
            n = _match(sent, i, w.evaluative)
            if n and self.about_person(sent, self.clause_start(sent, i)):
                a = i
                while a > 0 and sent[a - 1].norm in w.intensifiers:
                    a -= 1
                self.add("label", sent[a], sent[i + n - 1])

    def _never(self, sent: list[Token], i: int, n: int) -> None:
        """"siger aldrig noget", "never answer", "never around": the verb the never-word says
        of the person judges with it, so the two (and a vague object) are one judgement; the
        clause keeps its object as the topic and asks for one occasion."""
        w = self.words
        a, b = i, i + n - 1
        if self.words.language == "da":
            before = sent[i - 1] if i > 0 else None
            if before is None or before.punct or not _finite(before, "da"):
                return
            a = i - 1
            if before.norm in w.modals and b + 1 < len(sent) and not sent[b + 1].punct:
                b += 1  # "tør aldrig sige fra": the infinitive goes too
        else:
            after = sent[b + 1] if b + 1 < len(sent) else None
            if after is None or after.punct or after.norm in w.determiners \
                    or after.norm in w.addressee:
                return
            b += 1
        b += _match(sent, b + 1, _VAGUE)
        self.add("label", sent[a], sent[b])

    def _degree(self, sent: list[Token], i: int) -> None:
        """A degree word and a word after "du er"/"you're": "for sensitiv", "too aggressive"."""
        w = self.words
        n = _match(sent, i, w.degree)
        if not n or i < 2 or sent[i - 1].lemma not in _COPULA \
                or (sent[i - 2].norm not in w.addressee and sent[i - 2].norm not in w.subjects):
            return
        j = i + n
        if j < len(sent) and not sent[j].punct:
            self.add("label", sent[i], sent[j])

    def _attitude(self, sent: list[Token], i: int) -> None:
        """A negation within two words of an attitude verb: "lytter aldrig", "don't listen"."""
        w = self.words
        head = [t for t in sent[i:] if t.norm not in w.negations]
        n = _match(head, 0, w.attitudes) if sent[i].norm not in w.negations else 0
        if not n:
            return
        last = sent.index(head[n - 1])
        near = [k for k in range(max(0, i - 3), min(len(sent), last + 3))
                if sent[k].norm in w.negations]
        if not near:
            return
        a = min(near[0], i)
        b = max([last, *(k for k in near if k <= last + 1)])
        b += _match(sent, b + 1, w.vague_objects)
        self.add("attribution", sent[a], sent[b])


def extra_findings(text: str, tokens: Sequence[Token], findings: Sequence[Finding],
                   words: RewriteWords) -> list[Finding]:
    """Findings for judgements of the word classes above that `findings` do not cover."""
    finder = _Finder(text, words, findings)
    for sent in sentences(tokens):
        finder.scan(sent)
    return finder.found


__all__ = ["extra_findings"]
