"""Organisation documents: validation, storage, splitting and the `knowledge` CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from coach.errors import InputError, NotFoundError
from coach.knowledge.orgdocs import MAX_WORDS, MIN_WORDS, OrgStore, split_passages
from coach.settings import Settings

POLICY_DA = """# Vores MUS-politik

Hos os holdes MUS en gang om året i efteråret. Lederen sender en invitation mindst to uger før,
så medarbejderen har tid til at forberede sig. Samtalen varer en time og holdes i et lukket
mødelokale eller over video, hvis medarbejderen arbejder hjemme.

## Referat

Lederen skriver et kort referat med de aftaler, I har lavet, og sender det til medarbejderen
inden for en uge. Referatet gemmes i personalemappen og deles ikke med andre uden samtykke.
"""


def words(n: int, word: str = "ord") -> str:
    return " ".join(f"{word}{i}" for i in range(n))


def snapshot(directory: Path) -> dict[str, bytes]:
    if not directory.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_add_list_remove(settings: Settings) -> None:
    store = OrgStore(settings)
    doc = store.add_text(POLICY_DA, None, "documentation", "both")
    assert doc.id.startswith("org-vores-mus-politik-")
    assert (doc.title, doc.language, doc.topic, doc.audience) == (
        "Vores MUS-politik", "da", "documentation", "both")
    assert (settings.org_dir / doc.filename).read_text("utf-8").startswith("# Vores")
    sidecar = json.loads((settings.org_dir / f"{doc.id}.json").read_text("utf-8"))
    assert sidecar["topic"] == "documentation"
    assert [d.id for d in store.list()] == [doc.id]

    passages = store.passages()
    assert passages and all(p.source == "org" and p.doc_id == doc.id for p in passages)
    assert all(p.id.startswith(f"{doc.id}:") for p in passages)

    assert store.remove(doc.id).id == doc.id
    assert store.list() == [] and store.passages() == []
    assert snapshot(settings.org_dir) == {}


def test_add_file_takes_title_language_and_suffix(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text("Our review meetings are held every October. " * 5, encoding="utf-8")
    doc = OrgStore(settings).add_file(path, topic="purpose", audience="manager", title="Reviews")
    assert (doc.title, doc.language, doc.filename.endswith(".txt")) == ("Reviews", "en", True)


def test_adding_the_same_document_again_answers_with_the_stored_one(settings: Settings) -> None:
    store = OrgStore(settings)
    first, created = store.put_text(POLICY_DA, None, "documentation", "both")
    again, created_again = store.put_text(POLICY_DA, None, "documentation", "both")
    assert created and not created_again and again == first
    assert [d.id for d in store.list()] == [first.id]
    with pytest.raises(InputError, match="already stored"):  # same text, other tags
        store.add_text(POLICY_DA, None, "follow-up", "both")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"PK\x03\x04\x00\x00binary", "binary"),
    ("Æbler og pærer".encode("latin-1"), "UTF-8"),
    (b"x" * (1024 * 1024 + 1), "1 MB"),
])
def test_bad_files_leave_the_store_unchanged(settings: Settings, tmp_path: Path, data: bytes,
                                             message: str) -> None:
    store = OrgStore(settings)
    store.add_text(POLICY_DA, None, "documentation", "both")
    before = snapshot(settings.org_dir)
    path = tmp_path / "upload.md"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        store.add_file(path, topic="feedback", audience="manager")
    assert snapshot(settings.org_dir) == before


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"topic": "gossip", "audience": "both"}, "unknown topic; use one of: purpose"),
    ({"topic": "feedback", "audience": "ceo"}, "unknown audience"),
    ({"topic": "feedback", "audience": "both", "language": "de"}, "'da' or 'en'"),
])
def test_bad_tags_are_refused(settings: Settings, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        OrgStore(settings).add_text(POLICY_DA, "T", **kwargs)
    assert not settings.org_dir.exists() or snapshot(settings.org_dir) == {}


def test_remove_unknown_id(settings: Settings) -> None:
    with pytest.raises(NotFoundError, match="document list"):
        OrgStore(settings).remove("org-nope-123456")


def test_short_document_stays_whole() -> None:
    text = "Kort tekst uden overskrifter."
    assert split_passages(text) == [(None, text)]


def test_long_document_splits_by_headings_within_bounds() -> None:
    text = "\n\n".join(
        f"## Afsnit {n}\n\n{words(150, f's{n}p1-')}\n\n{words(140, f's{n}p2-')}" for n in range(4))
    parts = split_passages(text)
    assert [heading for heading, _ in parts] == [f"Afsnit {n}" for n in range(4) for _ in (1, 2)]
    assert all(MIN_WORDS <= len(body.split()) <= MAX_WORDS for _, body in parts)


def test_small_sections_merge_and_huge_paragraphs_split() -> None:
    text = f"# A\n\n{words(10)}\n\n# B\n\n{words(70)}\n\n# C\n\n" + ("Sætning her. " * 300)
    parts = split_passages(text)
    assert parts[0][0] == "A" and "B" in parts[0][1]  # A was too small alone
    assert all(len(body.split()) <= MAX_WORDS for _, body in parts)
    assert sum(len(body.split()) for _, body in parts) == 10 + 70 + 600 + 1  # + heading B


def test_titles_of_split_passages(settings: Settings) -> None:
    text = "# Politik\n\n" + "\n\n".join(f"## Del {n}\n\n{words(150, f'd{n}-')}" for n in range(3))
    store = OrgStore(settings)
    store.add_text(text, "Vores politik", "follow-up", "manager", "da")
    titles = [p.title for p in store.passages()]
    assert titles == [f"Vores politik — Del {n}" for n in range(3)]


# --- CLI --------------------------------------------------------------------------------------

@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    return {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_EMBEDDING": "bm25",
            "COACH_CHROMA_URL": ""}


def test_cli_add_list_search_remove(tmp_path: Path, cli_env: dict[str, str]) -> None:
    runner = CliRunner()
    doc = tmp_path / "mus-politik.md"
    doc.write_text(POLICY_DA, encoding="utf-8")
    added = runner.invoke(app, ["knowledge", "add", str(doc), "--topic", "documentation",
                                "--audience", "both"], env=cli_env)
    assert added.exit_code == 0, added.output
    doc_id = added.output.split()[1]
    listed = runner.invoke(app, ["knowledge", "list", "--json"], env=cli_env)
    assert [d["id"] for d in json.loads(listed.output)] == [doc_id]

    found = runner.invoke(app, ["search", "invitation til MUS i efteråret", "--json", "-k", "3"],
                          env=cli_env)
    assert found.exit_code == 0, found.output
    results = json.loads(found.output)["results"]
    assert results[0]["source"] == "org" and results[0]["id"].startswith(doc_id)
    assert set(results[0]) == {"id", "title", "topic", "audience", "language", "source", "text",
                               "score"}

    removed = runner.invoke(app, ["knowledge", "remove", doc_id], env=cli_env)
    assert removed.exit_code == 0, removed.output
    assert json.loads(runner.invoke(app, ["knowledge", "list", "--json"], env=cli_env).output) == []
    assert runner.invoke(app, ["knowledge", "reindex"], env=cli_env).exit_code == 0


@pytest.mark.parametrize("args", [
    ["--topic", "gossip", "--audience", "both"],
    ["--topic", "feedback", "--audience", "both", "--language", "sv"],
])
def test_cli_bad_input_exits_2_with_one_line(tmp_path: Path, cli_env: dict[str, str],
                                             args: list[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(POLICY_DA, encoding="utf-8")
    result = CliRunner().invoke(app, ["knowledge", "add", str(doc), *args], env=cli_env)
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: ") and result.output.strip().count("\n") == 0


def test_cli_binary_file_exits_2(tmp_path: Path, cli_env: dict[str, str]) -> None:
    doc = tmp_path / "doc.pdf"
    doc.write_bytes(b"%PDF-1.7\x00\x01")
    result = CliRunner().invoke(app, ["knowledge", "add", str(doc), "--topic", "feedback",
                                      "--audience", "both"], env=cli_env)
    assert result.exit_code == 2 and "binary" in result.output


def test_cli_search_rejects_bad_k(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["search", "feedback", "-k", "50"], env=cli_env)
    assert result.exit_code == 2 and "k: must be a whole number from 1 to 20" in result.output
