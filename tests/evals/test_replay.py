"""LLM runs replay offline: a scripted recording re-scores bit-identically, and the committed
cassette (evals/cassettes/scripted) still answers every call the coach makes today."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.eval import DEFAULT_THRESHOLDS, run
from coach.settings import get_settings
from evals.cassette import CassetteError
from evals.compare import load_report
from evals.env import Options
from tests.support.paths import ROOT as PROJECT_ROOT

COMMITTED = PROJECT_ROOT / "evals" / "cassettes" / "scripted"
LLM_TASKS = ["rephrase", "smart", "prep"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index for the module: building it is the slow part of a run."""
    return tmp_path_factory.mktemp("eval-data")


def eval_run(tmp_path: Path, data: Path, out: str, opts: Options, limit: int,
             tasks: list[str], embedding: str = "bm25") -> Path:
    settings = get_settings(data_dir=data / embedding, chroma_url=None, embedding=embedding)
    code = run(settings, opts, tasks=tasks, out=tmp_path / out, cases=None, baseline=None,
               thresholds=DEFAULT_THRESHOLDS, check=False, limit=limit)
    assert code == 0
    return tmp_path / out / "report.json"


def test_recorded_run_replays_bit_identically(tmp_path: Path, data_dir: Path) -> None:
    cassette = tmp_path / "cassette"
    record = Options(engine="llm", cassette=cassette, record=True, scripted=True, judge=True)
    recorded = eval_run(tmp_path, data_dir, "rec", record, 6, LLM_TASKS)
    replayed = eval_run(tmp_path, data_dir, "play", Options(engine="llm", cassette=cassette), 6,
                        LLM_TASKS)
    first, second = load_report(recorded), load_report(replayed)
    assert second.judge_model == first.judge_model == "fake-scripted-judge"
    assert first.comparable() == second.comparable()
    rephrase = first.tasks["rephrase"].cases
    assert any(s.get("judge") for c in rephrase for s in c.output["suggestions"])
    assert "llm_answered" in first.tasks["smart"].metrics


def test_replay_without_the_call_fails_loudly(tmp_path: Path, data_dir: Path) -> None:
    cassette = tmp_path / "cassette"
    eval_run(tmp_path, data_dir, "rec", Options(engine="llm", cassette=cassette, record=True,
                                                scripted=True), 1, ["smart"])
    with pytest.raises(CassetteError, match="not in the cassette"):
        eval_run(tmp_path, data_dir, "play", Options(engine="llm", cassette=cassette), 3,
                 ["smart"])


def test_committed_cassette_replays_its_report(tmp_path: Path, data_dir: Path) -> None:
    """The first cases of each task replay offline with the committed scores (the cassette's
    run.json sets the BM25 retrieval it was recorded with, whatever the settings say)."""
    opts = Options(engine="llm", cassette=COMMITTED)
    replayed = load_report(eval_run(tmp_path, data_dir, "play", opts, 8, LLM_TASKS, "e5"))
    assert replayed.settings["embedding"] == "bm25"
    committed = load_report(COMMITTED / "report.json")
    assert replayed.model == committed.model == "fake-scripted"
    for name in LLM_TASKS:
        before = {c.id: c.scores for c in committed.tasks[name].cases}
        for case in replayed.tasks[name].cases:
            assert {k: s.value for k, s in case.scores.items()} == \
                {k: s.value for k, s in before[case.id].items()}, (name, case.id)
