"""Terminal output a person reads: search shows text, lists are tables, ids copy whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.tables import short_doc_id, snippet

POLICY = """# Vores MUS-politik

Hos os holder vi MUS hvert forår. Lederen sender invitationen tre uger før, og medarbejderen
får skemaet til forberedelse med det samme. Samtalen varer en time og foregår i et mødelokale,
ikke på lederens kontor. Lederen skriver aftalerne ned og sender dem til medarbejderen inden
for en uge, så begge kan rette i dem. Opfølgningen sker efter et halvt år.
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_EMBEDDING": "bm25",
            "COACH_LOG_LEVEL": "WARNING", "COLUMNS": "80", "LC_ALL": "C.UTF-8"}


def _ok(result: object) -> str:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out: str = result.stdout  # type: ignore[attr-defined]
    assert all(len(line) <= 80 for line in out.splitlines()), out
    return out


def test_search_shows_text_in_the_querys_language(env: dict[str, str]) -> None:
    runner = CliRunner()
    query = "hvordan giver jeg feedback på adfærd"
    hits = json.loads(runner.invoke(app, ["search", query, "-k", "3", "--json"],
                                    env=env).stdout)["results"]
    out = _ok(runner.invoke(app, ["search", query, "-k", "3"], env=env))
    assert out.startswith("Vejledning, bedste først (3)")
    lines = out.splitlines()
    for hit in hits:
        assert hit["title"] in out
        assert f"id {hit['id']}" in [line.strip() for line in lines]  # whole, on its own line
        assert snippet(hit["text"])[:40] in " ".join(line.strip() for line in lines)
    assert "relevans" in out and "score" not in out

    english = _ok(runner.invoke(app, ["search", "how do I give feedback", "-k", "2"], env=env))
    assert english.startswith("Guidance, best first (2)") and "relevance" in english
    forced = _ok(runner.invoke(app, ["search", "feedback", "-k", "1", "--language", "en"],
                               env=env))
    assert forced.startswith("Guidance")


def test_org_documents_are_marked_listed_and_removed_by_short_id(
        tmp_path: Path, env: dict[str, str]) -> None:
    runner = CliRunner()
    doc = tmp_path / "politik.md"
    doc.write_text(POLICY, encoding="utf-8")
    assert runner.invoke(app, ["knowledge", "add", str(doc), "--topic", "documentation",
                               "--audience", "both"], env=env).exit_code == 0
    listing = runner.invoke(app, ["knowledge", "list", "--json"], env=env).stdout
    full_id = json.loads(listing)[0]["id"]
    short = short_doc_id(full_id)
    assert len(short) == 6 and full_id.endswith(short)

    listed = _ok(runner.invoke(app, ["knowledge", "list"], env=env))
    header = listed.splitlines()[0].split()
    assert header == ["Id", "Title", "Topic", "Audience", "Language", "Added"]
    assert listed.splitlines()[2].split()[0] == short
    assert "knowledge remove ID" in listed
    danish = _ok(runner.invoke(app, ["knowledge", "list"], env={**env, "LC_ALL": "da_DK.UTF-8"}))
    assert danish.splitlines()[0].split()[:3] == ["Id", "Titel", "Emne"]

    found = _ok(runner.invoke(app, ["search", "hvem skriver aftalerne ned efter MUS", "-k", "5"],
                              env=env))
    assert "organisationens egen" in found and f"dokument {short}" in found

    removed = runner.invoke(app, ["knowledge", "remove", short], env=env)
    assert removed.exit_code == 0, removed.output
    assert full_id in removed.stdout
    assert json.loads(runner.invoke(app, ["knowledge", "list", "--json"], env=env).stdout) == []
    gone = runner.invoke(app, ["knowledge", "remove", short], env=env)
    assert gone.exit_code == 2 and "knowledge list" in gone.stderr


def test_keys_list_is_a_table_like_the_others(env: dict[str, str]) -> None:
    runner = CliRunner()
    assert "No API keys" in _ok(runner.invoke(app, ["keys", "list"], env=env))
    runner.invoke(app, ["keys", "create", "--scope", "admin", "--name", "HR [portal]"], env=env)
    out = _ok(runner.invoke(app, ["keys", "list"], env=env))
    lines = out.splitlines()
    assert lines[0].split() == ["Id", "Scope", "Name", "Created", "Source"]
    assert "\t" not in out and "HR [portal]" in out  # a name is text, never rich markup
    key_id = json.loads(runner.invoke(app, ["keys", "list", "--json"], env=env).stdout)[0]["id"]
    assert lines[2].split()[0] == key_id
    assert "keys revoke ID" in out


def test_goal_prints_its_sources_under_a_heading(env: dict[str, str]) -> None:
    out = CliRunner().invoke(app, ["goal", "Jeg vil blive bedre til Excel"], env=env).stdout
    assert "Bygger på vejledningen" in out
    after = out.split("Bygger på vejledningen", 1)[1].splitlines()
    assert after[1].startswith("  • ") and after[2].strip().startswith("smart-")


def test_snippet_is_plain_text_cut_at_a_word() -> None:
    text = "## Overskrift\n\n**Fed** tekst med _kursiv_ og\n- et punkt\n- et til " + "ord " * 80
    cut = snippet(text)
    assert cut.startswith("Overskrift Fed tekst med kursiv og • et punkt • et til ord")
    assert cut.endswith("…") and len(cut) <= 221 and "  " not in cut
    assert snippet("Kort tekst.") == "Kort tekst."
