"""Faithful rewriting, clause by clause: take the judgement out and keep everything else.

The analyzer's findings say which words judge the person; this module edits only those:
- a label or attribution becomes a question about the behaviour behind it (specific to the label
  where coach/data/feedback/rewrite.yaml knows one), and the clause's topic ("med
  dokumentationen i journalerne", "in client meetings") stays as written;
- an always/never word goes, "aldrig"/"never" becomes a plain negation, and the clause is marked
  as needing one occasion ("senest [hvornår skete det?]");
- words that only introduce a judgement ("Jeg synes måske", "It feels like") and asides
  ("Ærligt talt", "Punktum") go with it;
- every other clause is kept word for word and given its SBI role (behaviour, impact, request,
  praise). A note about "han/hun" is turned to "du" (`coach.feedback.speech`).

Edits are made on tokens (a replacement text or a deletion per token) and rendered with the
original spacing, so whatever is not edited is exactly what the user wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from coach.feedback.rewrite_data import RewriteWords
from coach.feedback.types import Finding
from coach.tokens import Token

Role = Literal["behaviour", "impact", "request", "praise"]
_NEVER = frozenset({"aldrig", "never"})
_EVERY = ("hver", "every")
_VAGUE_ENDS = frozenset({"ord", "word", "thing", "noget", "nogen", "anything", "anyone",
                         "nothing"})  # "says a word | in our meetings": that is a place
_EN_AUX = frozenset({"am", "is", "are", "was", "were", "have", "has", "had", "do", "does", "did",
                     "will", "would", "can", "could", "should", "must", "be", "not"})
_SUBJECTS = {"da": frozenset({"du", "han", "hun", "i", "de", "jeg", "vi", "det", "der", "man",
                              "den", "dette", "folk", "nogen", "alle"}),
             "en": frozenset({"you", "he", "she", "they", "i", "we", "it", "there", "this",
                              "that", "people", "everyone", "someone", "nobody", "the"})}
# "Peter er doven", "Tom has a bad attitude": a capitalised first word before one of these.
_NAME_VERBS = frozenset({"være", "have", "virke", "blive", "be", "seem", "come", "act",
                         "is", "has", "er", "har"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")", "-", "!", "?"})
_WHY = frozenset({"hvorfor", "why"})
# Pronouns a verb phrase may end on: no topic ("høre på andre", "talk to anyone").
_PRONOUNS = frozenset({"andre", "nogen", "noget", "alle", "alt", "others", "anyone", "anything",
                       "everyone", "someone", "anybody", "everybody"})
_POSSESSIVES = frozenset({"din", "dit", "dine", "your"})
# The verb after a subject noun phrase ("dine rapporter er …"): where the topic ends.
_COPULAS = frozenset({"være", "er", "var", "blive", "bliver", "blev", "have", "har", "havde",
                      "be", "is", "are", "was", "were", "has", "had", "get", "gets",
                      "virke", "virker", "seem", "seems", "look", "looks"})
_REQUEST_STARTS = {
    "da": (("kan", "du"), ("vil", "du"), ("kunne", "du"), ("lad", "os"), ("kan", "vi"),
           ("skal", "vi"), ("du", "skal"), ("prøv", "at"), ("husk", "at"), ("jeg", "vil", "gerne"),
           ("jeg", "har", "brug", "for"), ("måske", "kan", "vi")),
    "en": (("could", "you"), ("can", "you"), ("would", "you"), ("will", "you"), ("please",),
           ("let", "us"), ("let", "'s"), ("can", "we"), ("shall", "we"), ("i", "would", "like"),
           ("i", "'d", "like"), ("you", "need", "to"), ("try", "to"), ("just", "be"),
           ("make", "sure"), ("i", "need")),
}


@dataclass
class Piece:
    """One rewritten clause (a sentence body, without its end mark)."""

    role: Role
    text: str
    end: str = "."
    judged: bool = False  # a label or attribution was taken out
    general: bool = False  # an always/never word was taken out: needs one occasion
    question: str = ""  # the placeholder that replaced a judgement
    reason: str = ""  # "label" or "attribution": why that placeholder is there
    topic: str = ""  # the topic the judgement was about, as written ("i kassen")
    topic_kind: str = ""  # "place" (fronted as is), "object" (after "når det gælder"), "clause"
    removed: list[str] = field(default_factory=list)  # the judging excerpts taken out
    first_person_addressee: bool = False  # the clause's subject is the person spoken to
    name_first: bool = False  # the first word is a name (keeps its capital mid-sentence)
    from_context: bool = False  # a context note, not the statement
    opener: str = ""  # the clause's first word, lower-cased (after a dropped coordinator)


@dataclass
class Statement:
    """The feedback (or the context) rewritten."""

    language: str
    pieces: list[Piece] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # names taken out with a judgement
    removed: list[tuple[str, str]] = field(default_factory=list)  # (excerpt, category)

    def of(self, *roles: Role) -> list[Piece]:
        """Pieces of these roles, in text order."""
        return [p for p in self.pieces if p.role in roles]


# -- rendering ---------------------------------------------------------------------------------
def render(text: str, toks: Sequence[Token], replace: dict[int, str], drop: set[int]) -> str:
    """The tokens' text with the original spacing, replacements applied and drops left out."""
    out: list[str] = []
    prev: Token | None = None
    for tok in toks:
        if tok.index in drop:
            continue
        if prev is not None:
            gap = text[prev.end:tok.start]
            if tok.index != prev.index + 1:  # words were dropped in between: one space
                gap = " " if any(c.isspace() for c in gap) else ""
            out.append(gap)
        out.append(replace.get(tok.index, tok.text))
        prev = tok
    joined = "".join(out)
    # A dropped word must not leave " ," or doubled spaces behind.
    for a, b in ((" ,", ","), (" .", "."), ("  ", " "), (",,", ","), (" ?", "?")):
        while a in joined:
            joined = joined.replace(a, b)
    return joined.strip(" ,;:–—-")


def _phrase_at(toks: Sequence[Token], i: int, phrases: Iterable[tuple[str, ...]]) -> int:
    """Length of the first phrase that starts at toks[i] (0 when none)."""
    for phrase in phrases:
        n = len(phrase)
        if i + n <= len(toks) and all(toks[i + k].norm == phrase[k] for k in range(n)):
            return n
    return 0


def contains(toks: Sequence[Token], phrases: Iterable[tuple[str, ...]]) -> bool:
    """True when one of the phrases occurs in the tokens (forms or lemmas)."""
    forms = [t.norm for t in toks]
    lemmas = [t.lemma for t in toks]
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            if tuple(forms[i:i + n]) == phrase or tuple(lemmas[i:i + n]) == phrase:
                return True
    return False


# -- splitting ---------------------------------------------------------------------------------
def sentences(tokens: Sequence[Token]) -> list[list[Token]]:
    """Tokens grouped by sentence, in order."""
    groups: dict[int, list[Token]] = {}
    for tok in tokens:
        groups.setdefault(tok.sentence, []).append(tok)
    return list(groups.values())


def _clauses(sentence: list[Token], words: RewriteWords) -> list[list[Token]]:
    """A sentence cut at clause punctuation and at "og/and/men/but" + a new subject."""
    lang = words.language
    out: list[list[Token]] = []
    current: list[Token] = []
    pending: set[str] = set()  # "hverken … eller": the second half of an open pair
    for i, tok in enumerate(sentence):
        if tok.norm in words.pairs:
            pending.add(words.pairs[tok.norm])
        elif tok.norm in pending:
            pending.discard(tok.norm)
            current.append(tok)
            continue
        if tok.punct and (tok.norm in _CLAUSE_BREAKS or tok.index == sentence[-1].index):
            if tok.norm in (".", "!", "?"):
                continue
            if current:
                out.append(current)
            current = []
            continue
        nxt = sentence[i + 1] if i + 1 < len(sentence) else None
        if current and tok.norm in words.coordinators and nxt is not None and not nxt.punct \
                and (nxt.norm in _SUBJECTS[lang] or nxt.norm in words.addressee
                     or (nxt.text[:1].isupper() and nxt.norm != "i")):
            out.append(current)
            current = []
        current.append(tok)
    if current:
        out.append(current)
    return out


def _gerund(verb: str) -> str:
    """English -ing form of a verb's dictionary form ("share" -> "sharing")."""
    if verb.endswith("e") and not verb.endswith("ee") and len(verb) > 2:
        return verb[:-1] + "ing"
    return verb + "ing"


# -- the rewrite -------------------------------------------------------------------------------
class ClauseRewriter:
    """Rewrites one text's clauses against its findings."""

    def __init__(self, text: str, tokens: list[Token], findings: Sequence[Finding],
                 words: RewriteWords, replace: dict[int, str] | None = None) -> None:
        """Map each finding onto the tokens it covers; `replace` holds person-form edits."""
        self.text = text
        self.tokens = tokens
        self.words = words
        self.lang = words.language
        self.replace = dict(replace or {})
        self.category: dict[int, str] = {}
        self.attributing = False  # the judgement being rewritten guesses at motives
        self.findings = list(findings)
        for f in findings:
            for tok in tokens:
                # A judgement wins over a generalization on the same word.
                if tok.start < f.end and f.start < tok.end and (
                        self.category.get(tok.index) != "label"
                        or f.category != "generalization"):
                    self.category[tok.index] = f.category

    def rewrite(self, only: Sequence[list[Token]] | None = None) -> Statement:
        """Every sentence (or those in `only`) rewritten, clause by clause."""
        out = Statement(self.lang)
        out.removed = [(f.excerpt, f.category) for f in self.findings]
        for sent in (only if only is not None else sentences(self.tokens)):
            question = any(t.norm == "?" for t in sent)
            clauses = _clauses(sent, self.words)
            why = bool(clauses) and clauses[0][0].norm in _WHY
            previous: Piece | None = None
            mine: list[Piece] = []
            flagged = [any(self.category.get(t.index) for t in c) for c in clauses]
            for n, clause in enumerate(clauses):
                if not flagged[n] and any(flagged[n + 1:]) and all(
                        t.norm in self.words.lead_in for t in clause):
                    continue  # "Det er tydeligt, at …", "Hvorfor er det egentlig, at …"
                if len(clause) == 1 and n > 0 and self._is_name(clause[0]):
                    out.names.append(clause[0].text)  # "…, Mette." speaks to Mette
                    continue
                pieces = self._clause(clause, out, previous,
                                      question and n == len(clauses) - 1, why)
                mine += pieces
                previous = pieces[-1] if pieces else previous
            out.pieces += self._join(mine)
        return out

    def _join(self, pieces: list[Piece]) -> list[Piece]:
        """One sentence's clauses back together where a clause cannot stand alone.

        A subordinate clause ("…, når kunderne klager", "…, at de godkendte budgettet") stays
        with the clause before it; after a judgement with nothing else to keep it becomes the
        topic ("Når kunderne klager, har jeg lagt mærke til [...]").
        """
        out: list[Piece] = []
        for p in pieces:
            prev = out[-1] if out else None
            dependent = p.opener in self.words.subordinators or p.opener in self.words.place_preps
            fronted = prev is not None and not prev.judged and prev.role == "behaviour" \
                and prev.text.split(" ", 1)[0].lower() in self.words.subordinators
            if prev is not None and not p.judged and fronted and p.role in ("behaviour",
                                                                             "praise"):
                prev.text = f"{prev.text}, {p.text}"  # "Når vi har deadline, går du i panik"
                prev.role = p.role  # "Da strømmen gik, fik du hurtigt publikum ud": praise
                prev.general = prev.general or p.general
                prev.removed += p.removed
                prev.first_person_addressee = p.first_person_addressee
                continue
            if prev is not None and prev.role == "request" and not p.judged and dependent:
                prev.text = f"{prev.text}, {p.text}"  # "Kan du …, hvis du er forsinket?"
                prev.end = p.end if p.end == "?" else prev.end
                continue
            if prev is not None and p.judged and not p.topic and not prev.judged \
                    and prev.role == "behaviour" \
                    and prev.text.split(" ", 1)[0].lower() in self.words.subordinators:
                p.topic, p.topic_kind = prev.text, "clause"  # "Når nogen skriver …, er du sur"
                p.general = p.general or prev.general
                out[-1] = p
                continue
            if prev is not None and not p.judged and not prev.judged and p.role == prev.role \
                    and p.role in ("behaviour", "praise") and not p.first_person_addressee:
                prev.text = f"{prev.text}, {p.text}"  # one sentence, as written
                prev.general = prev.general or p.general
                prev.removed += p.removed
                continue
            if prev is not None and not p.judged and dependent and p.role != "request":
                if prev.judged and not prev.topic:
                    prev.topic = p.text
                    prev.topic_kind = "clause" if p.opener in self.words.subordinators \
                        else "place"
                    prev.general = prev.general or p.general
                    prev.removed += p.removed
                    continue
                if not prev.judged and p.role != "impact":
                    prev.text = f"{prev.text}, {p.text}"
                    prev.general = prev.general or p.general
                    prev.removed += p.removed
                    continue
            out.append(p)
        return out

    # -- one clause ---------------------------------------------------------------------------
    def _clause(self, clause: list[Token], out: Statement, previous: Piece | None,
                question: bool, why: bool) -> list[Piece]:
        words = self.words
        if _phrase_at(clause, 0, words.fillers) == len(clause):
            return []  # "Ærligt talt", "Punktum"
        lead = _phrase_at(clause, 0, words.fillers)
        connector = ""
        body = clause[lead:]
        if len(body) > 1 and body[0].norm in words.coordinators:
            connector, body = body[0].norm, body[1:]
        if not body:
            return []
        judged = [t for t in body if self.category.get(t.index) in ("label", "attribution")]
        general = [t for t in body if self.category.get(t.index) == "generalization"]
        if why and any(self.category.get(t.index) for t in body):
            body = self._drop_why(body)
        if judged:
            # "You came in 25 minutes late today and clearly don't care": the observation
            # before "and" is kept as its own clause; only the judgement after it is rewritten.
            first = body.index(judged[0])
            cut = max((i for i in range(1, first) if body[i].norm in words.coordinators),
                      default=None)
            if cut is not None and any(t.norm not in words.lead_in for t in body[:cut]):
                left = self._clause(body[:cut], out, previous, False, why)
                right = self._clause(body[cut:], out, left[-1] if left else previous,
                                     question, why)
                return [*left, *right]
            # The first judgement ends where its words stop ("for passiv | på tavlemøderne og
            # siger aldrig noget"): a second one after "og" is a clause of its own.
            run = first
            while run + 1 < len(body) and self.category.get(body[run + 1].index):
                run += 1
            sub = next((i for i in range(run + 1, len(body))
                        if body[i].norm in words.subordinators), len(body))
            cut = next((i for i in range(run + 2, min(sub, len(body) - 1))
                        if body[i].norm in words.coordinators and self._verb_like(body[i + 1])),
                       None)
            if cut is not None:
                # "for passiv på tavlemøderne og siger aldrig noget": the topic ends at "og";
                # what follows is a clause of its own with the subject said again.
                left_body = body[:cut]
                piece = self._judged(left_body, [t for t in judged if t in left_body],
                                     [t for t in general if t in left_body], out)
                rest = body[cut + 1:]
                subject = "du" if self.lang == "da" else "you"
                verb = self.replace.get(rest[0].index, rest[0].text)
                self.replace[rest[0].index] = f"{subject} {verb}"
                right = self._clause(rest, out, piece, question, why)
                for r in right:
                    r.first_person_addressee = r.first_person_addressee or not r.judged
                return [piece, *right]
            return [self._judged(body, judged, general, out)]
        drop: set[int] = set()
        replace = dict(self.replace)
        if general:
            self._generalization(body, general, drop, replace)
        if lead and body and self.lang == "da":
            self._subject_first(body, drop, replace)  # "Ærligt talt er du …" -> "du er …"
        text = render(self.text, body, replace, drop)
        if not text:
            return []
        role = self._role(body, connector, previous, question and not general)
        if role == "request" and general and not question:
            role = "behaviour"  # "Du skal altid have det sidste ord": a claim, not a request
        piece = Piece(role=role, text=text, end="?" if role == "request" and
                      question else ".", general=bool(general))
        opening = replace.get(body[0].index, body[0].text).lower()
        piece.first_person_addressee = opening in words.addressee
        piece.name_first = self._is_name(body[0]) or body[0].text == "I"
        piece.opener = body[0].norm
        if role == "impact" and body[0].norm in ("hvilket", "which"):
            piece.text = ("det" if self.lang == "da" else "that") + text[len(body[0].text):]
        elif role == "impact" and body[0].norm in ("så", "so", "derfor", "therefore"):
            piece.text = text[len(body[0].text):].strip()
            piece.opener = "so"
        if general:
            piece.removed = [self._excerpt(general)]
        if why and question and not judged:
            piece.role, piece.end = "behaviour", "."  # "Hvorfor … aldrig …?" -> a statement
        return [piece]

    def _verb_like(self, tok: Token) -> bool:
        """A finite verb, by its ending (no tagger): "siger", "delte", "listens", "walked"."""
        if self.category.get(tok.index):
            return True
        n, lem = tok.norm, tok.lemma
        if self.lang == "da":
            return (n.endswith("r") and n == lem + "r") or (n.endswith(("ede", "te"))
                                                             and lem != n)
        return lem != n and n.endswith(("s", "ed")) and not n.endswith("ss")

    def _excerpt(self, toks: Sequence[Token]) -> str:
        return self.text[toks[0].start:toks[-1].end]

    def _drop_why(self, body: list[Token]) -> list[Token]:
        """"Hvorfor er det egentlig, at du …" / "Why is it that you …": keep what follows."""
        for i, tok in enumerate(body):
            if tok.norm in ("at", "that") and i + 1 < len(body):
                return body[i + 1:]
        return body[1:] if body[0].norm in _WHY else body

    def _subject_first(self, body: list[Token], drop: set[int], replace: dict[int, str]) -> None:
        """Danish verb-second order after a dropped opener: "er du" -> "du er"."""
        people = self.words.addressee | set(self.words.subjects)
        if len(body) >= 2 and body[1].norm in people and body[0].norm not in people:
            verb, subject = body[0], body[1]
            subject_text = replace.get(subject.index, subject.text)
            replace[subject.index] = replace.get(verb.index, verb.text).lower()
            replace[verb.index] = subject_text

    def _generalization(self, body: list[Token], general: list[Token], drop: set[int],
                        replace: dict[int, str]) -> None:
        """Take the always/never words out; "aldrig"/"never" becomes a plain negation."""
        idx = [t.index for t in general]
        first = general[0]
        for tok in general:
            if tok.norm not in self.words.objects.values() and tok.norm not in ("dig", "you"):
                drop.add(tok.index)  # "altid dig, der …" keeps "dig"
        pos = body.index(general[-1]) + 1
        skip = _phrase_at(body, pos, self.words.companions)
        for k in range(pos, pos + skip):
            drop.add(body[k].index)  # "never once" must not become "not once"
        if first.norm in _NEVER:
            self._negate(body, body.index(first), body.index(general[-1]) + skip, replace, drop)
        elif first.norm in _EVERY and body[0].index in idx:
            # "Hver gang vi har deadline, …" -> "Når vi har deadline, …"
            replace[first.index] = "når" if self.lang == "da" else "when"
            drop.discard(first.index)

    def _negate(self, body: list[Token], i: int, j: int, replace: dict[int, str],
                drop: set[int]) -> None:
        first = body[i]
        if self.lang == "da":
            replace[first.index] = "ikke"
            drop.discard(first.index)
            return
        prev = body[i - 1].norm if i > 0 else ""
        nxt = body[j + 1] if j + 1 < len(body) else None
        drop.discard(first.index)
        if prev in _EN_AUX or nxt is None or nxt.norm in _EN_AUX:
            replace[first.index] = "not"
            if prev in ("have", "has", "had") and prev != body[i - 1].text.lower():
                # "you've never hit" -> "you haven't hit" reads better than "you've not hit"
                replace[first.index] = "not"
            return
        # "never listens" -> "doesn't listen", "never replied" -> "didn't reply".
        if nxt.lemma == nxt.norm:
            replace[first.index] = "don't"
        elif nxt.norm.endswith("s"):
            replace[first.index] = "doesn't"
            replace[nxt.index] = nxt.lemma
        else:
            replace[first.index] = "didn't"
            replace[nxt.index] = nxt.lemma

    def _role(self, body: list[Token], connector: str, previous: Piece | None,
              question: bool) -> Role:
        words = self.words
        first = body[0].norm
        if question or any(_phrase_at(body, 0, [p]) for p in _REQUEST_STARTS[self.lang]):
            return "request"
        second = body[1].norm if len(body) > 1 else ""
        if first in words.impact_openers and (
                first not in ("det", "dette", "it", "this", "that")
                or second in words.impact_verbs or body[1].lemma in words.impact_verbs):
            return "impact"
        if contains(body, words.thanks) or (contains(body, words.praise)
                                            and not any(t.norm in ("ikke", "not")
                                                        for t in body)):
            return "praise"
        if connector and previous is not None and previous.role in ("behaviour",) \
                and first not in words.addressee and first not in words.subjects \
                and first not in ("jeg", "i", "vi", "we"):
            return "impact"  # "…, og eleverne kan mærke det" / "and the kids notice it"
        return "behaviour"

    # -- a clause with a label or attribution -------------------------------------------------
    def _judged(self, body: list[Token], judged: list[Token], general: list[Token],
                out: Statement) -> Piece:
        words = self.words
        a = body.index(judged[0])
        b = body.index(judged[-1]) + 1
        pre, span, post = body[:a], body[a:b], body[b:]
        category = "attribution" if all(self.category[t.index] == "attribution"
                                        for t in judged) else "label"
        # A name in the judgement is kept as the person addressed ("Peter er doven").
        out.names += [t.text for t in [*pre, *span] if self._is_name(t)]
        role_topic = self._role_topic(pre)
        forms = [f for t in span for f in (t.norm, t.lemma)]
        question = words.question(category, forms) or words.default_questions[category]
        self.attributing = category == "attribution"
        post = self._trim(post)
        if post and post[0].norm in words.coordinators:
            post = []  # "all talk and no action": the judgement goes on after "and"
        topic, kind = self._topic(post, span[-1])
        if kind == "place" and post and any(t.norm in _NEVER for t in span) \
                and span[-1].norm not in _VAGUE_ENDS \
                and post[0].norm not in words.subordinators and len(post) > 1:
            # "svarer aldrig på spørgsmål": the verb's object, not a place
            topic, kind = render(self.text, post[1:], self.replace, set()), "object"
        if role_topic and not topic:
            topic, kind = role_topic, "role"
        if not topic:
            topic = self._subject_topic(pre)  # "Dine budgetark er fyldt med fejl"
            kind = "object" if topic else kind
        noun_subject = [t for t in pre if not t.punct]
        if noun_subject and span[0].lemma not in _COPULAS and all(
                t.norm not in _SUBJECTS[self.lang] and t.norm not in words.addressee
                and t.norm not in words.lead_in and t.norm not in words.coordinators
                and not self._verb_like(t) and not self._is_name(t) for t in noun_subject):
            # "ugeplanerne kommer aldrig op til tiden": what the judged verb was said of.
            topic = render(self.text, pre, self.replace, set())
            kind = "object"
            topic = topic[:1].lower() + topic[1:]
        if topic and kind == "object":
            topic = topic[:1].lower() + topic[1:] if topic.split(" ", 1)[0].lower() in \
                words.determiners else topic
        piece = Piece(role="behaviour", text="", judged=True, question=f"[{question}]",
                      reason=category, topic=topic, topic_kind=kind, general=bool(general),
                      opener=body[0].norm)
        piece.removed = [self._excerpt(span)]
        if general:
            piece.removed.append(self._excerpt(general))
        return piece

    def _is_name(self, tok: Token) -> bool:
        """A capitalised word that is no pronoun or lead-in: mid-sentence, or before a verb."""
        words = self.words
        if not tok.text[:1].isupper() or tok.norm == "i" or tok.norm in _SUBJECTS[self.lang] \
                or tok.norm in words.addressee or tok.norm in words.subjects \
                or tok.norm in words.lead_in:
            return False
        if not tok.sentence_start:
            return True
        nxt = self.tokens[tok.index + 1] if tok.index + 1 < len(self.tokens) else None
        return nxt is not None and not nxt.punct and nxt.lemma in _NAME_VERBS

    def _role_topic(self, pre: list[Token]) -> str:
        """"Som afdelingsleder er du …": the role the judgement was about, kept."""
        if pre and pre[0].norm in ("som", "as") and len(pre) > 1:
            end = len(pre)
            while end > 1 and (pre[end - 1].norm in self.words.addressee
                               or pre[end - 1].norm in self.words.lead_in):
                end -= 1
            return render(self.text, pre[1:end], self.replace, set())
        return ""

    def _subject_topic(self, pre: list[Token]) -> str:
        """The person's work as the clause's subject ("dine budgetark", "your presentations")."""
        start = next((i for i, t in enumerate(pre) if t.norm in _POSSESSIVES), None)
        if start is None or any(not t.punct and t.norm not in self.words.lead_in
                                and t.norm not in self.words.coordinators
                                for t in pre[:start]):
            return ""
        end = next((i for i in range(start + 1, len(pre)) if pre[i].lemma in _COPULAS
                    or pre[i].norm in _COPULAS or pre[i].punct), len(pre))
        return render(self.text, pre[start:end], self.replace, set()) if end > start + 1 else ""

    def _noun_phrase(self, vp: list[Token]) -> tuple[list[Token], bool]:
        """The noun phrase a verb phrase holds ("lære det nye journalsystem"), else a place in it
        ("rydde op i værkstedet"), else nothing; True when it is the place."""
        words = self.words
        rest = vp[1:]  # the verb
        while rest and (rest[0].norm in words.object_preps or rest[0].norm in words.place_preps):
            rest = rest[1:]
        if rest and (self._nominal(rest[0]) or (
                rest[0].norm not in _PRONOUNS and not self._verb_like(rest[0])
                and rest[-1].norm not in words.place_preps
                and rest[-1].norm not in words.object_preps)):
            return rest, False  # "mails fra afdelingslederne"; never "andre", "fat på"
        for i in range(len(vp) - 2, 0, -1):
            if vp[i].norm in words.place_preps and self._nominal(vp[i + 1]):
                return vp[i:], True
        return [], False

    def _nominal(self, head: Token) -> bool:
        """A determiner, a definite noun or a name: where a noun phrase starts."""
        definite = self.lang == "da" and head.norm.endswith(("en", "et", "ne")) \
            and len(head.norm) > 4
        return head.norm in self.words.determiners or definite or (
            head.text[:1].isupper() and not head.sentence_start)

    def _trim(self, post: list[Token]) -> list[Token]:
        """A topic without adverbs left dangling by the judgement ("… længere")."""
        while post:
            hit = next((p for p in self.words.trailing if len(p) <= len(post)
                        and tuple(t.norm for t in post[-len(p):]) == p), None)
            if hit is None:
                break
            post = post[:-len(hit)]
        return post

    def _topic(self, post: list[Token], after: Token | None = None) -> tuple[str, str]:
        """The rest of a judged clause, and how it can be said: place, object or clause.

        A topic is a noun phrase: intensifiers go ("rigtig kundeservice"), and a verb phrase
        ("at provokere", "høre på andre" after "gider") keeps only a noun phrase it holds.
        """
        words = self.words
        while post and post[0].norm in words.intensifiers:
            post = post[1:]
        if len(post) > 2 and post[1].norm == ("at" if self.lang == "da" else "to") \
                and post[2].norm not in (
                _SUBJECTS[self.lang] | words.addressee) and (
                post[0].norm in words.object_preps or post[0].norm in words.place_preps):
            post = post[1:]  # "til at rydde op …", "interesseret i at lære …"
        marker = "at" if self.lang == "da" else "to"
        infinitive = bool(post) and post[0].norm == marker and len(post) > 1 \
            and not self._nominal(post[1]) and post[1].norm not in _SUBJECTS[self.lang] \
            and post[1].norm not in words.addressee  # not "to the team", "at vi andre …"
        bare = bool(post) and post[0].norm != marker and not self._nominal(post[0]) \
            and after is not None and (after.norm in words.modals or after.lemma in words.modals)
        if infinitive or bare:
            vp = post[1:] if infinitive else post
            obj, place = self._noun_phrase(vp)
            if place:
                return render(self.text, obj, self.replace, set()), "place"
            if not obj:
                return "", ""  # "for at provokere", "gider høre på andre": no topic
            if self.attributing:
                # "ikke interesseret i at lære det nye journalsystem": a guess at motives is
                # about the verb too; the noun phrase it was about stays ("want to be here"
                # keeps nothing).
                if len(obj) >= 2 or self._nominal(obj[0]):
                    return render(self.text, obj, self.replace, set()), "object"
                return "", ""
            verb = vp[0]
            if self.lang == "da":
                # The whole verb phrase, prepositions kept: "at kommunikere med forældrene".
                return f"at {render(self.text, vp, self.replace, set())}", "object"
            lead = f"at {verb.text}" if self.lang == "da" else _gerund(verb.lemma)
            return f"{lead} {render(self.text, obj, self.replace, set())}", "object"
        if not post:
            return "", ""
        first = post[0].norm
        if first in words.object_preps:
            rest = post[1:]
            if rest and rest[0].norm in ("for", "til") and len(rest) > 1:
                rest = rest[1:]  # "over for de nye kolleger", "til at samarbejde"
            if not rest:
                return "", ""
            return render(self.text, rest, self.replace, set()), "object"
        text = render(self.text, post, self.replace, set())
        if first in words.place_preps:
            return text, "clause" if first in ("når", "hvis", "mens", "when", "whenever", "if",
                                               "while") else "place"
        return text, "object"


