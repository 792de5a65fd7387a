"""The deterministic SMART rules: specific, measurable, relevant (time: deadlines/, achievable:
achievability.py).

Definitions are the contract's (../shared/CONTRACT.md). The rules work on the goal with its time
expressions blanked out (so "3. kvartal" is neither a measure nor an object) and read every word
list from coach/data/goals/lexicon.yaml. Each rule returns the phrases that decided it, so the
evidence the user sees is always a quote from their own goal or context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from coach.goals import lexicon as lx
from coach.goals import matching as sm
from coach.goals.deadlines.scan import TimeScan
from coach.tokens import lemma

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Punctuation that ends a clause; "," "." ":" only before a space, so "2,5", "1:1" and "pr." stay.
_PUNCT_BREAK = re.compile(r"[;!?()–—]|[,.:](?=\s|$)")
_DIGIT_NUMBER = r"\d+(?:[.,]\d+)*"
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|\n\s*|[-•*]\s+)$")
_CLAUSE_WORDS = 8  # words after a verb searched for its object
_BE_FORMS = frozenset({"be", "am", "is", "are", "was", "were", "being", "been", "være", "er",
                       "var", "blive", "bliver", "blev"})


@dataclass
class Finding:
    """A criterion decision with its quotes (`phrases`) and the catalogue key for the advice."""

    met: bool | None
    phrases: list[str] = field(default_factory=list)
    reason: str = ""
    extra: list[str] = field(default_factory=list)


@dataclass
class GoalText:
    """The goal prepared once for all rules."""

    text: str
    language: str
    timeless: str  # time expressions blanked (numbers in "to gange om ugen" still count)
    masked: str  # time expressions, frequencies and vague timing blanked
    concrete: str  # `masked` with vague regions blanked too
    vague_phrases: list[str]
    scan: TimeScan
    # `safe_lower` of the texts, lowered once per goal for the lexicon's `sm.Search`es
    timeless_lower: str | None = None
    masked_lower: str | None = None
    concrete_lower: str | None = None


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the (possibly overlapping) spans replaced by spaces; slices rather than a
    list of characters, and `text` itself when there is nothing to blank (the usual case)."""
    parts: list[str] = []
    last = 0
    for start, end in sorted(spans):
        start = max(start, last)
        if end <= start:
            continue
        parts += (text[last:start], " " * (end - start))
        last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def prepare(text: str, language: str, scan: TimeScan) -> GoalText:
    """Blank the time expressions, then find the vague regions (a vague phrase up to the next
    clause break, so "blive bedre til Excel ved at tage kurset" keeps "tage kurset")."""
    timeless = _blank(text, [*((r.start, r.end) for r in scan.refs),
                             *((a.start, a.end) for a in (*scan.anchored, *scan.undated)),
                             *((b.start, b.end) for b in scan.impossible)])
    masked = _blank(timeless, [(s.start, s.end) for s in (*scan.frequencies, *scan.vague)])
    regions: list[tuple[int, int]] = []
    phrases: list[str] = []
    words = lx.smart_lexicon().languages[language]
    breaks = words.clause_breaks
    low = sm.safe_lower(masked)
    for m in words.vague.finditer(masked, low):
        if regions and m.start() < regions[-1][1]:
            continue
        end = len(masked)
        punct = _PUNCT_BREAK.search(masked, m.end())
        word = breaks.search(masked, m.end())
        for hit in (punct, word):
            if hit is not None:
                end = min(end, hit.start())
        regions.append((m.start(), end))
        phrases.append(" ".join(m.group().split()))
    concrete = _blank(masked, regions)
    return GoalText(text, language, timeless, masked, concrete, phrases, scan,
                    low if timeless is masked else sm.safe_lower(timeless), low,
                    low if concrete is masked else sm.safe_lower(concrete))


def content_words(text: str, language: str) -> list[str]:
    """Words that carry meaning (not stopwords, not a single letter)."""
    stop = lx.smart_lexicon().words("stopwords", language)
    return [w for w in (m.group() for m in _WORD.finditer(text))
            if len(w) > 1 and w.lower() not in stop]


# --- events and concrete actions -----------------------------------------------------------

def events(goal: GoalText, actions: list[str]) -> list[str]:
    """Checkable events: an event verb (or "gennem"/"through") with an event object after it,
    no improvement word in between, standalone events ("certificering", "get certified") and
    the `actions` whose verb is checkable by itself ("præsentere", "publish")."""
    found: list[str] = []
    text, lex = goal.concrete, lx.smart_lexicon()
    words = lex.languages[goal.language]
    modifiers, prepositions = lex.words("vague_modifiers"), lex.words("gap_prepositions")
    for verb_hits in (words.event_verbs.finditer(text),
                      words.event_means.finditer(text, goal.concrete_lower),
                      lx.imperative_matches(words.imperatives, text)):
        for m in verb_hits:
            window = until_break(text, m.end())
            obj = words.event_objects.search(window)
            if obj is None:
                continue
            parts = window.split()
            at = next((i for i, w in enumerate(parts) if content_words(w, goal.language)), None)
            head = parts[at] if at is not None else ""
            following = parts[at + 1] if at is not None and at + 1 < len(parts) else ""
            if _abstract(m.group(), head, goal.language, following):
                continue  # "get my head around the process": the process is not the object
            gap = window[: obj.start()].lower().split()
            if len(gap) > 4 or any(w in modifiers for w in gap) \
                    or any(w in prepositions for w in gap[1:]):
                continue
            found.append(" ".join((m.group() + window[: obj.end()]).split()))
    found += [" ".join(m.group().split())
              for m in words.event_phrases.finditer(text, goal.concrete_lower)]
    found += [a for a in actions if words.deliverable_verbs.match(a)
              or (words.role_frames.pattern.match(a) and _checkable_role(a, goal.language))]
    return unique(found)


def _checkable_role(action: str, language: str) -> bool:
    """A role alone ("være tovholder på ...", "be a mentor to ...", "superbruger på
    systemet") is specific but has no point of completion; joining a body ("sit on the
    steering group") or running one occasion ("være tovholder på julefrokosten") is. A
    plural object ("personalemøderne") is an ongoing series: checkable only with a count."""
    words = lx.smart_lexicon().languages[language]
    if words.role_groups.search(action):
        return True
    obj = words.role_occasions.search(action)
    if obj is None:
        return False
    last = obj.group().split()[-1].lower()
    plural = last.endswith(("erne", "ene")) if language == "da" else last.endswith("s")
    return not plural


def _stance(action: str, language: str) -> bool:
    """A verb whose own noun is abstract ("take ownership of", "tage ansvar for", "be
    responsible for"): it names who holds something, not an act that can be repeated."""
    nouns = lx.smart_lexicon().words("abstract_objects", language)
    return any(w.lower() in nouns for w in action.split()[1:3])


def until_break(text: str, start: int) -> str:
    punct = _PUNCT_BREAK.search(text, start)
    return text[start: punct.start() if punct else len(text)]


def concrete_actions(goal: GoalText) -> list[str]:
    """Concrete verbs followed by an object, outside vague regions ("nedbringe sygefraværet")."""
    found: list[str] = []
    text, lang, lex = goal.concrete, goal.language, lx.smart_lexicon()
    words = lex.languages[lang]
    determiners = lex.words("noun_determiners")
    modifiers, effort = lex.words("vague_modifiers"), lex.words("effort_verbs")
    found += [" ".join(m.group().split())
              for m in words.standalone_actions.finditer(text, goal.concrete_lower)]
    verbs = [*words.concrete_verbs.finditer(text),
             *words.role_frames.finditer(text, goal.concrete_lower),
             *lx.imperative_matches(words.imperatives, text)]
    for m in sorted(verbs, key=lambda v: v.start()):
        before = [w.lower() for w in text[: m.start()].split()[-2:]]
        if lang == "en" and before and before[-1] in determiners:
            continue  # "the product launch" is a noun
        if set(before) & _BE_FORMS:
            continue  # "be 100% prepared", "være forberedt": a state, not an action
        rest = until_break(text, m.end())
        after = rest.split()[:_CLAUSE_WORDS]
        if any(w.lower() in modifiers for w in after[:3]):
            continue  # "tage flere kunder", "participate more", "create a better atmosphere"
        if m.group().lower() in effort and re.match(rf"\s*{_DIGIT_NUMBER}{lx.PERCENT}", rest):
            continue  # "give 100%" is effort
        first = next((i for i, w in enumerate(after) if content_words(w, lang)), None)
        following = after[first + 1] if first is not None and first + 1 < len(after) else ""
        if first is not None and _abstract(m.group(), after[first], lang, following):
            continue  # "build my confidence", "få mere erfaring": no thing is acted on
        if first is None and after and after[0].lower().strip(".,;:!?") in \
                lex.words("object_pronouns") and words.deliverable_verbs.fullmatch(m.group()):
            found.append(f"{m.group()} {after[0].strip('.,;:!?')}")  # "Ship it"
        if first is None and m.re is words.role_frames.pattern:
            found.append(" ".join(m.group().split()))  # "sit on the works council": the role
        if first is not None:
            last = first  # extend over the noun phrase: "reduce sick leave"
            while last + 1 < min(len(after), first + 3) and content_words(after[last + 1], lang):
                last += 1
            found.append(" ".join([m.group(), *after[: last + 1]]))
    return unique(found)


@cache
def _light_forms(language: str) -> frozenset[str]:
    """Every inflected form of the lexicon's light verbs (`light_verbs`)."""
    entries = lx.smart_lexicon().data["light_verbs"][language]
    return frozenset(f for e in entries for f in lx.verb_forms(str(e), language))


def _abstract(verb: str, head: str, language: str, following: str = "") -> bool:
    """A light verb with an abstract noun or a state as its object ("get my head around");
    not when the noun only modifies the next ("build a development plan", `following`)."""
    if " ".join(verb.lower().split()) not in _light_forms(language):
        return False
    if following and head[-1:].isalnum() and content_words(following, language) \
            and following.lower() not in lx.smart_lexicon().words("object_particles"):
        return False  # an English compound: the thing is the last noun
    word = head.lower().strip(".,;:!?\"'")
    nouns = lx.smart_lexicon().words("abstract_objects", language)
    if word in nouns:
        return True
    # Danish compounds end in their head noun: "kommunikationsevner", "ledelseserfaring"
    return language == "da" and any(len(n) >= 4 and word.endswith(n) for n in nouns)


def unique(items: Iterable[str]) -> list[str]:
    """Distinct phrases in order, without those contained in a longer one ("exam" in "pass the
    exam")."""
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    phrases = list(seen)
    return [p for p in phrases
            if not any(p != q and p.lower() in q.lower() for q in phrases)]


# --- measures ------------------------------------------------------------------------------

@dataclass
class Measures:
    """What makes a goal measurable, and the numbers that only look like measures."""

    found: list[str] = field(default_factory=list)
    non_measures: list[str] = field(default_factory=list)
    picked: list[str] = field(default_factory=list)  # "the 3 new hires": which, not how many

    def for_actions(self, actions: list[str], language: str) -> Measures:
        """Without the numbers that only pick out people or things ("støtte de 3 nye
        kolleger") when no concrete action is done to them (a role alone is none): there is
        nothing to count."""
        roles = lx.smart_lexicon().languages[language].role_frames.pattern
        if not self.picked or any(not roles.match(a) for a in actions):
            return self
        picked = set(self.picked)
        return Measures([f for f in self.found if f not in picked], self.non_measures, [])


def _is_identifier(text: str, start: int, end: int) -> bool:
    """A version or name number: "PRINCE2", "B2B", "Dansk 3", "ISO 27001"."""
    if (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
        return True
    if re.search(r"[^\W\d_]-$", text[max(0, start - 2):start]):
        return True  # "AZ-104", "COVID-19", "ISO-9001": a name with its number
    prev = re.search(r"([^\W\d_][\w-]*)\s+$", text[:start])
    if prev is None or not prev.group(1)[0].isupper():
        return False
    return not _SENTENCE_START.search(text[: prev.start(1)])


def measures(goal: GoalText) -> Measures:
    """Numbers, percentages, thresholds, halving/doubling words and response-time limits."""
    lang, text, lex = goal.language, goal.timeless, lx.smart_lexicon()
    result = Measures()
    blocked = [(m.start(), m.end())
               for m in lex.non_measures.finditer(text, goal.timeless_lower)]
    thresholds = lex.thresholds
    effort, attitude = lex.words("effort_verbs"), lex.words("attitude_words")
    for m in lex.languages[lang].measure_numbers.finditer(text):
        start, end = m.start(), m.end()
        token = m.group().split("%")[0].strip()
        if any(s <= start < e for s, e in blocked) or _is_identifier(text, start, end):
            continue
        before = text[:start].split()[-1:]
        if before and before[0].lower() in lex.words("label_nouns"):
            continue  # "level 2", "room 204", "kapitel 5": a name, not an amount
        vague_part = not goal.concrete[start:end].strip() and goal.masked[start:end].strip()
        if vague_part and before and before[0].lower() in lex.words("definite_determiners"):
            continue  # "focus on the 2 biggest clients": which ones, not how many to reach
        if re.match(r"\.(?:\s+[a-zæøå]|[^\W\d_](?!\w))", text[end:end + 3]) \
                or re.match(r"\)", text[end:end + 1]):
            # Danish ordinal ("3. semester"), a class ("5.b") or a list marker ("1)")
            continue
        picked = bool(before) and before[0].lower() in lex.words("definite_determiners")
        if re.fullmatch(r"(?:19|20)\d{2}", token) and not m.group("pct"):
            continue  # a year outside a time expression ("strategi 2030")
        if m.group("pct"):
            before = text[:start].lower().split()[-2:]
            after = text[end:].lower().split()[:2]
            if any(w in effort for w in before) or (after and after[0] not in ("af", "of")
                                                    and any(w.strip(".,") in attitude
                                                            for w in after)):
                result.non_measures.append(" ".join(text[start:end].split()))
                continue
        phrase = _measure_phrase(text, start, end, thresholds, lang)
        result.found.append(phrase)
        if picked:
            result.picked.append(phrase)
    result.found += [" ".join(m.group().split())
                     for m in lex.measure_verbs.finditer(goal.concrete, goal.concrete_lower)]
    result.found += [s.text for s in goal.scan.sla]
    result.found = unique(result.found)
    return result


def _measure_phrase(text: str, start: int, end: int, thresholds: re.Pattern[str],
                    language: str) -> str:
    """The number with a threshold word before it and the word it counts after it."""
    head = text[max(0, start - 24):start]
    for m in thresholds.finditer(head):
        if not head[m.end():].strip():
            start = start - len(head) + m.start()
            break
    tail = re.match(r"\s+([^\W\d_][\w-]*)", text[end:])
    if tail and content_words(tail.group(1), language):  # "tre workshops", not "4% by"
        end += tail.end()
    return " ".join(text[start:end].split())


# --- the criteria --------------------------------------------------------------------------

def specific(goal: GoalText, found: Measures, evts: list[str], actions: list[str]) -> Finding:
    """Met when the goal names a concrete action or event, or a measured outcome of something."""
    if evts or actions:
        return Finding(True, unique([*evts, *actions])[:3],
                       "met_vague_part" if goal.vague_phrases else "met",
                       goal.vague_phrases)
    vague_words = {w.lower() for p in goal.vague_phrases for w in p.split()}
    nouns = [w for w in content_words(goal.masked, goal.language) if w.lower() not in vague_words]
    if found.found and nouns:
        return Finding(True, found.found[:2], "met_vague_part" if goal.vague_phrases else "met",
                       goal.vague_phrases)
    if goal.vague_phrases:
        return Finding(False, [], "vague", goal.vague_phrases)
    return Finding(False, [], "no_action" if nouns else "empty")


def measurable(goal: GoalText, found: Measures, evts: list[str], actions: list[str]) -> Finding:
    """Met by a measure, a checkable event, or a concrete action repeated or done for all."""
    lex = lx.smart_lexicon()
    comparatives = lex.words("comparatives")
    # "Løbende opdatere procedurebeskrivelserne": an ongoing task has no point of completion,
    # so a deliverable alone does not make it checkable without a number or a repetition.
    ongoing_words = lex.words("ongoing_timing")
    ongoing = (any(" ".join(v.text.lower().split()) in ongoing_words for v in goal.scan.vague)
               and not found.found and not goal.scan.frequencies)
    phrases = [*found.found, *([] if ongoing else evts)]
    # "gå tidligere hjem om fredagen": a repetition of a comparative has nothing to count
    # A role or an ownership ("take ownership of the weekly stock count") repeated is still a
    # role: only a repeated action has something to count.
    roles = lex.languages[goal.language].role_frames.pattern
    countable = [a for a in actions if not {w.lower() for w in a.split()} & comparatives
                 and not roles.match(a) and not _stance(a, goal.language)]
    if countable:
        quantifiers = [m.group() for m in lex.quantifiers.finditer(
            goal.concrete, goal.concrete_lower)]
        phrases += [f.text for f in goal.scan.frequencies]
        phrases += [" ".join(q.split()) for q in quantifiers]
    if phrases:
        return Finding(True, unique(phrases)[:4], "met")
    if found.non_measures:
        return Finding(False, [], "non_measure", found.non_measures)
    return Finding(False, [], "missing")


def time_bound(goal: GoalText, today_iso: str) -> Finding:
    """Met by a deadline (one already past is still a deadline: achievable asks about it) or a
    named period whose day the workplace decides; frequencies, starts and "asap" are not."""
    scan = goal.scan
    ref = scan.deadline
    if ref is not None:
        if ref.day.isoformat() < today_iso:
            return Finding(True, [ref.text], "past", [ref.day.isoformat()])
        return Finding(True, [r.text for r in scan.deadlines], "met")
    if scan.anchored:
        return Finding(True, [a.text for a in scan.anchored], "anchored",
                       [a.text for a in scan.anchored])
    if scan.undated:  # "inden sommerferien": bounded; which day is asked, never invented
        return Finding(True, [u.text for u in scan.undated], "undated",
                       [u.text for u in scan.undated])
    if scan.impossible:  # "by March 32": no date is guessed; the question asks which was meant
        return Finding(False, [], "impossible", [b.text for b in scan.impossible])
    if scan.frequencies:
        return Finding(False, [], "frequency_only", [f.text for f in scan.frequencies])
    if scan.starts:
        return Finding(False, [], "start_only", [r.text for r in scan.starts])
    if scan.vague:
        return Finding(False, [], "vague", [v.text for v in scan.vague])
    return Finding(False, [], "missing")


def _terms(text: str, language: str) -> dict[str, str]:
    """Key terms as lemma -> the word as written; acronyms ("AWS", "CRM") are kept whole."""
    lex = lx.smart_lexicon()
    ignore = lex.words("relevance_ignore") | lex.words("stopwords", language)
    terms: dict[str, str] = {}
    for whole in _WORD.findall(text):
        parts = whole.split("-") if "-" in whole else []  # "AWS-certificering" -> AWS, ...
        for word in (whole, *parts):
            if word.lower() in ignore or len(word) < 3 or (len(word) == 3 and not word.isupper()):
                continue
            key = word.lower() if word.isupper() else lemma(word.lower(), language)
            terms.setdefault(key, word)
    return terms


def _related(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 5 and (long_.endswith(short) or long_.startswith(short)):
        return True  # Danish compounds: "kunder" / "abonnementskunder"
    if len(short) >= 6 and short in long_:
        return True  # "trivsel" / "medarbejdertrivselsundersøgelse"
    prefix = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        prefix += 1
    return prefix >= 6  # "certified" / "certification"


def relevant(goal: GoalText, context: str | None) -> Finding:
    """Only with context: true when the goal shares key terms with the context's sentences
    about role or goals ("Teamets mål er ..."), otherwise null."""
    if context is None:
        return Finding(None, [], "no_context")
    markers = lx.smart_lexicon().relevance_markers
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\n+", context)
    stated = " ".join(s for s in sentences if markers.search(s))
    goal_terms = _terms(goal.masked, goal.language)
    context_terms = _terms(stated, goal.language)
    shared = [word for key, word in goal_terms.items()
              if any(_related(key, c) for c in context_terms)]
    if shared:
        return Finding(True, [], "shared", shared[:5])
    return Finding(None, [], "unclear")
