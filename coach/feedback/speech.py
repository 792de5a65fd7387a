"""Notes turned into speech: third person to second person, fragments to the situation.

Managers write context as notes ("Butik, Bilka. Lørdag formiddag.", "Hun kom 20 min for sent.")
and sometimes write the feedback itself about "han/hun". A suggestion is what they will say to
the person, so whole sentences about "han/hun/he/she" are turned to "du/you" (with the verb and
possessive forms that go with it), and fragments without a verb become the situation instead of
being pasted in as sentences; a heading without any fact ("Backend developer;") is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coach.feedback.clauses import ClauseRewriter, Piece, sentences
from coach.feedback.rewrite_data import RewriteWords
from coach.feedback.types import Finding
from coach.llm.checks import grounding_lexicon
from coach.tokens import Token, is_known

_LINE = re.compile(r"[^\n•]+")
_WHOLE_WORDS = 6  # a note this long is a sentence even without a pronoun ("Kunden ventede …")
_PRONOUN_SUBJECTS = {"da": frozenset({"du", "han", "hun", "jeg", "vi", "de", "det", "der", "man",
                                      "i"}),
                     "en": frozenset({"you", "he", "she", "i", "we", "they", "it", "there"})}
# No tagger here: a past-tense ending is the cheap sign of a verb ("Kunden ventede …").
_PAST = {"da": ("ede", "te"), "en": ("ed",)}
# "Det var på tavlemødet i går", "It was at the Monday stand-up": a scene, not an action.
_SCENE_SUBJECTS = frozenset({"det", "der", "it", "there", "this", "that"})
_SCENE_VERBS = frozenset({"var", "er", "was", "is", "were"})
_EN_ADVERBS = frozenset({"always", "never", "often", "usually", "just", "really", "also",
                         "still", "sometimes", "rarely", "constantly", "then", "only", "even"})
_EN_LOWER_STARTS = frozenset({"the", "a", "an", "in", "on", "at", "during", "after", "before",
                              "with", "for", "our", "my", "team", "meeting"})


def addressed(tokens: Sequence[Token], words: RewriteWords) -> bool:
    """True when the text speaks to the person ("du", "you")."""
    return any(t.norm in words.addressee and not t.quoted for t in tokens
               if not (words.language == "da" and t.norm == "i" and t.text != "I"))


def third_person(tokens: Sequence[Token], words: RewriteWords) -> bool:
    """True when the text is about "han/hun/he/she" and never speaks to "du/you"."""
    return not addressed(tokens, words) and any(t.norm in words.subjects for t in tokens)


def second_person(tokens: Sequence[Token], words: RewriteWords) -> dict[int, str]:
    """Token replacements turning "han/hun/he/she" (and their forms) into "du/you"."""
    replace: dict[int, str] = {}
    converted_subject = False
    for i, tok in enumerate(tokens):
        if tok.quoted or tok.punct:
            continue
        new = words.subjects.get(tok.norm)
        if new is not None:
            replace[i] = _case(new, tok)
            converted_subject = True
            if words.language == "en":
                _agree(tokens, i, words, replace)
            continue
        if not converted_subject:
            continue  # "Ham med reklamationen": a person other than the one spoken to
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.norm in words.possessives and (words.language == "da" or tok.norm != "her"
                                              or _noun_follows(nxt)):
            replace[i] = _case(_possessive(nxt, words), tok)
        elif tok.norm in words.objects:
            replace[i] = _case(words.objects[tok.norm], tok)
        elif tok.norm in words.reflexives:
            replace[i] = _case(words.reflexives[tok.norm], tok)
    return replace


def _noun_follows(nxt: Token | None) -> bool:
    return nxt is not None and not nxt.punct and nxt.norm not in (
        "to", "for", "with", "about", "at", "in", "on", "and", "but", "that")


def _possessive(noun: Token | None, words: RewriteWords) -> str:
    forms = words.possessive_forms
    if words.language != "da" or noun is None:
        return forms["common"]
    n = noun.norm
    own = {"egne": "plural", "eget": "neuter", "egen": "common"}  # "sine egne opgaver"
    if n in own:
        return forms[own[n]]
    if n.endswith(("ne", "er")) and len(n) > 4:
        return forms["plural"]
    if n.endswith("et") and len(n) > 3:
        return forms["neuter"]
    return forms["common"]


def _agree(tokens: Sequence[Token], i: int, words: RewriteWords,
           replace: dict[int, str]) -> None:
    """English verb agreement after "you": "she is" -> "you are", "he waits" -> "you wait"."""
    j = i + 1
    while j < len(tokens) and tokens[j].norm in _EN_ADVERBS:
        j += 1
    if j >= len(tokens) or tokens[j].punct:
        return
    verb = tokens[j]
    if verb.text.lower() in words.verbs:
        replace[j] = words.verbs[verb.text.lower()]
    elif verb.norm in words.verbs and verb.text.lower() == verb.norm:
        replace[j] = words.verbs[verb.norm]
    elif verb.norm.endswith("s") and verb.lemma != verb.norm and not verb.norm.endswith("ss"):
        replace[j] = verb.lemma


def _case(word: str, tok: Token) -> str:
    return word[:1].upper() + word[1:] if tok.text[:1].isupper() else word


@dataclass
class Notes:
    """The context as the rephraser uses it."""

    situation: list[str] = field(default_factory=list)  # fragments that set the scene
    scenes: list[str] = field(default_factory=list)  # "Det var på tavlemødet i går."
    pieces: list[Piece] = field(default_factory=list)  # whole sentences, rewritten
    removed: list[tuple[str, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def _is_sentence(words_: list[Token], lang: str) -> bool:
    """A note with a subject pronoun or a past-tense verb, or a long one, is a sentence."""
    toks = [t for t in words_ if not t.punct and not t.text.isdigit() and len(t.text) > 1]
    if len(toks) >= _WHOLE_WORDS:
        return True
    return len(toks) >= 3 and any(t.norm in _PRONOUN_SUBJECTS[lang] or (
        t.norm.endswith(_PAST[lang]) and t.lemma != t.norm) for t in toks)


def _fragment(text: str, lang: str) -> str:
    """A fragment as part of a sentence: without end marks, a common first word lower-cased."""
    frag = text.strip().rstrip(".;:,!").strip()
    first = frag.split(" ", 1)[0]
    low = first.lower()
    common = is_known(low, "da") and not first.isupper() if lang == "da" \
        else low in _EN_LOWER_STARTS
    if first[:1].isupper() and common:
        frag = low + frag[len(first):]
    return frag


def _verb_first(toks: Sequence[Token], lang: str) -> bool:
    """A note that opens with a past-tense verb and has no subject."""
    first = toks[0]
    # A strong past tense ("afbrød", "gik") has no regular ending: a form whose dictionary form
    # is an infinitive in -e and that is no definite or plural noun ("mødet", "opgaver").
    strong = lang == "da" and first.lemma != first.norm and first.lemma.endswith("e") \
        and not first.norm.endswith(("en", "et", "ne", "er", "e"))
    return not any(t.norm in _PRONOUN_SUBJECTS[lang] for t in toks) and (
        (first.norm.endswith(_PAST[lang]) and first.lemma != first.norm) or strong)


def _parts(sent: Sequence[Token]) -> list[list[Token]]:
    """A note's comma-separated parts ("Udvikler, team Phoenix"), punctuation left out."""
    parts: list[list[Token]] = [[]]
    for tok in sent:
        if tok.punct and tok.norm in (",", ";", ":", "–", "—", "(", ")"):
            parts.append([])
        elif not tok.punct or tok.norm in ("/", "-", "."):
            parts[-1].append(tok)
    return [p for p in parts if any(not t.punct for t in p)]


def _head(word: str, heads: Sequence[str]) -> str:
    """The head of `word` in `heads`, matching compounds ("lægesekretær" -> "sekretær")."""
    return next((h for h in sorted(heads, key=len, reverse=True) if word == h or (
        word.endswith(h) and len(word) >= len(h) + 3)), "")


def _occasion(word: str, occasions: Mapping[str, str]) -> str:
    """The occasion head of `word` in its indefinite or definite form ("overleveringen")."""
    for head, definite in sorted(occasions.items(), key=lambda kv: -len(kv[0])):
        if word in (head, definite) or (word.endswith((head, definite))
                                         and len(word) >= len(head) + 3):
            return head
    return ""


def _situation(text: str, part: list[Token], words: RewriteWords, notes: Notes) -> None:
    """One fragment of a note as the situation, or nothing.

    A role or heading ("Udvikler", "Sygeplejerske, 3 år ansat", "Butik") describes the person
    or the workplace, not what happened, and is dropped. A fragment naming an occasion
    ("Personalemøde 2/12") becomes the situation in its definite form ("personalemødet 2/12");
    one opening with a place preposition ("på lageret") becomes a scene ("Det var på lageret.").
    """
    lang = words.language
    toks = [t for t in part if not t.punct]
    if not toks:
        return
    plain = [t for t in toks if not any(c.isdigit() for c in t.text)]
    if plain and (_head(plain[0].norm, list(words.roles))
                  or _head(plain[-1].norm, list(words.roles))):
        return
    span = text[part[0].start:part[-1].end].strip(" .")
    first = toks[0]
    if first.norm in words.place_preps and first.norm not in words.subordinators \
            and len(toks) > 1:
        scene = ("Det var " if lang == "da" else "It was ") + _fragment(span, lang)
        if scene not in notes.scenes:
            notes.scenes.append(scene)
        return
    at = next((k for k, t in enumerate(toks[:3]) if _occasion(t.norm, words.occasions)), None)
    if at is None:
        dated = any(c.isdigit() for c in span) or any(
            pattern.search(span) for pattern, _, _ in grounding_lexicon().time_phrases)
        if dated and first.norm not in words.object_preps:
            frag = _fragment(span, lang)  # "lørdag formiddag", "dansk i 7.b": when and where
            if frag not in notes.situation:
                notes.situation.append(frag)
        return
    if at:  # "Team standup at 9:00": the occasion is the head of its words
        frag = _fragment(span, lang)
        frag = frag if lang == "da" else "the " + frag
        if frag not in notes.situation:
            notes.situation.append(frag)
        return
    head = _occasion(first.norm, words.occasions)
    rest = span[len(first.text):]
    if lang == "da":
        word = first.norm if first.norm.endswith(words.occasions[head]) else \
            first.norm[:-len(head)] + words.occasions[head]
        frag = word + rest
    else:
        frag = "the " + first.norm + rest
    if frag not in notes.situation:
        notes.situation.append(frag)


def read_notes(segments: Sequence[tuple[str, list[Token], list[Finding]]], words: RewriteWords,
               speak_to_person: bool) -> Notes:
    """Context segments (one per line, each scanned) rewritten as situation and speech."""
    notes = Notes()
    lang = words.language
    for text, tokens, findings in segments:
        replace = second_person(tokens, words) if speak_to_person and third_person(
            tokens, words) else {}
        for sent in sentences(tokens):
            toks = [t for t in sent if not t.punct]
            if not toks:
                continue
            span = text[toks[0].start:sent[-1].end]
            parts = _parts(sent)
            if len(parts) > 1 and not any(_is_sentence(p, lang) for p in parts):
                for part in parts:  # "Udvikler, team Phoenix, …": a list of fragments
                    _situation(text, part, words, notes)
                continue
            said_to = _verb_first(toks, lang)
            if said_to:
                # "Afbrød PO 3 gange", "Missed two stand-ups": a note about the person, said
                # to them ("Du afbrød …", "You missed …").
                subject = "Du" if lang == "da" else "You"
                replace = {**replace, toks[0].index: f"{subject} {toks[0].text.lower()}"}
            if not said_to and not _is_sentence(toks, lang):
                for part in _parts(sent):
                    _situation(text, part, words, notes)
                continue
            mine = [f for f in findings if toks[0].start <= f.start < sent[-1].end]
            if not mine and len(toks) > 2 and toks[0].norm in _SCENE_SUBJECTS \
                    and toks[1].norm in _SCENE_VERBS:
                notes.scenes.append(span)  # it only sets the scene: situation, not behaviour
                continue
            rewritten = ClauseRewriter(text, tokens, mine, words, replace).rewrite([sent])
            notes.pieces += rewritten.pieces
            notes.removed += rewritten.removed
            notes.names += rewritten.names
    return notes


def split_lines(text: str) -> list[tuple[int, str]]:
    """Each line (or bullet) of a note with its offset; a note's line breaks end sentences."""
    return [(m.start(), m.group()) for m in _LINE.finditer(text)
            if m.group().strip(" -*\t\r")]
