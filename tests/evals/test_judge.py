"""The LLM judge: seeded shuffled order, verdicts mapped back, advisory on failure; CLI errors."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from pydantic import SecretStr
from typer.testing import CliRunner

from cli.app import app
from coach.errors import EmptyReply
from coach.llm import FakeBackend
from coach.settings import get_settings
from evals.judge import EvalSettings, Judge, JudgeReply, Verdict, judge_settings, shuffled_order
from evals.model import Case, CaseMeta


def case(cid: str = "da-001") -> Case:
    return Case(id=cid, inputs={"text": "Du er doven.", "context": None}, expected={},
                metadata=CaseMeta(language="da"))


def test_order_is_seeded_per_case() -> None:
    assert shuffled_order("a", 5, 8) == shuffled_order("a", 5, 8)
    assert sorted(shuffled_order("a", 5, 8)) == list(range(5))
    orders = {tuple(shuffled_order(f"case-{i}", 3, 8)) for i in range(30)}
    assert len(orders) > 1  # not always the same position for the first suggestion


def test_verdicts_map_back_to_the_suggestions() -> None:
    texts = ["first suggestion", "second suggestion", "third suggestion"]
    order = shuffled_order("da-001", 3, 8)
    # The judge grades by letter; give the suggestion shown as A a 5, B a 3, C a 1.
    backend = FakeBackend(JudgeReply(verdicts=[
        Verdict(candidate="A", score=5, reason="a"), Verdict(candidate="B", score=3, reason="b"),
        Verdict(candidate="C", score=1, reason="c")]))
    verdicts = asyncio.run(Judge(backend, "m", seed=8).score(case(), texts))
    by_letter = {order[0]: 5, order[1]: 3, order[2]: 1}
    assert [v["score"] for v in verdicts if v] == [by_letter[i] for i in range(3)]
    prompt = backend.calls[0].messages[1].text
    shown = [prompt.index(texts[i]) for i in order]
    assert shown == sorted(shown)  # shown in the shuffled order, under A, B, C
    assert "Du er doven." in prompt and "rubrikken" in prompt


def test_failed_judge_leaves_cases_unjudged() -> None:
    judge = Judge(FakeBackend(EmptyReply("x")), "m")
    assert asyncio.run(judge.score(case(), ["a", "b"])) == [None, None]


def test_judge_settings() -> None:
    base = get_settings(llm_model="coach-model", llm_base_url="http://127.0.0.1:1/v1")
    assert judge_settings(base, EvalSettings(judge_model=None, judge_use_llm=False)) is None
    assert judge_settings(base, EvalSettings(judge_use_llm=True)) is base
    own = judge_settings(base, EvalSettings(judge_model="judge", judge_base_url="http://j/v1",
                                            judge_api_key=SecretStr("k")))
    assert own is not None and own.llm_model == "judge" and own.llm_base_url == "http://j/v1"


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = tmp_path / "cases"
    bad.mkdir()
    (bad / "feedback.jsonl").write_text(json.dumps({"id": "x", "language": "da"}) + "\n",
                                        encoding="utf-8")
    result = runner.invoke(app, ["eval", "--cases", str(bad), "--quiet", "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "feedback.jsonl:1: field 'text'" in result.output
    result = runner.invoke(app, ["eval", "--task", "nope", "--quiet"])
    assert result.exit_code == 2 and "unknown task" in result.output
    result = runner.invoke(app, ["eval", "--task", "feedback", "--record", "--quiet"])
    assert result.exit_code != 0 and "--cassette" in result.output
