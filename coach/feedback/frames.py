"""Frames the feedback analyzer checks: who a passage is about, and whether it judges them.

- A label or attributed state counts only after a linking verb ("er", "virker", "you're")
  whose subject is a person other than the speaker.
- A motive or attitude phrase ("gider ikke", "don't care") counts only when the nearest
  subject before it is such a person.
- An always/never word counts only when it is about such a person's behaviour, not quoted,
  not "som altid"/"as always", not a permission ("du kan altid ringe") or a standing rule.
- A label may also come before its person ("sådan en brokkerøv som dig", "how lazy you are");
  hedged motives ("you don't seem to care") and loaded questions ("Er du overhovedet
  interesseret?") are attributions; "typisk dig", "altid dig" are generalizations.

No parser is used: Danish/English parsers need model downloads, and these frames only need
word order inside one clause, which the tokens carry.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from coach.feedback.lexicon import Entry, LanguageLexicon, match_entry
from coach.feedback.types import Category
from coach.tokens import Token, is_known

Flagged = tuple[int, int, Category]  # token range [a, b) and category
SubjectKind = Literal["person", "speaker", "possessive"]
_COORDINATORS = frozenset({"og", "and", "or", "eller", "men", "but", ","})
# Verbs after which Danish "I" is the pronoun (plural you), not the preposition "i".
_DA_I_VERBS = frozenset({"være", "have", "skulle", "kunne", "ville", "måtte", "gide", "virke",
                         "blive", "komme", "gøre", "tage", "sige"})
# Word lists whose words are never part of a label's noun phrase.
_FUNCTION_WORDS = ("prepositions", "subordinators", "modifiers", "negations",
                   "impersonal_subjects", "comparison_words", "determiners", "person_objects",
                   "person_subjects", "speaker_subjects", "possessives", "speaker_possessives")
# Verbs that ask or state rather than order: "Never have you…", "Aldrig har du…".
_AUX_VERBS = frozenset({"have", "være", "kunne", "ville", "skulle", "måtte", "gøre", "gide",
                        "be", "do", "can", "could", "will", "would", "shall", "should", "may",
                        "might", "must"})
# Between "you told" and what they told: "me", "that", "selv", a comma.
_REPORT_GLUE = frozenset({"me", "us", "mig", "os", "that", "at", "selv", "yourself", "også",
                          "also"})
_IMPERATIVE_COPULAS = frozenset({"be", "vær"})
_IMPERATIVE_FILLERS = frozenset({"do", "not", "please", "never", "just", "ikke", "nu", "lige",
                                 "bare", "aldrig", "venligst"})
_FRAGMENT_TAIL = 8  # tokens a marker's verbless noun phrase may trail ("på vagten", "of the team")
_REPORT_REACH = 16  # how far back "you told me" may stand from what they told
_BACK_STEPS = 8  # how far back a predicate may sit from its linking verb
_SUBJECT_WINDOW = 10  # how far back a phrase looks for who it is about
_CLAUSE_REACH = 20  # how far forward a quantifier's or marker's clause is read


class Frames:
    """One text being analyzed: its tokens, the lexicon and the frame checks."""

    def __init__(self, tokens: list[Token], lex: LanguageLexicon, names: frozenset[str]) -> None:
        self.t = tokens
        self.lex = lex
        self.names = names
        # Forms of the tokens that may start a lexicon entry (`matches` skips quoted ones).
        self.forms = {f for tok in tokens if not tok.quoted for f in (tok.norm, tok.lemma)}
        self.copula_ends = self._copula_ends()
        self.copula_starts = set(self.copula_ends.values())
        # The checks ask about the same few tokens ~15 times per statement; the answer
        # depends only on this text, so it is kept for this Frames only.
        self._kinds: dict[int, SubjectKind | None] = {}
        # Always/never words the rules excused (offers, rules, welcome, receiving): the learned
        # detector adds no generalization over them either.
        self.excused: set[int] = set()
        # Markers at the end of a sentence that names no one ("Late again, as always."): the
        # learned detector reads their sentence, so its veto can overrule them.
        self.implied: set[int] = set()
        # Tokens of attributions that repeat the person's own account ("You told me you're
        # bored"): the learned detector adds no finding on a clause holding one either.
        self.reported: set[int] = set()
        # Markers opening a clause about the person ("As usual, you…", "As usual, the till was
        # short at the end of your shift"): habits by wording, which the detector cannot veto.
        self.firm: set[int] = set()

    # -- where sentences and clauses start and end (built once: every check below is a lookup,
    # so the analysis stays linear in the text's length) --------------------------------------
    @cached_property
    def _bounds(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """Per token: start and end of its sentence, start and end of its clause."""
        t, n = self.t, len(self.t)
        s_start, c_start = [0] * n, [0] * n
        for i in range(n):
            s_start[i] = s_start[i - 1] if i and t[i - 1].sentence == t[i].sentence else i
            c_start[i] = c_start[i - 1] if i and t[i - 1].clause == t[i].clause else i
        s_end, c_end = [n] * n, [n] * n
        for i in range(n - 2, -1, -1):
            s_end[i] = s_end[i + 1] if t[i + 1].sentence == t[i].sentence else i + 1
            c_end[i] = c_end[i + 1] if t[i + 1].clause == t[i].clause else i + 1
        return s_start, s_end, c_start, c_end

    def sentence_range(self, i: int) -> range:
        """Indices of the tokens in token `i`'s sentence."""
        s_start, s_end, _, _ = self._bounds
        return range(s_start[i], s_end[i])

    def clause_range(self, i: int) -> range:
        """Indices of the tokens in token `i`'s clause."""
        _, _, c_start, c_end = self._bounds
        return range(c_start[i], c_end[i])

    @cached_property
    def person_sentences(self) -> frozenset[int]:
        """Sentences (by number) in which some token names a person."""
        return frozenset(tok.sentence for k, tok in enumerate(self.t)
                         if self.subject_kind(k) == "person")

    @cached_property
    def _subjects(self) -> tuple[list[int], list[int], list[int]]:
        """Per token: the nearest person-or-speaker token before it in its sentence (-1 if
        none), the nearest at or after it in its clause and in its sentence (n if none)."""
        t, n = self.t, len(self.t)
        is_subject = [self.subject_kind(k) in ("person", "speaker") for k in range(n)]
        before, clause_next, sentence_next = [-1] * n, [n] * n, [n] * n
        for i in range(1, n):
            if t[i - 1].sentence == t[i].sentence:
                before[i] = i - 1 if is_subject[i - 1] else before[i - 1]
        for i in range(n - 1, -1, -1):
            if is_subject[i]:
                clause_next[i] = sentence_next[i] = i
            elif i + 1 < n:
                if t[i + 1].clause == t[i].clause:
                    clause_next[i] = clause_next[i + 1]
                if t[i + 1].sentence == t[i].sentence:
                    sentence_next[i] = sentence_next[i + 1]
        return before, clause_next, sentence_next

    @cached_property
    def _negations_before(self) -> list[int]:
        """Per token: how many negations stand before it in its clause."""
        t, negations = self.t, self.lex.words["negations"]
        counts = [0] * len(t)
        for i in range(1, len(t)):
            if t[i - 1].clause == t[i].clause:
                counts[i] = counts[i - 1] + (t[i - 1].norm in negations)
        return counts

    @cached_property
    def _first_instruction(self) -> dict[int, int]:
        """Per sentence: the index of its first instruction word ("husk", "make sure")."""
        first: dict[int, int] = {}
        entries = self.lex.entries["instruction_words"]
        for k, tok in enumerate(self.t):
            if tok.sentence not in first and any(
                    match_entry(self.t, k, e, frozenset()) is not None for e in entries):
                first[tok.sentence] = k
        return first

    # -- who a token is -----------------------------------------------------------------------
    def subject_kind(self, i: int) -> SubjectKind | None:
        """Whether token `i` names a person (not the speaker), the speaker, or an owner."""
        kinds = self._kinds
        if i not in kinds:
            kinds[i] = self._subject_kind(i)
        return kinds[i]

    def _subject_kind(self, i: int) -> SubjectKind | None:
        tok, lex = self.t[i], self.lex
        if tok.punct or tok.quoted:
            return None
        if lex.language == "da" and tok.norm == "i":
            if tok.text != "I":
                return None  # the preposition
            nxt = self.t[i + 1] if i + 1 < len(self.t) else None
            verb_next = nxt is not None and nxt.lemma in _DA_I_VERBS
            return "person" if verb_next or not tok.sentence_start else None
        words = lex.words
        if tok.norm in words["speaker_subjects"] or tok.norm in words["speaker_possessives"]:
            return "speaker"
        if tok.norm in words["person_subjects"]:
            return "person"
        if tok.norm in words["possessives"]:
            return "possessive"
        if lex.has("person_nouns", tok) or tok.norm in self.names or self._compound_person(tok):
            return "person"
        return "person" if self._looks_like_name(tok) else None

    def is_pronoun(self, i: int) -> bool:
        """Whether token `i` is a person pronoun ("du", "I" as plural you, "they")."""
        return self.subject_kind(i) == "person" \
            and self.t[i].norm in self.lex.words["person_subjects"]

    def _compound_person(self, tok: Token) -> bool:
        """A compound ending in a person noun: "teamlederen", "salgschefen"."""
        ends_in = self.lex.ends_in
        return ends_in("person_noun_heads", tok.norm, 2) \
            or ends_in("person_noun_heads", tok.lemma, 2)

    def _looks_like_name(self, tok: Token) -> bool:
        if not tok.text[:1].isupper() or (tok.text.isupper() and len(tok.text) > 1):
            return False
        lex = self.lex
        if lex.has("time_words", tok):
            return False  # "on Thursdays"
        if any(tok.norm in lex.words[k] for k in ("impersonal_subjects", "modifiers", "negations")):
            return False  # function words
        if not tok.sentence_start:
            return True  # mid-sentence capitals are names
        # At a sentence start, an uninflected word followed by a verb ("Mark is", "Morten er");
        # Danish common nouns usually carry an ending there ("Rapporten er").
        nxt = self.t[tok.index + 1] if tok.index + 1 < len(self.t) else None
        if nxt is None or nxt.punct \
                or not (tok.index + 1 in self.copula_starts or nxt.lemma != nxt.norm):
            return False
        # "Mads kommer": a first name the lemmatizer reads as a word ("mads" -> "mad").
        if tok.lemma == tok.norm:
            return True
        if any(tok.norm in lex.words[k] for k in _FUNCTION_WORDS):
            return False  # "The parents…": "the" is a first name in some countries
        from coach.llm.redaction import is_first_name  # loaded only for such a word

        return is_first_name(tok.norm)

    def _copula_ends(self) -> dict[int, int]:
        ends: dict[int, int] = {}
        for i in range(len(self.t)):
            for entry in self.lex.candidates("copulas", self.t[i]):
                end = match_entry(self.t, i, entry, frozenset())
                if end is not None:
                    ends[end - 1] = i
        return ends

    def matches(self, key: str) -> list[tuple[int, int, Entry]]:
        found: list[tuple[int, int, Entry]] = []
        firsts = self.lex.first_words(key)
        if firsts is not None and firsts.isdisjoint(self.forms):
            return found  # no token can start an entry: most lists, most statements
        for i, tok in enumerate(self.t):
            if tok.quoted:  # punctuation may open an entry (", så")
                continue
            if firsts is not None and tok.norm not in firsts and tok.lemma not in firsts:
                continue  # starts no entry: saves a candidates() call (most tokens)
            for entry in self.lex.candidates(key, tok):
                end = match_entry(self.t, i, entry, self.lex.skippable)
                if end is not None and not any(x.quoted for x in self.t[i:end]):
                    found.append((i, end, entry))
        return found

    def _compound_matches(self, key: str) -> list[tuple[int, int, Entry]]:
        """Single-word predicates inside intensifying compounds ("hammerdoven", "pivsur")."""
        found: list[tuple[int, int, Entry]] = []
        prefixes = self.lex.words["compound_prefixes"]
        if not prefixes:
            return found
        singles = [e for e in self.lex.entries[key] if len(e.slots) == 1]
        gate = self.lex.word_tuple("compound_prefixes")
        for i, tok in enumerate(self.t):
            if not tok.norm.startswith(gate):
                continue  # one call instead of a startswith per prefix (most tokens)
            for prefix in prefixes:
                if tok.norm.startswith(prefix) and len(tok.norm) > len(prefix) + 2:
                    rest = tok.norm[len(prefix):].lstrip("-")
                    if any(rest in e.slots[0].words for e in singles):
                        found.append((i, i + 1, singles[0]))
                        break
        return found

    @cached_property
    def sweeping(self) -> frozenset[int]:
        """Token indices of every always/never word, excused or not."""
        return frozenset(k for key in ("quantifiers", "negative_polarity")
                         for a, b, _ in self.matches(key) for k in range(a, b))

    # -- labels and attributed states after a linking verb ------------------------------------
    def predicates(self) -> list[Flagged]:
        """Labels and attributions in predicate position ("du er doven", "you seem bored")."""
        groups: list[tuple[Category, str, bool]] = [
            ("label", "label_predicates", False),
            ("label", "label_negated", True),
            ("attribution", "attribution_predicates", False),
        ]
        matches: list[tuple[int, int, Category, bool]] = []
        for cat, key, needs_negation in groups:
            hits = self.matches(key)
            if key != "label_negated":
                hits += self._compound_matches(key)
            matches += [(a, b, cat, needs_negation) for a, b, _ in hits]
        matches += [(a, b, "label", False) for a, b, _ in self.matches("label_frames")]
        matches += [(a, b, "label", False) for a, b in self._rankings()]
        known = {k for a, b, *_ in matches for k in range(a, b)}
        matches += [(i, i + 1, "label", False) for i in self._generic_labels(known)]
        starts = {a for a, *_ in matches}
        found: list[Flagged] = []
        for a, b, cat, needs_negation in matches:
            span_start = self._linked_subject(a, starts, needs_negation)
            if span_start is not None and cat == "attribution" \
                    and self._third_party_feeling(span_start, a, b):
                continue
            if span_start is None and not needs_negation:
                span_start = self._perceived(a)  # "Jeg oplever dig som arrogant"
            if span_start is not None:
                found.append((span_start, self._noun_phrase_end(a, b), cat))
            elif not needs_negation:
                end = self._trailing_subject(a, b)
                if end is not None:
                    found.append((a, end, cat))
        for key, cat in (("label_verbs", "label"), ("attribution_verbs", "attribution")):
            found += [(a, b, cat) for a, b, _ in self.matches(key) if self.about_person(a, b)]
        reports = {a for a, _, cat in found if cat == "attribution" and self.own_report(a)}
        self.reported.update(k for a, b, _ in found if a in reports for k in range(a, b))
        return [f for f in found if f[0] not in reports]

    def own_report(self, a: int) -> bool:
        """Whether the person's own account stands before token a in its sentence: "You told
        me you're bored", "Du sagde selv, at du keder dig" (what they said, not a guess)."""
        verbs, t = self.lex.words["own_report_verbs"], self.t
        if a <= 0:
            return False
        for k in range(a - 1, max(self.sentence_range(a - 1).start, a - _REPORT_REACH), -1):
            if t[k].norm in {"men", "but"}:
                return False  # "You said it's fine, but you clearly don't care."
            if t[k].lemma not in verbs or not self.is_pronoun(k - 1):
                continue
            # What they said follows as its own clause: "told me (that) you…", "sagde, at du…"
            # ("Du sagde ja, fordi du ville have ros" reports a yes, then guesses why).
            j = k + 1
            while j < len(t) and j - k <= 4 and (t[j].norm in _REPORT_GLUE or t[j].punct):
                j += 1
            return j < len(t) and self.is_pronoun(j)
        return False

    def _third_party_feeling(self, start: int, a: int, b: int) -> bool:
        """Whether the state at a is felt by someone other than the person spoken to, in a
        statement to that person or about the speaker's own people: "Du fik Emil med i legen,
        selvom han var ked af det", "Min leder er stresset, så jeg…" (the situation or the
        impact, not a claim about the person the feedback is for)."""
        t, words = self.t, self.lex.words
        subject = next((k for k in range(max(start - 1, 0), a)
                        if self.subject_kind(k) == "person"), None)
        if subject is None:  # "The customers were annoyed that…": a noun the lists lack
            return self._reaction_to_event(max(a - 1, 0), a, b)
        if t[subject].norm in words["addressees"] and self.is_pronoun(subject):
            return False
        if subject > 0 and t[subject - 1].norm in words["speaker_possessives"]:
            return True
        return self._addressed or self._reported_by_feeler(subject) \
            or self._reaction_to_event(subject, a, b)

    def _reported_by_feeler(self, subject: int) -> bool:
        """"Sanne fortalte mig, at hun blev ked af det", "The client emailed to say they're
        unhappy": the feeler's own account, passed on; not when the reporter speaks of someone
        else ("Forældrene siger, at han er ligeglad" relays a judgement of him)."""
        t, words = self.t, self.lex.words
        verbs = words["own_report_verbs"] | words["report_verbs"]
        stop = max(self.sentence_range(subject).start, subject - _REPORT_REACH)
        for k in range(subject - 1, stop - 1, -1):
            if t[k].norm in {"men", "but"}:
                return False
            if t[k].lemma not in verbs:
                continue
            reporter = next((j for j in range(k - 1, max(stop, k - 4) - 1, -1)
                             if self.subject_kind(j) == "person"), None)
            if reporter is None:  # "The client emailed…": a reporter the lists do not know
                return self.is_pronoun(subject) and t[subject].norm not in words["addressees"]
            if t[reporter].norm == t[subject].norm or t[subject].norm in {"de", "they"}:
                return True
            return self.is_pronoun(subject) and not self._plural(reporter)
        return False

    def _plural(self, k: int) -> bool:
        """A plural person word ("forældrene", "parents", "de")."""
        tok = self.t[k]
        if tok.norm in {"de", "they", "vi", "we"}:
            return True
        if self.lex.language == "en":
            return tok.norm.endswith("s") and tok.lemma != tok.norm
        return tok.norm.endswith(("ene", "erne", "re")) and tok.lemma != tok.norm

    def _reaction_to_event(self, subject: int, a: int, b: int) -> bool:
        """"The parents in Room 2 were upset that the outing was cancelled": a group's or
        another party's reaction to an event (its cause follows), not a trait of the person."""
        t, causes = self.t, self.lex.words["reaction_causes"]
        if not any(tok.norm in causes for tok in t[b:min(b + 3, len(t))]):
            return False
        if t[subject].norm in {"de", "they"}:
            return True
        determiners = self.lex.words["determiners"]
        # The feeler's noun phrase: a plural common noun ("the parents", "forældrene").
        for k in range(max(self.clause_range(subject).start, a - _SUBJECT_WINDOW), a):
            tok = t[k]
            common = self.lex.has("person_nouns", tok) or self._compound_person(tok) \
                or (k > 0 and t[k - 1].norm in determiners)
            if common and self._plural(k):
                return True
        return False

    @cached_property
    def _addressed(self) -> bool:
        """Whether the text speaks to someone ("du", "you" as a person pronoun)."""
        return any(tok.norm in self.lex.words["addressees"] and self.is_pronoun(k)
                   for k, tok in enumerate(self.t))

    def _rankings(self) -> list[tuple[int, int]]:
        """Token ranges that rank a person against others: "den mindst engagerede",
        "the weakest link", "slower than everyone else" (the linking verb is checked after)."""
        t, words, lang = self.t, self.lex.words, self.lex.language
        singles = {w for e in self.lex.entries["label_predicates"] if len(e.slots) == 1
                   for w in e.slots[0].words} | words["gradables"]
        suffixes = ("ere", "est", "este", "ste") if lang == "da" else ("er", "est")
        found: list[tuple[int, int]] = []
        for i, tok in enumerate(t):
            if tok.quoted or tok.punct:
                continue
            nxt = i + 1 < len(t) and t[i].sentence == t[i + 1].sentence
            if tok.norm in words["ranking_low"] and nxt and self._content_word(i + 1, tok.sentence):
                head = i + 2  # "mindst engagerede", "less organised"
            elif tok.norm in words["ranking_high"] and nxt and (
                    i + 1 in self._label_words or t[i + 1].lemma in singles):
                head = i + 2  # "mest negative"
            elif tok.lemma in singles and (tok.norm in words["gradables"] or (
                    tok.norm != tok.lemma and tok.norm.endswith(suffixes))):
                head = i + 1  # "langsommere", "weakest", "worst"
            else:
                continue
            superlative = i > 0 and t[i - 1].norm in words["determiners"] \
                and t[i - 1].norm not in words["indefinite_articles"]
            than = self._than_group(head)
            if than is not None:
                found.append((i, than))
            elif superlative:
                end = head
                while end < head + 2 and self._content_word(end, tok.sentence) \
                        and t[end].clause == tok.clause:
                    end += 1
                found.append((i - 1, end))
        return found

    def _than_group(self, k: int) -> int | None:
        """End of "than everyone else" / "end alle andre" / "end dig" starting near k."""
        t, words = self.t, self.lex.words
        for j in range(k, min(k + 3, len(t))):
            if t[j].punct or t[j].sentence != t[k - 1].sentence:
                return None
            if t[j].norm in words["ranking_than"]:
                for g in range(j + 1, min(j + 4, len(t))):
                    if t[g].punct:
                        return None
                    if self.lex.has("ranking_groups", t[g]) or self.subject_kind(g) in (
                            "person", "possessive") or t[g].norm in words["person_objects"]:
                        end = g + 1
                        while end < len(t) and end < g + 3 and not t[end].punct \
                                and t[end].norm in words["ranking_groups"] | {"else", "andre"}:
                            end += 1
                        return end
                return None
        return None

    def _content_word(self, k: int, sentence: int) -> bool:
        """Whether token k can be part of a noun phrase: a word of the sentence that is no
        function word (preposition, pronoun, conjunction, modifier) and links nothing."""
        if k >= len(self.t):
            return False
        tok, words = self.t[k], self.lex.words
        if tok.punct or tok.quoted or tok.sentence != sentence or k in self.copula_starts \
                or tok.norm in _COORDINATORS:
            return False
        return not any(tok.norm in words[key] for key in _FUNCTION_WORDS)

    def _noun_phrase_end(self, a: int, b: int) -> int:
        """End of the label's noun phrase: "du er en sløv padde", "you're a lazy sod". After an
        indefinite article an adjective is attributive, so the words after it are its noun (at
        most two, up to a function word or punctuation); otherwise the label ends at b."""
        t, words = self.t, self.lex.words
        k = b - 2 if b - a > 1 else a - 1  # "such a *" holds its article
        while k >= max(a - 4, 0) and t[k].norm not in words["indefinite_articles"] \
                and (k >= a or t[k].norm in words["modifiers"]):
            k -= 1
        if k < 0 or t[k].norm not in words["indefinite_articles"]:
            return b
        end = b
        while end < b + 2 and self._content_word(end, t[a].sentence) \
                and t[end].clause == t[a].clause:
            end += 1
        return end

    def _generic_labels(self, known: set[int]) -> list[int]:
        """Words that judge by their shape: "u-/un-/dis-" adjectives, name-calling compounds."""
        words = self.lex.words
        prefixes = self.lex.word_tuple("negative_prefixes")
        endings = self.lex.word_tuple("prefix_adjective_endings")
        found = []
        for i, tok in enumerate(self.t):
            if i in known or tok.punct or tok.norm in words["negative_prefix_exceptions"] \
                    or tok.norm in words["modifiers"]:
                continue
            if self.lex.ends_in("noun_suffixes", tok.norm, 2):
                found.append(i)
                continue
            if not tok.norm.startswith(prefixes):
                continue  # one call instead of a startswith per prefix (most tokens)
            for prefix in words["negative_prefixes"]:
                rest = tok.norm[len(prefix):]
                if (tok.norm.startswith(prefix) and len(rest) >= 4
                        and (not endings or rest.endswith(endings))
                        and is_known(rest, self.lex.language)):
                    found.append(i)
                    break
        return found

    def _linked_subject(self, a: int, predicate_starts: set[int],
                        needs_negation: bool) -> int | None:
        """Token index where the finding starts when predicate `a` hangs on a person, else None.

        Walks back over modifiers, articles, coordinated predicates and an inverted subject
        ("hvorfor er du så sur") to the linking verb, then checks who the subject is.
        """
        tokens, lex = self.t, self.lex
        subject: int | None = None
        negated = coordinated = False
        # "you get too emotional": the linking verb may end on the predicate's "too".
        k = a if a in self.copula_ends and tokens[a].norm in lex.words["modifiers"] else a - 1
        for _ in range(_BACK_STEPS):
            if k < 0 or tokens[k].sentence != tokens[a].sentence or tokens[k].quoted:
                return None
            if k in self.copula_ends:
                break
            tok = tokens[k]
            kind = self.subject_kind(k)
            if kind == "person" and tok.norm in lex.words["person_subjects"] | {"i"}:
                subject = k
            elif kind == "speaker":
                return None
            elif k in predicate_starts or tok.norm in _COORDINATORS:
                coordinated = True
            elif tok.norm not in lex.words["modifiers"] and tok.norm not in lex.words["negations"]:
                return None
            negated = negated or tok.norm in lex.words["negations"]
            k -= 1
        else:
            return None
        if needs_negation and not negated:
            return None
        cop_start = self.copula_ends[k]
        start = cop_start
        if subject is None:
            before = self._subject_before(cop_start)
            if before is not None:
                start = before
            elif tokens[cop_start].norm == "being" and self._sentence_has_person(a):
                pass  # "stop being so lazy": the subject is the addressee
            elif self._imperative_copula(cop_start):
                start = self.sentence_range(cop_start).start  # "Don't be such a …"
            else:
                return None
        return a if coordinated else start

    def _perceived(self, a: int) -> int | None:
        """Start of "oplever dig som" / "find you" before the label at a: a perception verb
        with the person as its object links the label to them, as "du er" does."""
        t, words = self.t, self.lex.words
        k = a - 1
        while k >= 0 and a - k <= 4 and t[k].sentence == t[a].sentence and (
                t[k].norm in words["modifiers"] or t[k].norm in {"som", "as"}) \
                and t[k].norm not in words["negations"]:
            k -= 1
        if k < 1 or t[k].sentence != t[a].sentence or t[k].quoted:
            return None
        person = t[k].norm in words["person_objects"] or (
            self.subject_kind(k) == "person" and t[k].norm not in words["person_subjects"])
        if not person or t[k - 1].lemma not in words["perception_verbs"]:
            return None
        if self._negations_before[k - 1]:
            return None  # "I don't see you as lazy"
        return k - 1

    def _imperative_copula(self, k: int) -> bool:
        """"Don't be such a smart aleck", "Vær nu ikke så doven": an order to be otherwise is
        said to the addressee (the linking verb in its bare form, only fillers before it)."""
        t = self.t
        start = self.sentence_range(k).start
        if t[k].norm not in _IMPERATIVE_COPULAS or k - start > 4:
            return False
        return all(tok.norm in _IMPERATIVE_FILLERS for tok in t[start:k])

    def _trailing_subject(self, a: int, b: int) -> int | None:
        """End of a person the label comes before: "sådan en brokkerøv som dig", "how lazy you
        are". Returns the end of the finding, or None."""
        t, words = self.t, self.lex.words
        if b + 1 < len(t) and t[b].norm in words["comparison_words"] \
                and t[b + 1].norm in words["person_objects"] and not t[b + 1].quoted:
            return b + 2
        k = a - 1
        while k >= 0 and t[k].norm in words["modifiers"] and t[k].norm not in words["negations"]:
            k -= 1
        if k < 0 or t[k].norm not in words["exclamatives"] or b + 1 >= len(t):
            return None
        if self.subject_kind(b) != "person":
            return None
        return next((end + 1 for end, start in self.copula_ends.items() if start == b + 1), None)

    def _subject_before(self, cop_start: int) -> int | None:
        """The person subject ending just before a linking verb ("du er", "de nye er")."""
        for k in range(cop_start - 1, max(cop_start - 3, -1), -1):
            tok = self.t[k]
            if tok.punct or tok.sentence != self.t[cop_start].sentence:
                return None
            kind = self.subject_kind(k)
            if kind == "person":
                return k
            if kind is not None or tok.norm in self.lex.words["impersonal_subjects"]:
                return None
        return None

    def _sentence_has_person(self, i: int) -> bool:
        return self.t[i].sentence in self.person_sentences

    def about_person(self, a: int, b: int, possessive: bool = False) -> bool:
        """True when the phrase at a..b is about a person other than the speaker."""
        wanted = {"person", "possessive"} if possessive else {"person"}
        if any(self.subject_kind(k) in wanted for k in range(a, b)):
            return True
        k = a - 1
        while k >= 0 and a - k <= _SUBJECT_WINDOW and self.t[k].sentence == self.t[a].sentence:
            kind = self.subject_kind(k)
            if kind in wanted:
                return True
            if kind == "speaker":
                return False
            k -= 1
        return False

    # -- attitude phrases anywhere ------------------------------------------------------------
    def phrases(self) -> list[Flagged]:
        """Attitude and motive phrases ("med vilje", "bad attitude") about another person."""
        found: list[Flagged] = [(a, b, "attribution")
                                for a, b, _ in self.matches("attribution_phrases")
                                if self.about_person(a, b, possessive=True)]
        for a, b, _ in self.matches("hedges"):
            ends = [match_entry(self.t, b, e, self.lex.skippable)
                    for e in self.lex.entries["hedged_verbs"]] if b < len(self.t) else []
            end = max((e for e in ends if e is not None), default=None)
            if end is not None and self.about_person(a, b):
                found.append((a, end, "attribution"))
        return found + self._motives() + self._loaded_questions()

    def _motives(self) -> list[Flagged]:
        """"You're only volunteering for that project to get noticed", "Du tager vagten bare
        for at få ros": a self-serving purpose ascribed to the person is a motive nobody can
        see; a focus word ("only", "bare") before it in the clause starts the claim."""
        t, words = self.t, self.lex.words
        found: list[Flagged] = []
        for a, b, _ in self.matches("motive_purposes"):
            start = a
            while start > 0 and a - start < 2 and t[start - 1].norm in words["purpose_markers"]:
                start -= 1  # "to", "for at"
            if start == a or not self.about_person(start, b):
                continue
            sentence = self.sentence_range(a)
            focus = next((k for k in range(start - 1, max(sentence.start, start - 8) - 1, -1)
                          if t[k].norm in words["motive_focus"]), None)
            found.append((start if focus is None else focus, b, "attribution"))
        return found

    def _loaded_questions(self) -> list[Flagged]:
        """"Er du overhovedet interesseret i jobbet?": a marker near a motive word in a question
        to the person insinuates the answer."""
        t, words = self.t, self.lex.words
        found: list[Flagged] = []
        for i, tok in enumerate(t):
            if tok.quoted or tok.norm not in words["loaded_question_markers"]:
                continue
            sentence = self.sentence_range(i)
            if t[sentence[-1]].norm != "?" or tok.sentence not in self.person_sentences:
                continue
            near = [k for k in range(max(i - 3, sentence.start), min(i + 4, sentence.stop))
                    if self.lex.has("loaded_question_words", t[k])]
            if near:
                found.append((min(i, *near), max(i, *near) + 1, "attribution"))
        return found

    # -- always / never ----------------------------------------------------------------------
    def generalizations(self) -> list[Flagged]:
        """Always/never claims about another person's behaviour."""
        found: list[Flagged] = []
        openers = {e.phrase for e in self.lex.entries["clause_openers"]}
        hits = [(a, b, e, False) for a, b, e in self.matches("quantifiers")]
        hits += [(a, b, e, True) for a, b, e in self.matches("negative_polarity")]
        for a, b, entry, needs_negation in hits:
            if self._excused(a, b, entry, needs_negation):
                self.excused.add(a)
                continue
            if entry.phrase in openers and self._clause_initial(a):
                kind = self._next_clause_subject(a)
                if kind is None and self._owned_thing_next(a):
                    kind = "person"  # "Every single time I check, your files are…"
            else:
                kind = self._clause_subject(a, b)
            if kind == "person":
                found.append((a, b, "generalization"))
        found += [(a, b, "generalization") for a, b, _ in self.matches("person_phrases")
                  if self._clause_subject(a, b) != "speaker"]
        found += [(a, b, "generalization") for a, b, _ in self.matches("exasperation")]
        return found + self._markers() + self._habit_markers()

    def _habit_markers(self) -> list[Flagged]:
        """"You were on time for once", "Great job actually showing up for once": a marker that
        the person usually does otherwise, in a clause about them or after sarcastic praise."""
        praise = {self.sentence_range(a).start for a, _, _ in self.matches("praise_openers")
                  if a == self.sentence_range(a).start}
        return [(a, b, "generalization") for a, b, _ in self.matches("habit_markers")
                if self.about_person(a, b) or self.sentence_range(a).start in praise]

    def _markers(self) -> list[Flagged]:
        """"Som sædvanlig en brokkerøv", "Late again, as always", "As usual, you…": a marker
        that says the person is always like this generalizes, and a noun phrase it introduces
        with no verb of its own is a label when it names a kind of person."""
        found: list[Flagged] = []
        t = self.t
        for a, b, entry in self.matches("generalization_markers"):
            np = self._fragment_noun_phrase(b)
            if np is not None:
                found += [(a, b, "generalization"), (np[0], np[1], "label")]
                continue
            final = b >= len(t) or t[b].text in {".", "!", "?", "…"}
            kind = self._clause_subject(a, b) or self._next_clause_subject(a)
            if len(entry.slots) > 1 and final and a > 0 and t[a - 1].norm == "," \
                    and kind in ("person", None):
                found.append((a, b, "generalization"))  # "…for sent igen, som altid."
                if kind is None:
                    self.implied.add(a)
            elif self._clause_initial(a) and len(entry.slots) > 1 \
                    and (self._pronoun_next(b) or self._person_clause_next(b)):
                found.append((a, b, "generalization"))  # "Som sædvanlig kom du uforberedt"
                self.firm.add(a)
        return found

    @cached_property
    def _label_words(self) -> frozenset[int]:
        """Token indices of judging words wherever they stand (no linking verb needed)."""
        found = {k for key in ("label_predicates", "attribution_predicates")
                 for a, b, _ in self.matches(key) + self._compound_matches(key)
                 for k in range(a, b)}
        return frozenset(found | set(self._generic_labels(set())))

    def _agent_noun(self, tok: Token) -> bool:
        """A noun for someone who does something: "whiner", "quitter", "sladrer", "nørgler"."""
        word = tok.norm
        for suffix in ("er", "r"):
            stem = word[:-len(suffix)]
            if word.endswith(suffix) and len(stem) >= 4 and tok.lemma == word \
                    and (is_known(stem, self.lex.language) or is_known(stem + "e",
                                                                         self.lex.language)):
                return True
        return False

    def _pronoun_next(self, b: int) -> bool:
        """Whether a person pronoun is the subject right after b ("As usual, you…", "Som
        sædvanlig kom du…"); a name there may be a place ("Once again, thanks … Berlin")."""
        _, _, sentence_next = self._subjects
        k = sentence_next[b] if b < len(self.t) else len(self.t)
        return k < len(self.t) and k - b <= 3 and self.is_pronoun(k)

    def _person_clause_next(self, b: int) -> bool:
        """"As usual, the new hire didn't read the brief", "As usual, the till was short at
        the end of your shift": the clause after the marker is about a person (its subject
        names one) or their results (the addressee's possessive stands in it)."""
        t = self.t
        k = b
        while k < len(t) and k - b < 3 and t[k].punct:
            k += 1
        if k >= len(t) or t[k].sentence != t[b - 1].sentence:
            return False
        clause = self.clause_range(k)
        span = range(k, min(clause.stop, k + _CLAUSE_REACH))
        if any(self.subject_kind(j) == "speaker" for j in span):
            return False  # "Som sædvanlig takker jeg dig for din indsats"
        # A name or person noun as the subject (in the first words), or the addressee's
        # possessive anywhere in the clause; pronouns are `_pronoun_next`'s.
        return any(self.subject_kind(j) == "person" and not self.is_pronoun(j)
                   for j in range(k, min(k + 3, clause.stop))) \
            or any(self.subject_kind(j) == "possessive" for j in span)

    def _fragment_noun_phrase(self, b: int) -> tuple[int, int] | None:
        """The noun phrase after a marker at b when it stands with no verb of its own up to
        its sentence's end ("Som altid den store besserwisser.", "As usual, a whiner.")."""
        t, words = self.t, self.lex.words
        k = b
        while k < len(t) and t[k].punct and t[k].text in {",", ":", "–", "—", "-"}:
            k += 1
        if k >= len(t) or t[k].norm not in words["determiners"] or t[k].quoted:
            return None
        start, sentence = k, t[k].sentence
        end = k + 1
        while end < start + 4 and self._content_word(end, sentence):
            end += 1
        if end == start + 1 or any(self.lex.has(key, t[end - 1]) for key in
                                   ("time_words", "event_words", "work_items")):
            return None
        # Only a noun phrase that names a kind of person labels: one with a judging word
        # ("den store besserwisser" fails, "den sure gamle mand" passes), a person noun or an
        # agent noun ("a whiner", "en sladrer"). "As usual, a pleasure." labels nobody.
        if not any(k in self._label_words or self.lex.has("person_nouns", t[k])
                   or self._agent_noun(t[k]) for k in range(start + 1, end)):
            return None
        # The rest of the sentence: nothing, or a prepositional phrase with no verb or subject.
        rest = self.sentence_range(start)
        if rest.stop - end > _FRAGMENT_TAIL:
            return None  # a clause of its own follows, no fragment (and the check stays linear)
        tail = [j for j in range(end, rest.stop) if not t[j].punct]
        if tail and (t[tail[0]].norm not in words["prepositions"]
                     or any(j in self.copula_starts or self.is_pronoun(j)
                            or self.subject_kind(j) == "speaker" for j in tail)):
            return None
        return start, end

    def _excused(self, a: int, b: int, entry: Entry, needs_negation: bool) -> bool:
        """Quantifier uses that judge nobody: "som altid", "altid velkommen", permissions."""
        tokens, lex, words = self.t, self.lex, self.lex.words
        if a > 0 and tokens[a - 1].norm in words["preceded_by"]:
            return True
        if any(match_entry(tokens, k, e, frozenset()) is not None
               for k in range(b, min(b + 2, len(tokens))) for e in lex.entries["followed_by"]):
            return True
        if self._imperative(a, b) or a in self._obligations:
            return True
        clause_start = self.clause_range(a).start
        negated = self._negations_before[a] > 0
        if needs_negation and not negated:
            return True
        # "du kan altid ringe" is an offer; "du kan aldrig …", "can't you ever …" are not.
        permissive = not negated and not set(entry.phrase.split()) & words["negations"]
        if permissive and any(t.lemma in words["permission_verbs"]
                              for t in tokens[max(clause_start, a - 3):a]):
            return True
        if permissive and any(t.norm in words["permission_verbs"] for t in tokens[b:b + 1]):
            return True
        if self._first_instruction.get(tokens[a].sentence, a) < a:
            return True
        near = tokens[max(a - 1, 0):a] + tokens[b:b + 1]
        if any(t.lemma in words["receiving_verbs"] for t in near):
            return True
        if self._procedure(a) or self._impersonal_offer(a, b):
            return True
        # "Du har altid min opbakning", "you'll always have our backing": what the speaker
        # offers the person (the speaker's possessive on the thing had), no claim about them.
        has = any(t.lemma == "have" for t in tokens[max(clause_start, a - 2):b + 1])
        return permissive and has \
            and any(t.norm in words["speaker_possessives"] for t in tokens[b:b + 3])

    def _procedure(self, a: int) -> bool:
        """"Du skal altid tjekke ind, når du møder ind", "You must always log out before you
        leave": a duty (modal right before the quantifier) tied to an occasion later in the
        sentence is an instruction, not a habit ascribed to the person."""
        t, words = self.t, self.lex.words
        if a == 0 or t[a - 1].lemma not in words["duty_modals"]:
            return False
        if t[a - 1].lemma == "have" and (a + 1 >= len(t) or t[a + 1].norm != "to"):
            return False
        stop = min(self.sentence_range(a).stop, a + _CLAUSE_REACH)  # bounded: stays linear
        return any(t[k].norm in words["procedure_conditions"] for k in range(a + 1, stop))

    def _impersonal_offer(self, a: int, b: int) -> bool:
        """"Der er altid kaffe i køkkenet, hvis…", "The door is always open if you want to
        talk": a thing or "there" is the subject, and nothing of the person's stands in the
        clause (so "der er aldrig styr på dine papirer" still generalizes)."""
        t, words = self.t, self.lex.words
        clause = self.clause_range(a)
        if a - clause.start > _SUBJECT_WINDOW:
            return False  # a long clause before the quantifier holds more than a subject
        prefix = [k for k in range(clause.start, a) if not t[k].punct]
        if not prefix or (t[prefix[0]].norm not in words["impersonal_subjects"]
                          and t[prefix[0]].norm not in words["determiners"]):
            return False
        if clause.start != self.sentence_range(a).start \
                and t[prefix[0]].norm in words["subordinators"]:
            return False  # "Du er hende, der altid skal…": a relative clause about a person
        k, stop = b, min(clause.stop, b + _CLAUSE_REACH)
        while k < stop and t[k].norm not in words["subordinators"]:
            k += 1
        return not any(self.subject_kind(j) in ("person", "possessive")
                       or t[j].norm in words["person_objects"]
                       for j in [*prefix, *range(b, k)])

    @cached_property
    def _obligations(self) -> frozenset[int]:
        """Token indices inside a prohibition or duty ("du må aldrig", "you must never")."""
        return frozenset(k for a, b, _ in self.matches("obligations") for k in range(a, b))

    def _imperative(self, a: int, b: int) -> bool:
        """"Aldrig del adgangskoder på Slack", "Always lock the safe": a sentence that opens
        with the quantifier and a verb, with no person pronoun in it, is a standing rule."""
        t = self.t
        sentence = self.sentence_range(a)
        if a != sentence.start or b >= sentence.stop or t[b].punct:
            return False
        nxt = t[b]
        if self.subject_kind(b) is not None or b in self.copula_starts \
                or nxt.lemma in _AUX_VERBS or nxt.norm in self.lex.words["modifiers"] \
                or nxt.norm in self.lex.words["determiners"]:
            return False  # "Aldrig har du…", "Never again…", "Always you", "Always the last"
        return not any(self.is_pronoun(k) or self.subject_kind(k) == "speaker"
                       for k in sentence)

    def _clause_initial(self, a: int) -> bool:
        return all(t.punct for t in self.t[self.clause_range(a).start:a])

    def _clause_subject(self, a: int, b: int) -> str | None:
        """The nearest subject before the quantifier (else after it) in the sentence."""
        before, clause_next, _ = self._subjects
        if before[a] >= 0:
            return self.subject_kind(before[a])
        # After the quantifier, within its clause ("altid" ... "du" in the same clause).
        n = len(self.t)
        if b < n and self.t[b].clause == self.t[a].clause and clause_next[b] < n:
            return self.subject_kind(clause_next[b])
        return None

    def _owned_thing_next(self, a: int) -> bool:
        """Whether the clause after the opener's starts with the person's thing ("your files"),
        not a person of theirs ("your manager is there for you")."""
        t, k = self.t, self.clause_range(a).stop
        stop = min(len(t), k + 3)
        while k < stop and t[k].punct and t[k].sentence == t[a].sentence:
            k += 1
        if self.lex.language == "da" and k + 1 < len(t) and t[k].lemma != t[k].norm \
                and self.subject_kind(k) is None:
            k += 1  # the verb first: "Hver gang jeg kigger, ligger dine filer forkert"
        return k + 1 < len(t) and t[k].sentence == t[a].sentence \
            and self.subject_kind(k) == "possessive" and not t[k + 1].punct \
            and self.subject_kind(k + 1) is None

    def _next_clause_subject(self, a: int) -> str | None:
        """For "hver gang vi …, går du …": the subject of the clause the opener governs."""
        _, _, sentence_next = self._subjects
        after = self.clause_range(a).stop
        if after >= len(self.t) or self.t[after].sentence != self.t[a].sentence:
            return None
        k = sentence_next[after]
        return self.subject_kind(k) if k < len(self.t) else None
