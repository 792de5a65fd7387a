"""Every text-taking command reads an argument, `-` (stdin) or `--file PATH`, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app

DA = "Du er doven og kommer altid for sent"
EN = "You never listen and you are careless"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_EMBEDDING": "bm25",
            "COACH_LOG_LEVEL": "WARNING", "LC_ALL": "C.UTF-8"}


def _analysis(result: object) -> dict[str, object]:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize(("text", "language"), [(DA, "da"), (EN, "en")])
def test_feedback_reads_stdin_file_and_argument_alike(tmp_path: Path, env: dict[str, str],
                                                      text: str, language: str) -> None:
    runner = CliRunner()
    args = ["feedback", "--analyze-only", "--json"]
    typed = _analysis(runner.invoke(app, [*args, text], env=env))
    piped = _analysis(runner.invoke(app, [*args, "-"], input=f"{text}\n".encode(), env=env))
    path = tmp_path / "feedback.txt"
    path.write_bytes(b"\xef\xbb\xbf" + f"{text}\r\n".encode())  # a BOM and a Windows line end
    filed = _analysis(runner.invoke(app, [*args, "--file", str(path)], env=env))
    assert typed == piped == filed
    assert typed["language"] == language and typed["person_directed"] is True
    for finding in typed["findings"]:  # type: ignore[attr-defined]
        assert text[finding["start"]:finding["end"]] == finding["excerpt"]


def test_goal_search_and_prep_read_pipes_and_files(tmp_path: Path, env: dict[str, str]) -> None:
    runner = CliRunner()
    goal = "Jeg vil gennemføre Excel-kurset inden 1. oktober 2031"
    piped = runner.invoke(app, ["goal", "-", "--json", "--no-sources"], input=goal, env=env)
    assert piped.exit_code == 0, piped.output
    assert json.loads(piped.stdout)["deadline"] == "2031-10-01"

    query = tmp_path / "query.txt"
    query.write_text("hvordan giver jeg feedback\n", encoding="utf-8")
    found = runner.invoke(app, ["search", "--file", str(query), "--json", "-k", "2"], env=env)
    assert found.exit_code == 0, found.output
    assert len(json.loads(found.stdout)["results"]) == 2

    context = "ny i teamet og presset af deadlines"
    prep = runner.invoke(app, ["prep", "--role", "employee", "--context", "-", "--format", "json",
                               "--count", "3"], input=context, env=env)
    assert prep.exit_code == 0, prep.output
    assert json.loads(prep.stdout)["language"] == "da"
    ctx_file = tmp_path / "context.txt"
    ctx_file.write_text("busy year, new in the role", encoding="utf-8")
    prep = runner.invoke(app, ["prep", "--role", "manager", "--file", str(ctx_file),
                               "--format", "json", "--count", "3"], env=env)
    assert prep.exit_code == 0, prep.output
    assert json.loads(prep.stdout)["language"] == "en"


def _one_line_error(result: object, *fragments: str) -> str:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    line = result.stderr.strip()  # type: ignore[attr-defined]
    assert line.startswith("error: ") and "\n" not in line, line
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    for fragment in fragments:
        assert fragment in line, line
    return line  # type: ignore[no-any-return]


def test_bad_files_are_one_line_naming_the_fix(tmp_path: Path, env: dict[str, str]) -> None:
    runner = CliRunner()
    missing = tmp_path / "nope.txt"
    _one_line_error(runner.invoke(app, ["feedback", "--file", str(missing)], env=env),
                    "--file", "does not exist", "check the path")
    _one_line_error(runner.invoke(app, ["goal", "--file", str(tmp_path)], env=env),
                    "is a folder")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Du er sød".encode("latin-1"))
    _one_line_error(runner.invoke(app, ["feedback", "--file", str(latin1)], env=env),
                    "not UTF-8", "save it as UTF-8")
    _one_line_error(runner.invoke(app, ["search", "-"], input=b"\xff\xfe", env=env),
                    "stdin is not UTF-8", "iconv")
    if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() != 0:
        locked = tmp_path / "locked.txt"
        locked.write_text("x", encoding="utf-8")
        locked.chmod(0)
        _one_line_error(runner.invoke(app, ["feedback", "--file", str(locked)], env=env),
                        "cannot read")


def test_missing_or_double_input_is_one_line(tmp_path: Path, env: dict[str, str]) -> None:
    runner = CliRunner()
    _one_line_error(runner.invoke(app, ["feedback", "--analyze-only"], env=env),
                    "TEXT", "missing", "-", "--file")
    path = tmp_path / "t.txt"
    path.write_text(DA, encoding="utf-8")
    _one_line_error(runner.invoke(app, ["feedback", DA, "--file", str(path)], env=env),
                    "not both")
    _one_line_error(runner.invoke(app, ["feedback", "-", "--context", "-"], input=DA, env=env),
                    "--context", "stdin already gives TEXT")


def test_empty_pipe_gets_the_apis_wording(env: dict[str, str]) -> None:
    from coach.limits import BLANK

    result = CliRunner().invoke(app, ["feedback", "-", "--analyze-only"], input="  \n", env=env)
    assert _one_line_error(result) == f"error: text: {BLANK}"
