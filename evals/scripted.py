"""A scripted stand-in model: plausible, deterministic replies for every schema the coach asks
for, so an LLM-engine run (and its cassette) can be made offline.

Replies are built from the rendered prompt (the text between the template's tags), so they keep
the input's facts and use placeholders for what is missing, as a good model would. About one
case in five first answers with a flawed rephrasing (it repeats the original), so recordings
also exercise the coach's validation retry. Reply wording lives in evals/scripted.yaml.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import BaseModel

from coach.errors import ScriptExhausted
from coach.language import detect_language
from coach.llm import FakeBackend, FakeCall
from coach.llm.checks import ungrounded

REPLIES = Path(__file__).with_name("scripted.yaml")
_BANK = re.compile(r"^- id: (?P<id>\S+)\n\s+question: (?P<q>.*)\n\s+why: (?P<why>.*)$", re.M)
_CANDIDATE = re.compile(r"^(?P<label>[A-J]): (?P<text>.*)$", re.M)
_CANDIDATES = re.compile(r"<candidates>(.*?)</candidates>", re.DOTALL)
FLAW_EVERY = 5  # one case in this many starts with a flawed reply


@lru_cache(maxsize=1)
def _phrases() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(REPLIES.read_text(encoding="utf-8"))
    return data


def _digest(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def _user(messages: Sequence[BaseMessage]) -> str:
    return "\n".join(str(m.content) for m in messages if m.type == "human")


def _tagged(messages: Sequence[BaseMessage]) -> str:
    """The user's text: the last <user_text> block (the instructions also name the tag)."""
    user = _user(messages[:2])
    end = user.rfind("</user_text>")
    start = user.rfind("<user_text>", 0, end)
    return user[start + len("<user_text>"):end].strip() if 0 <= start < end else ""


def rephrase_reply(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """An SBI suggestion that keeps the input's facts (numbers, dates, names) and adds none."""
    text = _tagged(messages)
    lang = detect_language(text)
    p = _phrases()["rephrase"][lang]
    retry = any(isinstance(m, AIMessage) for m in messages)
    if not retry and _digest(text) % FLAW_EVERY == 0:
        sbi = {"situation": text, "behaviour": text, "impact": "", "request": ""}
        return {"suggestions": [{"text": text, **sbi, "style": "sbi"}],
                "explanation": p["explanation"], "cited_ids": []}
    # Every fact of the input and every topic the prompt lists to keep, so the rewrite can
    # keep them all.
    facts = list(dict.fromkeys([*ungrounded(text), *_keep(messages)]))
    situation = p["situation_facts"].format(facts=", ".join(facts)) if facts \
        else p["situation"]
    parts = {"situation": situation, "behaviour": p["behaviour"], "impact": p["impact"],
             "request": p["request"]}
    full = " ".join(parts.values())
    return {"suggestions": [{"text": full, **parts, "style": "sbi"}],
            "explanation": p["explanation"], "cited_ids": []}


def _keep(messages: Sequence[BaseMessage]) -> list[str]:
    """The "Keep" list of the rephrase prompt's data block."""
    user = _user(messages[:2])
    start = user.find("Keep (")
    end = user.find("What the feedback already does well:", start)
    if start < 0 or end < 0:
        return []
    lines = user[start:end].splitlines()[1:]
    return [ln[2:].strip() for ln in lines
            if ln.startswith("- ") and not ln.startswith("- (nothing")]


def goal_reply(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """The goal with a measure and a deadline left as placeholders, and questions for them."""
    goal = _tagged(messages).rstrip(" .")
    p = _phrases()["goal"][detect_language(goal)]
    return {"suggestion": p["suggestion"].format(goal=goal), "questions": p["questions"]}


def prep_reply(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """Every given bank question back, unchanged (a cautious model's adaptation)."""
    return {"questions": [{"id": m["id"], "text": m["q"].strip(), "why": m["why"].strip(),
                           "source_ids": []} for m in _BANK.finditer(_user(messages))]}


def judge_reply(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """Scores 4-5 for rewrites, 2 for one that repeats the original statement."""
    user = _user(messages)
    original = _tagged(messages).strip()
    block = _CANDIDATES.search(user)
    lang = detect_language(original)
    p = _phrases()["judge"][lang]
    verdicts = []
    for m in _CANDIDATE.finditer(block.group(1) if block else ""):
        text = m["text"].strip()
        score = 2 if text == original else 4 + _digest(text) % 2
        verdicts.append({"candidate": m["label"], "score": score, "reason": p[str(score)]})
    return {"verdicts": verdicts}


_FOUND = re.compile(r'^- (?P<category>label|generalization|attribution): "(?P<excerpt>.*)"$',
                    re.M)


def second_opinion_reply(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """Mostly agrees with the analysis; one judged text in three also reads its first passage
    as another kind of judgement, so a replay exercises the merge of added findings (the
    verdict, person-directed, stays the analysis's)."""
    found = list(_FOUND.finditer(_user(messages[:2])))
    if not found or _digest(_tagged(messages)) % 3:
        return {"findings": []}
    taken = {m["category"] for m in found}
    other = next((c for c in ("attribution", "label", "generalization") if c not in taken), None)
    excerpt = found[0]["excerpt"]
    if other is None or excerpt not in _tagged(messages):
        return {"findings": []}
    return {"findings": [{"category": other, "excerpt": excerpt}]}


_FINDING = re.compile(r'^- (?:label|generalization|attribution): "(?P<excerpt>.*)"$', re.M)


def rehearsal_reply(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """The employee picks up the last judging word (or engages), a different line each turn;
    the tip quotes every finding. One case in five first answers in the coach's voice."""
    line = _tagged(messages)
    user = _user(messages[:2])
    lang = detect_language(line)
    p = _phrases()["rehearse"][lang]
    excerpts = [m["excerpt"] for m in _FINDING.finditer(user)]
    turn = user.count("\nEmployee: ")
    retry = any(isinstance(m, AIMessage) for m in messages)
    if not retry and _digest(line + str(turn)) % FLAW_EVERY == 0:
        return {"reply": p["coach_voice"], "reaction": "engaged", "coach_tip": p["tip_plain"],
                "cited_ids": []}
    if excerpts:
        quote = excerpts[-1].split()[-1]
        replies = p["judging"]
        tip = p["tip"].format(excerpts=", ".join(f'"{e}"' for e in excerpts))
        reaction = "defensive"
    else:
        quote, replies, tip, reaction = "", p["engaged"], p["tip_plain"], "engaged"
    return {"reply": replies[turn % len(replies)].format(quote=quote), "reaction": reaction,
            "coach_tip": tip, "cited_ids": []}


RESPONDERS = {"LLMRephrase": rephrase_reply, "GoalDraft": goal_reply,
              "AdaptedSet": prep_reply, "JudgeReply": judge_reply,
              "SecondOpinion": second_opinion_reply, "LLMRehearsal": rehearsal_reply}


class ScriptedBackend(FakeBackend):
    """`FakeBackend` that answers from `RESPONDERS` by schema name once its queue is empty."""

    async def _ask(self, messages: Sequence[BaseMessage], schema: type[BaseModel] | None) -> str:
        if self.queue:
            return await super()._ask(messages, schema)
        if schema is None or schema.__name__ not in RESPONDERS:
            raise ScriptExhausted(f"no scripted reply for {schema and schema.__name__}")
        self.calls.append(FakeCall(list(messages), schema))
        reply = RESPONDERS[schema.__name__](messages)
        return schema.model_validate(reply).model_dump_json()
