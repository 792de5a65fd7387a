"""LLM-as-judge for rephrasings: a rubric (prompts/judge_rephrase.*.j2) scored 1-5 with a reason.

Only used when a judge model is configured (`EvalSettings`). Candidates are shown under letters in
an order shuffled with a seed and the case id, so position bias does not favour the first
suggestion and a rerun shows the judge the same order (replays stay identical).
"""

from __future__ import annotations

import random
from typing import Any

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from coach.llm import ChatBackend
from coach.llm.prompts import PromptLibrary, get_prompts
from coach.settings import Settings
from evals.model import Case

TEMPLATE = "judge_rephrase"
LETTERS = "ABCDEFGHIJ"


class EvalSettings(BaseSettings):
    """Evaluation-only settings (`COACH_JUDGE_*`), kept out of the service's `Settings`."""

    model_config = SettingsConfigDict(env_prefix="COACH_", env_file=".env",
                                      env_file_encoding="utf-8", extra="ignore")

    judge_base_url: str | None = None
    judge_model: str | None = None
    judge_api_key: SecretStr | None = None
    judge_use_llm: bool = Field(default=False, description="Judge with the coach's own LLM "
                                "settings (COACH_LLM_*) when no COACH_JUDGE_MODEL is given.")
    judge_seed: int = Field(default=8, description="Seeds the order candidates are shown in.")

    @property
    def judge_configured(self) -> bool:
        """True when a judge model is set, or the LLM settings are to be reused."""
        return bool(self.judge_model) or self.judge_use_llm


class Verdict(BaseModel):
    """The judge's grade for one candidate."""

    candidate: str = Field(description="The candidate's letter.")
    score: int = Field(ge=1, le=5)
    reason: str


class JudgeReply(BaseModel):
    """The judge's whole answer: one verdict per candidate."""

    verdicts: list[Verdict]


def shuffled_order(case_id: str, n: int, seed: int) -> list[int]:
    """The order to show `n` candidates in: a permutation fixed by (seed, case id)."""
    order = list(range(n))
    random.Random(f"{seed}:{case_id}").shuffle(order)
    return order


def judge_settings(base: Settings, evals: EvalSettings) -> Settings | None:
    """The service settings the judge backend is built from, or None without a judge."""
    if evals.judge_model:
        return base.model_copy(update={
            "llm_base_url": evals.judge_base_url, "llm_model": evals.judge_model,
            "llm_api_key": evals.judge_api_key, "azure_openai_endpoint": None})
    return base if evals.judge_use_llm else None


class Judge:
    """Grades a case's suggestions with a chat backend.

    Args:
        backend: The judge model (possibly wrapped in a cassette).
        model: Its name, for the report.
        seed: Seeds the shown order.
        prompts: Template library.
    """

    def __init__(self, backend: ChatBackend, model: str, *, seed: int = 8,
                 prompts: PromptLibrary | None = None) -> None:
        self.backend = backend
        self.model = model
        self.seed = seed
        self.prompts = prompts or get_prompts()

    async def score(self, case: Case, texts: list[str]) -> list[dict[str, Any] | None]:
        """One `{"score", "reason"}` per text (None where the judge gave no usable verdict)."""
        order = shuffled_order(case.id, len(texts), self.seed)[:len(LETTERS)]
        shown = [{"label": LETTERS[pos], "text": texts[i]} for pos, i in enumerate(order)]
        messages = self.prompts.messages(TEMPLATE, {
            "language": case.language, "text": case.inputs["text"],
            "context": case.inputs.get("context") or "", "candidates": shown})
        try:
            reply = await self.backend.complete(messages, JudgeReply)
        except Exception:  # the judge is advisory: a failed call leaves the case unjudged
            return [None] * len(texts)
        by_letter = {v.candidate.strip().upper()[:1]: v for v in reply.verdicts}
        out: list[dict[str, Any] | None] = [None] * len(texts)
        for pos, i in enumerate(order):
            verdict = by_letter.get(LETTERS[pos])
            if verdict is not None:
                out[i] = {"score": verdict.score, "reason": verdict.reason}
        return out
