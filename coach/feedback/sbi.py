"""The rules engine behind feedback rephrasing: the feedback rewritten faithfully, as SBI.

`rewrite` takes the statement (and its context) apart clause by clause
(`coach.feedback.clauses`, `coach.feedback.speech`): judging words go, everything else stays.
`compose` writes three genuinely different suggestions from the same parts, each with a
`style`: a full SBI statement (`sbi`), a question-led opener that asks for the employee's view
first (`question`) and a short version for a chat message (`short`). Praise stays praise.
`rules_suggestions` keeps those that pass the analyzer, and `explain` says what was kept, what
was removed and which placeholders to fill, computed from the suggestions themselves.
Sentence frames live in coach/data/feedback/messages.yaml (`rephrase.*`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz

from coach.feedback.analyzer import FeedbackAnalyzer, Scan
from coach.feedback.clauses import ClauseRewriter, Piece, contains
from coach.feedback.judgement import extra_findings
from coach.feedback.lexicon import default_lexicon, messages
from coach.feedback.rewrite_data import RewriteWords, rewrite_words
from coach.feedback.speech import Notes, read_notes, second_person, split_lines, third_person
from coach.feedback.types import Finding, SBISuggestion, Style
from coach.llm.checks import grounding_lexicon, ungrounded
from coach.placeholders import PLACEHOLDER
from coach.tokens import lemma, tokenize

_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_DUPLICATE = 85  # near-duplicate bar, shared with the eval suite (evals/solvers.py)
# Danish sentence adverbs move in front of the verb in an "at"-clause ("du svarer ikke" ->
# "at du ikke svarer"); the only word-order rule the frames need.
_DA_ADVERBS = frozenset({"ikke", "også", "bare", "jo", "ofte", "sjældent", "stadig", "allerede",
                         "gerne", "tit", "nok", "faktisk"})
_LOWER_FIRST = frozenset({"du", "you", "han", "hun", "he", "she", "det", "it", "jeg", "vi", "we",
                          "der", "there", "når", "when", "i", "the", "your", "din", "dit",
                          "dine", "på", "in", "on", "at", "med", "with"})


@dataclass
class Parts:
    """The feedback and its context, rewritten and sorted into SBI parts."""

    language: str
    pieces: list[Piece] = field(default_factory=list)  # statement and context, in order
    situation: list[str] = field(default_factory=list)  # scene-setting fragments of the context
    scenes: list[str] = field(default_factory=list)  # scene-setting sentences of the context
    names: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    has_time: bool = False  # a time or date is given anywhere
    occasion: bool = False  # one given outside the always/never claim: no "[hvornår?]" needed

    def of(self, *roles: str) -> list[Piece]:
        """Pieces of these roles, in order."""
        return [p for p in self.pieces if p.role in roles]

    @property
    def praise(self) -> bool:
        """Praise: something to thank for, and nothing judged or asked to change."""
        return bool(self.of("praise")) and not any(p.judged or p.general for p in self.pieces)


def _scan_segments(context: Scan | None, analyzer: FeedbackAnalyzer,
                   names: Sequence[str]) -> list[tuple[str, list, list]]:
    if context is None:
        return []
    segments = []
    for _, line in split_lines(context.text):
        scan = analyzer.scan(line, context.language, names)
        words = rewrite_words(context.language)
        segments.append((scan.text, scan.tokens, _findings(scan, words)))
    return segments


def _findings(scan: Scan, words: RewriteWords) -> list[Finding]:
    """The analyzer's findings and the judgements the rewrite takes out by word class."""
    return [*scan.findings, *extra_findings(scan.text, scan.tokens, scan.findings, words)]


def rewrite(scan: Scan, context: Scan | None, analyzer: FeedbackAnalyzer,
            names: Sequence[str] = ()) -> Parts:
    """The statement and its context, rewritten clause by clause."""
    words = rewrite_words(scan.language)
    replace = second_person(scan.tokens, words) if third_person(scan.tokens, words) else {}
    statement = ClauseRewriter(scan.text, scan.tokens, _findings(scan, words), words,
                               replace).rewrite()
    notes: Notes = read_notes(_scan_segments(context, analyzer, names), words,
                              speak_to_person=True)
    seen = {p.text.lower() for p in statement.pieces}
    context_pieces = [p for p in notes.pieces if p.text.lower() not in seen]
    for p in context_pieces:
        p.from_context = True
    parts = Parts(scan.language, situation=notes.situation, scenes=notes.scenes,
                  pieces=[*context_pieces, *statement.pieces],
                  names=list(dict.fromkeys([*statement.names, *notes.names])),
                  removed=[*statement.removed, *notes.removed])
    sources = "\n".join([scan.text, context.text if context else ""])
    parts.has_time = has_time(sources)
    said = " ".join([*notes.situation, *notes.scenes, *(p.text for p in context_pieces)])
    parts.has_time = has_time("\n".join([scan.text, said]))
    parts.occasion = has_time(said) or any(
        has_time(p.text) for p in statement.pieces if not p.general and not p.judged)
    return parts


def has_time(text: str) -> bool:
    """A time, date or number anywhere: the situation is known, no "[hvornår?]" needed."""
    return any(c.isdigit() for c in text) or any(
        pattern.search(text) for pattern, _, _ in grounding_lexicon().time_phrases)


# -- composing ---------------------------------------------------------------------------------
class _Writer:
    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.lang = parts.language
        self.words: RewriteWords = rewrite_words(parts.language)

    def msg(self, key: str, **values: str) -> str:
        return messages().message(f"rephrase.{key}", self.lang, **values)

    def styled(self, style: str, key: str, **values: str) -> str:
        """The style's own wording of a frame (`rephrase.<style>.<key>`), else the SBI one."""
        own = f"rephrase.{style}.{key}"
        if own in messages():
            return messages().message(own, self.lang, **values)
        return self.msg(key, **values)

    def judged(self, p: Piece, *, with_topic: bool = True, also: bool = False,
               style: str = "sbi") -> str:
        q = p.question
        if not p.topic or not with_topic:
            return self.styled(style, "noticed_also_q" if also else "noticed_q", question=q)
        key = {"place": "fronted_q", "clause": "fronted_clause_q", "role": "role_q"}.get(
            p.topic_kind, "object_q")
        topic = p.topic if key not in ("fronted_q", "fronted_clause_q") else _upper(p.topic)
        return self.styled(style, key, topic=topic, question=q)

    def behaviour(self, p: Piece, *, framed: bool, with_topic: bool = True,
                  also: bool = False, style: str = "sbi") -> str:
        if p.judged:
            body = self.judged(p, with_topic=with_topic, also=also, style=style)
        elif framed and p.general and p.first_person_addressee:
            # Framed as one observation: a bare habitual present ("Du kommer for sent") still
            # reads as a pattern, in every style.
            body = self.styled(style, "noticed_also_that" if also else "noticed_that",
                               behaviour=at_clause(p.text, self.lang, p.name_first))
        else:
            body = p.text
        if p.general and not self.parts.occasion:
            body += self.msg("latest")
        return sentence(body, p.end)

    def impact(self, p: Piece) -> str:
        if p.opener == "so" and not self._verb_first(p.text):
            # "…, så kunden ikke nåede …" -> "Det betød, at kunden …"
            return sentence(self.msg("impact_so", impact=p.text), p.end)
        if p.opener == "so":  # "og så blev resten udskudt": verb second, said as written
            return sentence(("Så " if self.lang == "da" else "So ") + p.text, p.end)
        return sentence(p.text, p.end)

    def _verb_first(self, text: str) -> bool:
        """Danish verb-second order after "så" ("blev resten …"): no "at"-clause frame."""
        if self.lang != "da" or not text:
            return False
        word = text.split(" ", 1)[0].lower()
        return lemma(word, "da") != word and not word.endswith(("en", "et", "ne"))

    def topic_phrase(self, p: Piece) -> str:
        """The topic as it follows "det går": "med kasseopgørelserne", "ved kassen"."""
        if p.topic_kind == "object":
            return self.msg("question_with", topic=p.topic)
        if p.topic_kind == "role":
            return self.msg("question_role", topic=p.topic)
        if p.topic_kind == "clause":
            return f", {p.topic}" if self.lang == "da" else p.topic
        return p.topic

    def question_topic(self, p: Piece | None) -> str:
        if p is None or not p.topic:
            return sentence(self.styled("question", "open"))
        if p.topic_kind == "object":
            topic = self.msg("question_with", topic=p.topic)
        elif p.topic_kind == "role":
            topic = self.msg("question_role", topic=p.topic)
        elif p.topic_kind == "clause":
            topic = f", {p.topic}" if self.lang == "da" else p.topic
        else:
            topic = p.topic
        text = self.styled("question", "topic", topic=topic).replace(" ,", ",")
        return sentence(text, "?")

    def situation(self) -> str:
        said = [sentence(s) for s in self.parts.scenes]
        if self.parts.situation:
            said.insert(0, sentence(self.msg("situation_notes",
                                             situation=", ".join(self.parts.situation))))
        return " ".join(said)

    def vocative(self, text: str) -> str:
        lost = [n for n in self.parts.names if n.lower() not in text.lower()]
        if not lost:
            return text
        first = text.split(" ", 1)[0].strip(",.")
        if first != "I" and first not in self.parts.names and not text.startswith("["):
            text = text[:1].lower() + text[1:]
        return f"{' og '.join(lost) if self.lang == 'da' else ' and '.join(lost)}, {text}"


def compose(parts: Parts) -> list[SBISuggestion]:
    """Three suggestions in different styles from the same rewritten parts."""
    w = _Writer(parts)
    if parts.praise:
        return _apart(w, _praise(w), praise=True)
    behaviour = parts.of("behaviour", "praise")
    if any(p.from_context and not p.judged for p in behaviour):
        # The notes already say what happened: a bare "[what did you see?]" would ask again.
        behaviour = [p for p in behaviour if not (p.judged and not p.topic)] or behaviour
    impacts = [w.impact(p) for p in parts.of("impact")]
    requests = [sentence(p.text, p.end) for p in parts.of("request")]
    ask_motive = any(p.reason == "attribution" for p in behaviour)
    general = any(p.general for p in behaviour)
    situation = w.situation()
    opener = situation or ("" if parts.has_time or general
                           else sentence(w.msg("situation_unknown")))
    first_topic = next((p for p in behaviour if p.judged and p.topic), None)
    out: list[SBISuggestion] = []

    # 1. The full SBI statement.
    beh = [w.behaviour(p, framed=True, also=_noticed_before(behaviour, n))
           for n, p in enumerate(behaviour)] or [sentence(
        w.msg("noticed_q", question=f"[{w.words.default_questions['label']}]"))]
    imp = impacts or [sentence(w.msg("impact_missing"))]
    req = [*([sentence(w.msg("ask_motive"), "?")] if ask_motive else []),
           *(requests or [sentence(w.msg("request_after_motive" if ask_motive
                                         else "request_default"), "?")])]
    out.append(_suggestion(w, "sbi", opener, beh, imp, req))

    # 2. Question first: the employee's view before the manager's observation, in its own
    # words (no sentence of the SBI statement's frame), so the two never read alike.
    ask = w.question_topic(first_topic)
    beh2 = [w.behaviour(p, framed=True, with_topic=p is not first_topic,
                        also=_noticed_before(behaviour, n), style="question")
            for n, p in enumerate(behaviour)] or beh
    req2 = [*requests, sentence(w.styled("question", "close"), "?")]
    out.append(_suggestion(w, "question", situation, beh2, impacts, req2, lead=ask))

    # 3. Short, for a chat message: what happened and what it did, then an invitation to talk.
    # When the statement itself says what happened, a chat message gives those facts and asks
    # about the judged topic in its closing question instead of repeating the placeholder.
    facts = [p for p in behaviour if not p.judged and not p.from_context]
    topical = [p for p in behaviour if p.judged and p.topic]
    short_close = sentence(w.styled("short", "close"), "?")
    if facts and len(topical) == 1 == sum(p.judged for p in behaviour):
        shown = [p for p in behaviour if not p.judged]
        short_close = sentence(w.styled("short", "close_topic",
                                        topic=w.topic_phrase(topical[0])).replace(" ,", ","),
                               "?")
    else:
        shown = behaviour
    beh3 = [w.behaviour(p, framed=True, also=_noticed_before(shown, n), style="short")
            for n, p in enumerate(shown)] or beh
    out.append(_suggestion(w, "short", situation, beh3, impacts,
                           requests[:1] or [short_close],
                           lead=sentence(w.styled("short", "lead"))))
    return _apart(w, out)


def near_duplicate(a: str, b: str) -> bool:
    """Two suggestions that read alike: rapidfuzz ratio or token-set ratio >= 85, placeholders
    blanked (a short version made of the long one's words counts as a duplicate)."""
    def norm(t: str) -> str:
        return " ".join(PLACEHOLDER.sub("[]", t).lower().split())

    x, y = norm(a), norm(b)
    return max(fuzz.ratio(x, y), fuzz.token_set_ratio(x, y)) >= _DUPLICATE


def _duplicates(suggestions: Sequence[SBISuggestion]) -> set[int]:
    return {n for n, s in enumerate(suggestions) for o in suggestions[:n]
            if near_duplicate(s.text, o.text)}


def _apart(w: _Writer, out: list[SBISuggestion], *, praise: bool = False
           ) -> list[SBISuggestion]:
    """Suggestions that still read alike (long facts shared by all) get each style's own
    closing words; a pair that stays alike loses the later one (never fewer than two)."""
    if not _duplicates(out):
        return out
    extra = {"sbi": sentence(w.msg("praise_sbi_extra" if praise else "sbi_extra")),
             "question": sentence(w.msg("praise_question_extra") if praise
                                  else w.styled("question", "extra"))}
    out = [_extend(s, extra[s.style]) if s.style in extra else s for s in out]
    while len(out) > 2 and _duplicates(out):
        out.pop(max(_duplicates(out)))
    return out


def _extend(s: SBISuggestion, line: str) -> SBISuggestion:
    """The suggestion with one more sentence before its closing sentence."""
    ends = [m.end() for m in _SENTENCE_END.finditer(s.text.rstrip()[:-1])]
    cut = ends[-1] if ends else len(s.text)
    text = f"{s.text[:cut].rstrip()} {line} {s.text[cut:].strip()}".strip()
    return s.model_copy(update={"text": " ".join(text.split())})


def _noticed_before(pieces: Sequence[Piece], n: int) -> bool:
    """True when an earlier piece already said "Jeg har lagt mærke til": say "også" now."""
    return any(p.judged or (p.general and p.first_person_addressee) for p in pieces[:n])


def _praise(w: _Writer) -> list[SBISuggestion]:
    """Praise in, praise out: every style thanks, keeps the behaviour and its effect."""
    parts = w.parts
    body = [sentence(p.text, p.end) for p in parts.of("behaviour", "praise")]
    impacts = [w.impact(p) for p in parts.of("impact")]
    requests = [sentence(p.text, p.end) for p in parts.of("request")]
    thanked = any(contains_thanks(p.text, w.words) for p in parts.pieces)
    situation = w.situation()
    effect = impacts or [sentence(w.msg("praise_effect_missing"))]
    # The short version runs what happened and what it did into one line, led by the thanks
    # ("Tak, fordi du …") when it speaks to the person and does not thank already.
    runs = [p for p in parts.pieces if p.role in ("behaviour", "praise", "impact")]
    short = " – ".join(_upper(p.text) if n == 0 or p.name_first else p.text[:1].lower()
                       + p.text[1:] for n, p in enumerate(runs)).rstrip(".!") + "!"
    short_end: list[str] = []
    if not thanked and runs and runs[0].first_person_addressee:
        short = sentence(w.msg("praise_short_lead", behaviour=at_clause(
            short.rstrip("!"), w.lang, runs[0].name_first)), "!")
    elif not thanked:
        short_end = [sentence(w.msg("praise_short"), "!")]
    # The chat version's own words: a short line made only of the long one's facts would read
    # as a copy of it.
    short_end.append(sentence(w.msg("praise_short_tail"), "!"))
    lead = "" if thanked else sentence(w.msg("praise_thanks_lead"))
    return [
        _suggestion(w, "sbi", situation, body, effect,
                    [*requests, sentence(w.msg("praise_recognise"))]),
        _suggestion(w, "question", situation, body, impacts,
                    [*requests, sentence(w.msg("praise_question"), "?")], lead=lead),
        _suggestion(w, "short", "", [short], [], short_end),
    ]


def contains_thanks(text: str, words: RewriteWords) -> bool:
    """True when the text thanks the person."""
    low = f" {' '.join(text.lower().replace(',', ' ').replace('.', ' ').split())} "
    return any(f" {' '.join(p)} " in low for p in words.thanks)


def _suggestion(w: _Writer, style: Style, situation: str, behaviour: list[str], impact: list[str],
                request: list[str], lead: str = "") -> SBISuggestion:
    sentences_ = [s for s in [lead, situation, *behaviour, *impact, *request] if s]
    text = w.vocative(" ".join(dict.fromkeys(sentences_)))
    return SBISuggestion(text=text, situation=situation, behaviour=" ".join(behaviour),
                         impact=" ".join(impact), request=" ".join([lead, *request]).strip(),
                         style=style)


def sentence(text: str, end: str = ".") -> str:
    """Capitalise and close a sentence."""
    text = text.strip().rstrip(",;:–—-").strip()
    if not text:
        return ""
    text = _upper(text)
    return text if text[-1] in ".!?" else text + end


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:] if not text.startswith("[") else text


def at_clause(body: str, language: str, name_first: bool = False) -> str:
    """A main clause as the object of "Jeg har lagt mærke til, at …" / "I've noticed that …"."""
    if not name_first:
        body = body[:1].lower() + body[1:]
    if language != "da":
        return body
    # Danish: S V ADV* REST -> S ADV* V REST.
    words = body.split(" ")
    k = 2
    while k < len(words) and words[k].lower().rstrip(",;") in _DA_ADVERBS:
        k += 1
    if k == 2:
        return body
    tail = words[k - 1][len(words[k - 1].rstrip(",;")):]
    adverbs = [x.rstrip(",;") for x in words[2:k]]
    return " ".join([words[0], *adverbs, words[1] + tail, *words[k:]])


# -- the engine --------------------------------------------------------------------------------
def rules_suggestions(scan: Scan, context: Scan | None, analyzer: FeedbackAnalyzer,
                      names: Sequence[str] = (),
                      full: FeedbackAnalyzer | None = None,
                      shown: Sequence[Finding] = ()) -> list[SBISuggestion]:
    """Rules-engine suggestions that pass the analyzer (judging words found again are cut).

    `analyzer` gives the spans the rewrite edits; `full` (the analyzer the user sees, with the
    learned detector) reads each suggestion again, and one it still finds person-directed is
    dropped while another passes. `shown` are the findings the user was shown for the input:
    none of them comes back verbatim.
    """
    parts = rewrite(scan, context, analyzer, names)
    kept: list[SBISuggestion] = []
    for s in compose(parts):
        fixed = _recheck(s, scan.language, analyzer, names)
        if fixed is not None:
            fixed = _without_input_judgements(fixed, shown, scan.language)
        if fixed is not None:
            kept.append(fixed)
    if full is not None and kept:
        clean = [s for s in kept
                 if not full.scan(s.text, scan.language, names).analysis().person_directed]
        kept = clean or kept
    if kept:
        return kept
    # Nothing survived: a bare frame with the placeholders only.
    bare = Parts(scan.language, situation=parts.situation, scenes=parts.scenes,
                 names=parts.names)
    return compose(bare)[:1]


def _recheck(s: SBISuggestion, language: str, analyzer: FeedbackAnalyzer,
             names: Sequence[str]) -> SBISuggestion | None:
    """The suggestion with any judgement the analyzer still finds replaced by a placeholder."""
    words = rewrite_words(language)
    for _ in range(3):
        findings = [f for f in analyzer.scan(s.text, language, names).findings
                    if not _in_placeholder(s.text, f.start, f.end)]
        if not findings:
            return s
        f = findings[0]
        s = _replaced(s, f.excerpt, _question(f, words))
    return None


def _without_input_judgements(s: SBISuggestion, shown: Sequence[Finding],
                              language: str) -> SBISuggestion:
    """The suggestion with every judging span the user was shown in the input replaced.

    The learned detector judges whole clauses the rules cannot take apart; read again inside a
    longer suggestion it may miss the same clause, so the input's own spans are checked here:
    a question in their place beats handing the judgement back.
    """
    words = rewrite_words(language)
    for f in shown:
        if f.excerpt in s.text:
            s = _replaced(s, f.excerpt, _topic_kept(f.excerpt, language, _question(f, words)))
    return s


def _question(f: Finding, words: RewriteWords) -> str:
    """The placeholder question that stands in for a finding's words."""
    return f"[{words.default_questions['attribution' if f.category == 'attribution' else 'label']}]"


def _replaced(s: SBISuggestion, old: str, new: str) -> SBISuggestion:
    """The suggestion with `old` replaced in its text and every SBI part."""
    return s.model_copy(update={k: getattr(s, k).replace(old, new) for k in
                                ("text", "situation", "behaviour", "impact", "request")})


def _topic_kept(excerpt: str, language: str, question: str) -> str:
    """The question in the clause's place, with what the clause is about around it.

    "Your emails to parents are rude" -> "Your emails to parents: [question]"; a clause after a
    comma and a subordinator ("…, når du forklarer medicinen") stays as the situation. The
    subject is kept only when it says more than a pronoun.
    """
    lex = default_lexicon()[language]
    subordinators = rewrite_words(language).subordinators
    tokens = [t for t in tokenize(excerpt, language) if not t.punct]
    head, tail = "", ""
    for t in tokens:
        if lex.candidates("copulas", t):
            before = excerpt[:t.start].strip(" ,")
            if len([w for w in tokenize(before, language) if not w.punct]) >= 2:
                head = before
            break
    for prev, t in pairwise(tokens):
        if t.norm in subordinators and "," in excerpt[prev.end:t.start]:
            tail = excerpt[t.start:].rstrip(" .!?")
            break
    out = f"{head}: {question}" if head else question
    return f"{out}, {tail}" if tail else out


def _in_placeholder(text: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end() for m in PLACEHOLDER.finditer(text))


# -- the explanation ---------------------------------------------------------------------------
def explain(scan: Scan, suggestions: Sequence[SBISuggestion], context: str | None = None) -> str:
    """What was removed, what was kept and which placeholders to fill, from the suggestions."""
    lang = scan.language

    def msg(key: str, **values: str) -> str:
        return messages().message(f"rephrase.{key}", lang, **values)

    quote = (lambda s: f"«{s}»") if lang == "da" else (lambda s: f"“{s}”")
    texts = [s.text for s in suggestions]
    lines: list[str] = []
    removed = [f.excerpt for f in scan.findings
               if not any(f.excerpt.lower() in t.lower() for t in texts)]
    if removed:
        lines.append(msg("removed", excerpts=", ".join(quote(r) for r in removed)))
    elif not scan.findings:
        words = rewrite_words(lang)
        praise = bool(texts) and all(contains_thanks(t, words) for t in texts)
        lines.append(msg("praise_kept" if praise else "already_fine"))
    facts = _kept_facts(scan, texts, context)
    if facts:
        lines.append(msg("kept", facts=", ".join(quote(f) for f in facts)))
    items = _placeholders(texts, lang)
    if items:
        lines.append(msg("fill", items="; ".join(items)))
    return " ".join(lines)


def _kept_facts(scan: Scan, texts: Sequence[str], context: str | None) -> list[str]:
    """Facts and topics of the input that every suggestion holds, as written."""
    sources = "\n".join([scan.text, context or ""])
    candidates = list(ungrounded(sources))
    words = rewrite_words(scan.language)
    statement = ClauseRewriter(scan.text, scan.tokens, _findings(scan, words), words).rewrite()
    candidates += [p.topic for p in statement.pieces if p.topic]
    kept = [c for c in dict.fromkeys(candidates)
            if c and all(c.lower() in t.lower() for t in texts)]
    return kept


def _placeholders(texts: Sequence[str], language: str) -> list[str]:
    found: list[str] = []
    for t in texts:
        for m in PLACEHOLDER.finditer(t):
            if m.group() not in found:
                found.append(m.group())
    reasons = _placeholder_reasons(language)
    out = []
    for ph in found:
        key = reasons.get(ph, "label")
        out.append(messages().message(f"rephrase.why.{key}", language, placeholder=ph))
    return out


def _placeholder_reasons(language: str) -> dict[str, str]:
    """Which reason explains each placeholder the frames can write."""
    def ph(key: str) -> list[str]:
        return [m.group() for m in PLACEHOLDER.finditer(
            messages().template(f"rephrase.{key}", language))]

    words = rewrite_words(language)
    reasons: dict[str, str] = {}
    for category, table in words.questions.items():
        for _, q in table:
            reasons[f"[{q}]"] = category
    for category, q in words.default_questions.items():
        reasons[f"[{q}]"] = category
    for key, reason in (("latest", "when"), ("situation_unknown", "situation"),
                        ("impact_missing", "impact"), ("praise_effect_missing", "effect")):
        for p in ph(key):
            reasons[p] = reason
    return reasons


__all__ = ["Parts", "compose", "contains", "explain", "rewrite", "rules_suggestions"]
