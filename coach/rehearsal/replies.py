"""The rules engine's reply: the employee's next line, built from the banks in
coach/data/rehearsal/messages.yaml.

A reply is an optional opener (a reference to earlier turns or the persona's first reaction),
a core that answers what the manager did, and an optional closer, at most three sentences.
Variants are tried in an order seeded by the conversation, so the same request gets the same
reply; one the employee already said is skipped, so a reply does not repeat within the
conversation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from coach.language import Language
from coach.rehearsal.lexicon import messages
from coach.rehearsal.moves import Conversation, Heard, Line
from coach.rehearsal.types import REACTIONS, Persona, Reaction

MAX_SENTENCES = 3
# A sentence ends at . ! ? or … (runs of them count once), before a space, a closing quote
# or the end.
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"')]*(?=\s|$)")


def count_sentences(text: str) -> int:
    """Sentences in `text` (a trailing fragment without an end mark counts as one)."""
    text = text.strip()
    if not text:
        return 0
    ends = list(_SENTENCE_END.finditer(text))
    tail = text[ends[-1].end():].strip() if ends else text
    return len(ends) + (1 if tail else 0)


@dataclass(frozen=True)
class Reply:
    """The employee's line and how it reacts."""

    text: str
    reaction: Reaction


def variants(part: str, bank: str, persona: Persona, seed: int) -> list[str]:
    """Keys of one bank for the persona, then for `any`, each group rotated by `seed`."""
    keys: list[str] = []
    cat = messages()
    for who in (persona, "any"):
        group = sorted(cat.keys(f"{part}.{bank}.{who}."),
                       key=lambda k: (len(k), k))  # "…10" after "…9"
        if group:
            turn = seed % len(group)
            keys += group[turn:] + group[:turn]
    return keys


def _seed(line: Line, convo: Conversation, persona: Persona) -> int:
    key = "\n".join([persona, str(len(convo.lines) + len(convo.said)),
                     " ".join(line.text.casefold().split())])
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def _pick_heard(line: Line, convo: Conversation) -> Heard:
    """The finding the employee picks up: one not already answered, else the first."""
    for h in line.heard:
        if not convo.employee_said(h.quote):
            return h
    return line.heard[0]


def _plan(line: Line, convo: Conversation) -> tuple[str, str | None, dict[str, str]]:
    """The core bank, the opener bank (or None) and the fields they format."""
    earlier = convo.unacknowledged()
    if line.judging:
        h = _pick_heard(line, convo)
        fields = {"quote": h.quote}
        opener = ("repeat" if convo.heard_before(h.quote)
                  else "escalated" if convo.tension else None)
        return f"judging.{h.category}", opener, fields
    if line.move == "acknowledgement":
        return "softened", "softened" if earlier else None, {"earlier": earlier[0] if earlier
                                                                else ""}
    asked = line.move == "question" or (line.move == "concrete" and line.question is not None)
    # A concrete line that ends in a question ("Hvordan oplevede du det?") gets its answer.
    bank = f"answer.{line.question or 'open'}" if asked else REACTIONS[line.move]
    if convo.just_judged and earlier:
        return bank, "earlier", {"earlier": earlier[0]}
    return bank, ("answer" if line.move == "question" else "engaged" if asked else None), {}


def _candidates(core_bank: str, opener_bank: str | None, closer_bank: str, persona: Persona,
                seed: int, language: Language, fields: dict[str, str]) -> Iterator[tuple[str,
                                                                                          str]]:
    """(core text, full reply) pairs, the preferred first: cores vary slowest."""
    cat = messages()

    def texts(part: str, bank: str | None) -> list[str]:
        if bank is None:
            return []
        return [cat.template(k, language).format(**fields)
                for k in variants(part, bank, persona, seed)]

    cores = texts("core", core_bank)
    if not cores and core_bank.startswith("answer."):
        cores = texts("core", "answer.open")
    openers = texts("opener", opener_bank) or [""]
    closers = [*texts("closer", closer_bank), ""]
    for core, opener in product(cores, openers):
        # A core that already asks needs no closing question.
        for closer in [""] if core.rstrip().endswith("?") else closers:
            full = " ".join(p for p in (opener, core, closer) if p)
            if count_sentences(full) <= MAX_SENTENCES:
                yield core, full


def compose(line: Line, convo: Conversation, persona: Persona, language: Language) -> Reply:
    """The employee's reply to `line`, given the conversation so far."""
    seed = _seed(line, convo, persona)
    core_bank, opener_bank, fields = _plan(line, convo)
    reaction = REACTIONS[line.move]
    options = list(_candidates(core_bank, opener_bank, reaction, persona, seed, language,
                               fields))
    fresh = [full for core, full in options if not convo.employee_said(core)]
    unsaid = [full for _, full in options if not convo.employee_said(full)]
    chosen = (fresh or unsaid or [full for _, full in options])[0]
    return Reply(chosen, reaction)
