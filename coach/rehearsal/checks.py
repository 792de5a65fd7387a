"""The checks a model's reply must pass before the employee says it: at most three sentences,
in the conversation's language, in the employee's voice, no facts beyond the conversation, no
abuse, no repeat; and a coach tip that names every judging wording."""

from __future__ import annotations

from collections.abc import Sequence

from coach.feedback import Finding
from coach.language import Language
from coach.llm.checks import language_complaints, ungrounded
from coach.placeholders import PLACEHOLDER
from coach.rehearsal.lexicon import find, rules
from coach.rehearsal.replies import MAX_SENTENCES, count_sentences
from coach.tokens import tokenize


def reply_complaints(reply: str, language: Language, conversation: Sequence[str],
                     said: Sequence[str]) -> list[str]:
    """What is wrong with `reply` as the employee's next line (empty: nothing).

    Args:
        reply: The proposed reply.
        language: The conversation's language.
        conversation: Every text of the conversation (the facts the reply may use).
        said: What the employee already said.
    """
    lr = rules()[language]
    complaints: list[str] = []
    if count_sentences(reply) > MAX_SENTENCES:
        complaints.append(f"The reply must be at most {MAX_SENTENCES} sentences.")
    complaints += [f"Reply: {c}" for c in language_complaints(reply, language)]
    tokens = tokenize(reply, language)
    voice = sorted({p.text for _, _, p in find(tokens, lr.coach_voice)})
    if voice or PLACEHOLDER.search(reply):
        complaints.append("Write the reply as the employee speaking to their manager, in the "
                          "first person: no coaching, no role labels, no [placeholders]"
                          + (f" (found: {', '.join(voice)})." if voice else "."))
    if find(tokens, lr.abuse):
        complaints.append("The employee may be upset but never insults, swears or threatens.")
    invented = ungrounded(reply, *conversation)
    if invented:
        complaints.append("The reply states facts about the employee that are not in the "
                          "conversation: " + ", ".join(invented) + ". Leave them out.")
    normal = " ".join(reply.casefold().split())
    if any(normal == " ".join(s.casefold().split()) for s in said):
        complaints.append("The employee already said exactly this; reply differently.")
    return complaints


def tip_complaints(tip: str, findings: Sequence[Finding]) -> list[str]:
    """What is wrong with the coach tip: every judging wording must be quoted in it."""
    low = tip.casefold()
    missing = [f.excerpt for f in findings if f.excerpt.casefold() not in low]
    if missing:
        return ["The coach tip must quote each judging wording of the manager's line exactly: "
                + ", ".join(f'"{m}"' for m in missing) + "."]
    return []
