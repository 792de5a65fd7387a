"""The rules engine behind feedback rephrasing: person-directed feedback rewritten as SBI.

`decompose` sorts the clauses of the feedback (and its context) into situation, behaviour,
impact and request. Clauses that judge the person are dropped, but the concrete facts in them
(times, events, numbers, names) are cut out and kept as situation. Always/never words are
removed from behaviour and replaced by a placeholder asking for one concrete occasion.
`compose` writes the parts as short suggestions a manager could say, with bracketed
placeholders wherever a part is missing (`rules_suggestions` keeps those that pass the checks),
and `explain` says what changed. Sentence frames live in coach/data/feedback/messages.yaml.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from coach.feedback.analyzer import FeedbackAnalyzer, Scan
from coach.feedback.frames import Frames
from coach.feedback.lexicon import Lexicon, messages
from coach.feedback.strengths import is_event
from coach.feedback.types import SBISuggestion
from coach.llm.checks import ungrounded
from coach.tokens import Token

UnitKind = Literal["observation", "general", "impact", "request"]
# Danish sentence adverbs move in front of the verb in an "at"-clause ("du svarer ikke" ->
# "at du ikke svarer"); the only word-order rule the engine needs.
_DA_ADVERBS = frozenset({"ikke", "også", "bare", "jo", "ofte", "sjældent", "stadig", "allerede",
                         "gerne", "tit", "nok", "faktisk"})
_NEGATIVE = {"da": "ikke", "en": "not"}
_EN_AUX = frozenset({"am", "is", "are", "was", "were", "have", "has", "had", "do", "does",
                     "did", "will", "would", "can", "could", "should", "must", "be"})
_CLAUSE_OPENER_SWAP = {"da": "Når", "en": "When"}
_IMPACT_OPENERS = frozenset({"så", "so", "hvilket", "which", "derfor", "therefore", "dermed"})
_CONNECTORS = frozenset({"og", "and", "men", "but", "så", "so"})
_LOWER_STARTS = frozenset({"jeg", "det", "hvordan", "hvad", "du"})


@dataclass
class Unit:
    """A kept run of text with its role."""

    kind: UnitKind
    text: str
    tokens: list[Token]
    framed: bool = False  # "Jeg har lagt mærke til, at …" fits (starts with its subject)


@dataclass
class Parts:
    """The feedback taken apart."""

    language: str
    addressee: str | None = None
    situations: list[str] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    # Context sentences that describe what someone did (not only when/where it happened).
    observed: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    third_person: bool = False
    has_time: bool = False
    names: list[str] = field(default_factory=list)

    def of(self, kind: UnitKind) -> list[Unit]:
        """Units of one kind, in text order."""
        return [u for u in self.units if u.kind == kind]


_OBSERVATION_WORDS = 8


def _name(fr: Frames, tok: Token) -> bool:
    return (fr.subject_kind(tok.index) == "person" and tok.text[:1].isupper()
            and tok.norm not in fr.lex.words["person_subjects"])


def _fact(fr: Frames, tok: Token, times: set[int]) -> bool:
    """Times, numbers, occasions and (mid-sentence) names: what a rewrite must keep."""
    if tok.punct or tok.quoted:
        return False
    if tok.text[:1].isdigit() or tok.index in times or is_event(fr, tok):
        return True
    return _name(fr, tok) and (not tok.sentence_start or tok.norm in fr.names)


def _clauses(tokens: list[Token]) -> list[list[Token]]:
    groups: dict[int, list[Token]] = {}
    for tok in tokens:
        if not tok.punct:
            groups.setdefault(tok.clause, []).append(tok)
    return list(groups.values())


def _slice(text: str, toks: list[Token]) -> str:
    return text[toks[0].start:toks[-1].end]


def _salvage(text: str, fr: Frames, clause: list[Token], flagged_idx: set[int],
             times: set[int]) -> list[str]:
    """Fact phrases of a judging clause, cut out around the judgement ("på mødet i går")."""
    preps = fr.lex.words["prepositions"]
    phrases: list[str] = []
    run: list[Token] = []
    for tok in [*clause, None]:
        if tok is not None and tok.index not in flagged_idx:
            run.append(tok)
            continue
        facts = [i for i, t in enumerate(run) if _fact(fr, t, times)]
        if facts:
            a, b = facts[0], facts[-1]
            while a > 0 and run[a - 1].norm in preps:
                a -= 1
            first = run[a]
            # Only a phrase that can follow "det, der skete …": "på mødet", "i går", "mandag".
            # A name alone ("til Excel") is no situation; the fact check keeps it visible.
            situational = any(t.index in times or is_event(fr, t) for t in run[a:b + 1])
            if situational and (first.norm in preps or first.index in times
                                or first.text[:1].isdigit()):
                phrase = _slice(text, run[a:b + 1])
                if first.sentence_start and not _name(fr, first):
                    phrase = phrase[:1].lower() + phrase[1:]
                phrases.append(phrase)
        run = []
    return phrases


def _drop_quantifiers(text: str, unit: list[Token], general: set[int], language: str) -> str:
    """Clause text without its always/never words ("aldrig" -> "ikke", "never V" -> "don't V")."""
    out: list[str] = []
    pos = unit[0].start
    i = 0
    while i < len(unit):
        tok = unit[i]
        if tok.index not in general:
            i += 1
            continue
        out.append(text[pos:tok.start])
        j = i
        while j + 1 < len(unit) and unit[j + 1].index in general:
            j += 1
        if tok.norm in ("aldrig", "never"):
            word, verb = _negate(unit, i, j, language)
            out.append(word)
            if verb is not None:  # "never says" -> "doesn't say"
                out.append(text[unit[j].end:verb.start] + verb.lemma)
                j += 1
        elif i == 0 and tok.norm in ("hver", "every"):  # "hver gang vi …" -> "når vi …"
            swap = _CLAUSE_OPENER_SWAP[language]
            out.append(swap if tok.sentence_start else swap.lower())
        pos = unit[j].end
        i = j + 1
    out.append(text[pos:unit[-1].end])
    return " ".join("".join(out).split())


def _negate(unit: list[Token], i: int, j: int, language: str) -> tuple[str, Token | None]:
    """The negation replacing "aldrig"/"never", and the verb to put in its base form."""
    if language == "da":
        return _NEGATIVE["da"], None
    prev = unit[i - 1].norm if i > 0 else ""
    nxt = unit[j + 1] if j + 1 < len(unit) else None
    if prev in _EN_AUX or nxt is None or nxt.norm in _EN_AUX:
        return "not", None
    # "never listens" -> "doesn't listen", "never replied" -> "didn't reply".
    if nxt.lemma == nxt.norm:
        return "don't", None
    if nxt.norm.endswith("s"):
        return "doesn't", nxt
    return "didn't", nxt


def decompose(scan: Scan, lexicon: Lexicon, context: Scan | None = None) -> Parts:
    """Take feedback (and its context) apart into SBI parts."""
    parts = Parts(scan.language)
    for source in ([context] if context else []):
        _background(source, parts)
    fr = scan.frames
    assert fr is not None
    text, tokens = scan.text, scan.tokens
    times = {k for a, b, _ in fr.matches("time_words") for k in range(a, b)}
    parts.has_time = parts.has_time or bool(times)
    judged = {k for a, b, c in scan.flagged if c != "generalization" for k in range(a, b)}
    general = {k for a, b, c in scan.flagged if c == "generalization" for k in range(a, b)}
    judged_sentences = {tokens[a].sentence for a, _, _ in scan.flagged
                        if _is_why_question(tokens, tokens[a].sentence)}
    persons = [t for t in tokens if fr.subject_kind(t.index) == "person"]
    parts.third_person = bool(persons) and not any(
        t.norm in ("du", "you", "dig", "i") and fr.subject_kind(t.index) == "person"
        for t in persons)
    previous_dropped = False
    clauses = _clauses(tokens)
    segments: list[tuple[str, list[Token]]] = []
    for n, clause in enumerate(clauses):
        idx = {t.index for t in clause}
        dropped = bool(idx & judged) or clause[0].sentence in judged_sentences
        same_sentence = n > 0 and clauses[n - 1][0].sentence == clause[0].sentence
        if not dropped and previous_dropped and same_sentence \
                and clause[0].norm in fr.lex.words["subordinators"] \
                and clause[0].norm not in _IMPACT_OPENERS:
            dropped = True  # "…, når du får en rettelse" belongs to the judgement before it
        if dropped:
            lead = segments[-1][1] if segments else []
            if lead and n > 0 and lead[-1].index == clauses[n - 1][-1].index and same_sentence \
                    and len(lead) <= 5 and not any(_fact(fr, t, times) for t in lead):
                segments.pop()  # a lead-in to the judgement: "Det er tydeligt, at …"
            parts.situations += _salvage(text, fr, clause, judged | general, times)
            # "Tom's a slacker": a contracted name cannot be quoted back on its own.
            parts.names += [t.text for t in clause if t.index in judged and _name(fr, t)
                            and text[t.end:t.end + 1] not in ("'", "’")]
            previous_dropped = True
            continue
        if _vocative(fr, clause, clauses, n):
            parts.addressee = clause[0].text
            continue
        if _filler(fr, clause, times):
            continue  # "Ærlig talt", "Honestly", "Come on", "plain and simple"
        role = _role(fr, scan, clause, general)
        prev = segments[-1] if segments else None
        if prev and role == "other" and prev[0] == "other" and same_sentence \
                and not previous_dropped:
            prev[1].extend(clause)  # one sentence, one behaviour: keep its clauses together
        else:
            segments.append((role, list(clause)))
        previous_dropped = False
    parts.units = [_unit(scan, fr, seg, general, role) for role, seg in segments]
    return parts


def _filler(fr: Frames, clause: list[Token], times: set[int]) -> bool:
    """A short aside with no fact and no inflected word (so no verb): "plain and simple"."""
    if any(_fact(fr, t, times) for t in clause):
        return False
    return len(clause) <= 2 or (len(clause) <= 4 and all(t.lemma == t.norm for t in clause))


def _is_why_question(tokens: list[Token], sentence: int) -> bool:
    words = [t for t in tokens if t.sentence == sentence]
    return bool(words) and words[0].norm in ("hvorfor", "why") and words[-1].norm == "?"


def _vocative(fr: Frames, clause: list[Token], clauses: list[list[Token]], n: int) -> bool:
    """"Peter, du er …": a lone capitalised word before a clause addressed to "du"/"you"."""
    if len(clause) != 1 or not clause[0].text[:1].isupper() or n + 1 >= len(clauses):
        return False
    nxt = clauses[n + 1]
    words = fr.lex.words
    return (nxt[0].sentence == clause[0].sentence and nxt[0].norm in ("du", "you")
            and clause[0].norm not in words["person_subjects"] | words["impersonal_subjects"]
            | words["modifiers"])


def _role(fr: Frames, scan: Scan, clause: list[Token], general: set[int]) -> str:
    idx = {t.index for t in clause}
    last = [t for t in scan.tokens if t.sentence == clause[0].sentence][-1]
    # "…, og derfor tager du aldrig …" is behaviour to make concrete, not an impact.
    impact = clause[0].norm in _IMPACT_OPENERS or _starts_impact(fr, clause)
    if (impact and not idx & general) or _is_i_statement(fr, clause):
        return "impact"
    if last.norm == "?" or any(a in idx for a, _, _ in fr.matches("request_markers")):
        return "request"
    return "other"


def _unit(scan: Scan, fr: Frames, clause: list[Token], general: set[int], role: str) -> Unit:
    text, lang = scan.text, scan.language
    while len(clause) > 1 and clause[0].norm in _CONNECTORS \
            and clause[0].norm not in _IMPACT_OPENERS:
        clause = clause[1:]
    inverted = False
    if role != "impact":
        # The reason this clause pointed back to was dropped: "derfor tager du" -> "tager du",
        # and Danish verb-second order turns back to subject first ("du tager").
        while len(clause) > 2 and clause[0].norm in _IMPACT_OPENERS | _CONNECTORS:
            clause = clause[1:]
            inverted = lang == "da"
    inverted = inverted and clause[1].norm in fr.lex.words["person_subjects"]
    idx = {t.index for t in clause}
    body = _drop_quantifiers(text, clause, general, lang) if idx & general else \
        _slice(text, clause)
    if inverted:
        verb, subject, rest = [*body.split(" ", 2), ""][:3]
        body = f"{subject[:1].upper()}{subject[1:]} {verb.lower()} {rest}".strip()
        clause = [clause[1], clause[0], *clause[2:]]
    kind: UnitKind
    if role == "impact":
        kind = "impact"
    elif role == "request":
        kind = "request"
        last = [t for t in scan.tokens if t.sentence == clause[0].sentence][-1]
        body += "?" if last.norm == "?" else ""
    else:
        kind = "general" if idx & general else "observation"
    framed = kind == "general" and fr.subject_kind(clause[0].index) == "person" \
        and clause[0].norm in fr.lex.words["person_subjects"] | {"i"} | fr.names
    return Unit(kind, body, clause, framed)


def _starts_impact(fr: Frames, clause: list[Token]) -> bool:
    idx = {t.index for t in clause}
    return any(a in idx and a <= clause[0].index + 1 for a, _, _ in fr.matches("impact_markers"))


def _is_i_statement(fr: Frames, clause: list[Token]) -> bool:
    words = fr.lex.words
    return any(fr.subject_kind(t.index) == "speaker" and t.norm in words["speaker_subjects"]
               for t in clause[:2]) and any(
        t.norm in words["feelings"] or t.lemma in words["feelings"] for t in clause)


def _background(scan: Scan, parts: Parts) -> None:
    """Context sentences without findings are kept whole; facts are cut out of the others."""
    fr = scan.frames
    assert fr is not None
    times = {k for a, b, _ in fr.matches("time_words") for k in range(a, b)}
    parts.has_time = parts.has_time or bool(times)
    flagged = {k for a, b, _ in scan.flagged for k in range(a, b)}
    by_sentence: dict[int, list[Token]] = {}
    for tok in scan.tokens:
        by_sentence.setdefault(tok.sentence, []).append(tok)
    for toks in by_sentence.values():
        words = [t for t in toks if not t.punct]
        if not words:
            continue
        if not {t.index for t in toks} & flagged:
            end = toks[-1].end if toks[-1].punct else words[-1].end
            parts.background.append(scan.text[words[0].start:end])
            # Without a POS tagger, "someone acts" is read as a person subject or a full-length
            # sentence; "Det var på tavlemødet i går" only sets the scene.
            if len(words) >= _OBSERVATION_WORDS or any(
                    fr.subject_kind(t.index) == "person" for t in words):
                parts.observed.append(parts.background[-1])
            continue
        for clause in _clauses(toks):
            parts.situations += _salvage(scan.text, fr, clause, flagged, times)


def sentence(text: str, end: str = ".") -> str:
    """Capitalise and close a sentence."""
    text = text.strip().rstrip(",;:–—-").strip()
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?" else text + end


def at_clause(unit: Unit, language: str) -> str:
    """A main clause as the object of "Jeg har lagt mærke til, at …" / "I've noticed that …"."""
    body = unit.text
    first = unit.tokens[0]
    if first.norm in ("du", "you", "han", "hun", "he", "she", "de", "they") and first.text != "I":
        body = body[:1].lower() + body[1:]
    if language != "da" or len(unit.tokens) < 3:
        return body
    # Danish: S V ADV* REST -> S ADV* V REST.
    words = body.split(" ")
    k = 2
    while k < len(words) and words[k].lower().rstrip(",;") in _DA_ADVERBS:
        k += 1
    if k == 2:
        return body
    # A comma after the last adverb stays at the end of the moved block ("ikke lytter, når").
    tail = words[k - 1][len(words[k - 1].rstrip(",;")):]
    adverbs = [w.rstrip(",;") for w in words[2:k]]
    return " ".join([words[0], *adverbs, words[1] + tail, *words[k:]])
# -- rules engine ------------------------------------------------------------------------------
def compose(parts: Parts, sources: str) -> list[SBISuggestion]:
    """Write SBI suggestions from the parts (two framings: statement first, question first)."""
    lang = parts.language

    def msg(key: str, **values: str) -> str:
        return messages().message(f"rephrase.{key}", lang, **values)

    situation = " ".join(dict.fromkeys(parts.situations))
    seen = [u for u in parts.units if u.kind in ("observation", "general")]
    instance = any(u.kind == "general" for u in seen) and not parts.has_time
    impacts = [sentence(_impact_text(u, msg("impact_that"))) for u in parts.of("impact")]
    requests = [sentence(u.text) for u in parts.of("request")]
    background = [sentence(b) for b in parts.background]
    # When the feedback itself holds no observation but the context describes what happened
    # ("På teammødet tirsdag afviste Mette tre forslag"), that description IS the behaviour:
    # use it rather than asking the manager for something they already wrote.
    observed = [sentence(b) for b in parts.observed] if not seen else []
    fields = {
        "situation": situation or " ".join(background)
        or (seen[0].text if parts.has_time and seen else msg("situation_missing")),
        "impact": " ".join(impacts) or msg("impact_placeholder"),
    }
    known = bool(situation) or parts.has_time or bool(background)
    opening = {
        1: msg("about", situation=situation) if situation else
        ("" if known else msg("about_unknown")),
        2: msg("follow_up", situation=situation) if situation else
        ("" if known else msg("follow_up_unknown")),
    }
    out: list[SBISuggestion] = []
    for variant in (1, 2):
        behaviour = [_behaviour(u, lang, msg, framed=variant == 1, instance=instance)
                     for u in seen] or observed or [msg("behaviour_missing")]
        closing = requests or [msg("request_default" if variant == 1 else "request_short")]
        ask = [msg("ask_view")] if variant == 2 and not parts.third_person and not requests \
            else []
        lead = [b for b in background if b not in observed]
        body = [*lead, opening[variant], *behaviour,
                *(impacts or [msg("impact_missing")]), *ask, *closing]
        text = _join(parts, body, msg, sources)
        beh_field = " ".join(behaviour) if seen or observed else msg("behaviour_placeholder")
        # Each part mirrors what this variant's text actually says.
        out.append(SBISuggestion(text=text, behaviour=beh_field,
                                 request=" ".join([*ask, *closing]), **fields))
    return out


def _behaviour(unit: Unit, lang: str, msg: Callable[..., str], *, framed: bool,
               instance: bool) -> str:
    latest = msg("latest") if unit.kind == "general" and instance else ""
    if framed and unit.framed:
        return msg("noticed", behaviour=at_clause(unit, lang)) + latest + "."
    return sentence(unit.text.rstrip(".!?") + latest)


def _impact_text(unit: Unit, that: str) -> str:
    first = unit.tokens[0].norm
    body = unit.text
    if first in ("hvilket", "which"):
        return that + body[len(unit.tokens[0].text):]
    if first in ("så", "so", "derfor", "therefore", "dermed"):
        return body[len(unit.tokens[0].text):].strip()
    return body


def _join(parts: Parts, body: list[str], msg: Callable[..., str], sources: str) -> str:
    sentences = [s for s in body if s]
    text = " ".join(sentences)
    lost = [n for n in dict.fromkeys(parts.names) if n.lower() not in text.lower()]
    addressee = parts.addressee
    if lost and not addressee and not parts.third_person and len(lost) == 1:
        addressee, lost = lost[0], []
    if lost:
        sentences.insert(0, msg("about_person", names=", ".join(lost)))
    text = " ".join(sentences)
    if addressee and addressee.lower() not in text.lower():
        first = text.split(" ", 1)[0]
        # "Peter, salgsrapporten var …": lower-case unless the word is written so in the input.
        if first.lower() in _LOWER_STARTS or f" {first.lower()}" in f" {sources}":
            text = text[:1].lower() + text[1:]
        text = f"{addressee}, {text}"
    missing = ungrounded(sources, text)
    if missing:  # a fact the frames could not place: keep it visibly rather than lose it
        text = f"{text} {msg('facts', facts=', '.join(missing))}"
    return text


def rules_suggestions(scan: Scan, context: Scan | None, analyzer: FeedbackAnalyzer,
                      names: Sequence[str] = ()) -> list[SBISuggestion]:
    """Rules-engine suggestions that pass the analyzer (falls back to a bare SBI frame)."""
    parts = decompose(scan, analyzer.lexicon, context)
    sources = "\n".join([scan.text, context.text if context else ""])
    suggestions = [s for s in compose(parts, sources)
                   if not analyzer.scan(s.text, scan.language, names).findings]
    if suggestions:
        return suggestions
    # Nothing survived (a judgement hid inside a kept clause): keep only facts and placeholders.
    bare = Parts(scan.language, situations=parts.situations, background=[],
                 has_time=parts.has_time, names=parts.names, addressee=parts.addressee)
    return compose(bare, sources)[:1]


def explain(scan: Scan, suggestions: Sequence[SBISuggestion]) -> str:
    """What changed and why, in the request's language."""
    lang = scan.language
    excerpts = ", ".join(f"«{f.excerpt}»" if lang == "da" else f"“{f.excerpt}”"
                         for f in scan.findings)
    lines = [messages().message("rephrase.removed", lang, excerpts=excerpts) if scan.findings
             else messages().message("rephrase.already_fine", lang),
             messages().message("rephrase.kept", lang)]
    if any("[" in s.text for s in suggestions):
        lines.append(messages().message("rephrase.placeholders", lang))
    return " ".join(lines)
