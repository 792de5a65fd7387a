"""Which guidance a goal check cites, and the retriever memo that makes citing it cheap."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from coach.errors import InputError
from coach.goals import check_goal
from coach.goals.lexicon import messages
from coach.knowledge import Hit
from coach.knowledge.orgdocs_server import open_org_store
from coach.knowledge.search import Retriever
from coach.paths import KNOWLEDGE_DIR
from coach.settings import Settings, get_settings
from tests.support.paths import ROOT as PROJECT_ROOT

TODAY_ISO = "2026-03-10"


class CountingRetriever(Retriever):
    """The real retriever, counting the searches that actually rank."""

    searches = 0

    def search(self, *args: Any, **kwargs: Any) -> list[Hit]:
        self.searches += 1
        return super().search(*args, **kwargs)


def _settings(tmp_path: Any) -> Settings:
    return get_settings(data_dir=tmp_path / "data", chroma_url=None, embedding="bm25",
                        knowledge_dir=KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Retriever:
    """BM25 over the shipped knowledge (what the goal check asks: dense=False)."""
    return Retriever(_settings(tmp_path_factory.mktemp("sources")))


@pytest.mark.parametrize(("name", "language", "doc_id"), [
    ("smart", "da", "smart-bogstaverne-da"), ("smart", "en", "smart-criteria-en"),
    ("specific", "da", "smart-fra-vagt-til-smart-da"),
    ("specific", "en", "smart-vague-to-smart-en"),
    ("measurable", "da", "smart-maalbart-uden-tal-da"),
    ("measurable", "en", "smart-measurable-beyond-numbers-en"),
    ("time_bound", "da", "smart-tidsbestemt-frekvens-da"),
    ("time_bound", "en", "smart-time-bound-frequency-en"),
])
def test_each_criterion_question_finds_its_passage(shipped: Retriever, name: str, language: str,
                                                    doc_id: str) -> None:
    hits = shipped.search(messages().message(f"sources.{name}", language), k=1, topic="smart-goals",
                          language=language, dense=False)
    assert hits[0].doc_id == doc_id


@pytest.mark.parametrize(("goal", "expected", "domain_topic"), [
    ("Get better at presenting.",  # S, M and T missing: one passage each, in that order
     ["smart-vague-to-smart-en", "smart-measurable-beyond-numbers-en",
      "smart-time-bound-frequency-en"], "development"),
    ("Jeg vil bestå PRINCE2 Foundation-certificeringen inden 30. juni 2027.",  # SMART already
     ["smart-bogstaverne-da"], None),
])
def test_sources_explain_the_verdicts(shipped: Retriever, goal: str, expected: list[str],
                                      domain_topic: str | None) -> None:
    """Three SMART passages; a goal that is not specific also cites a passage of its own domain
    (presenting: development), so its examples rest on the knowledge base too."""
    res = asyncio.run(check_goal(goal, today=None, retriever=shipped))
    doc_ids = [p.doc_id for s in res.sources for p in shipped.passages if p.id == s.id]
    assert doc_ids[:len(expected)] == expected and len(doc_ids[:3]) == 3
    assert {s.topic for s in res.sources[:3]} == {"smart-goals"}
    assert [s.topic for s in res.sources[3:]] == ([domain_topic] if domain_topic else [])


def test_every_goal_in_the_dataset_cites_guidance(shipped: Retriever) -> None:
    """Searching by the goal's wording left 19 of 264 goals without a source; asking per
    criterion cannot come back empty while the topic has passages."""
    rows = [json.loads(line) for line in
            (PROJECT_ROOT / "evals" / "datasets" / "goals.jsonl").read_text().splitlines()]

    async def all_checks() -> list[int]:
        return [len((await check_goal(r["goal"], language=r["language"], retriever=shipped))
                    .sources) for r in rows]

    assert min(asyncio.run(all_checks())) >= 3


def test_asearch_answers_a_repeated_query_from_memory(tmp_path: Any) -> None:
    retriever = CountingRetriever(_settings(tmp_path))

    async def twice() -> tuple[list[Hit], list[Hit], list[Hit]]:
        first = await retriever.asearch("SMART mål", k=2, topic="smart-goals", dense=False)
        again = await retriever.asearch("SMART mål", k=2, topic="smart-goals", dense=False)
        other = await retriever.asearch("SMART mål", k=3, topic="smart-goals", dense=False)
        return first, again, other

    first, again, other = asyncio.run(twice())
    assert first == again == retriever.search("SMART mål", 2, topic="smart-goals", dense=False)
    assert len(other) == 3
    assert retriever.searches == 3  # first, other and the direct search above; not `again`


def test_asearch_memo_can_be_switched_off(tmp_path: Any) -> None:
    retriever = CountingRetriever(_settings(tmp_path), memo_seconds=0)
    for _ in range(3):
        asyncio.run(retriever.asearch("feedback", k=1))
    assert retriever.searches == 3


def test_asearch_sees_a_new_org_document_at_once(tmp_path: Any) -> None:
    settings = _settings(tmp_path)
    retriever = Retriever(settings)
    query = "målkort for lagerteamet"
    before = asyncio.run(retriever.asearch(query, k=1, topic="smart-goals", dense=False))
    doc = open_org_store(settings).add_text(
        "Hos os skrives alle mål ind i lagerteamets målkort, som gennemgås hver måned.",
        "Målkort for lagerteamet", "smart-goals", "both", "da")
    retriever.refresh()  # what the admin route does after an upload
    after = asyncio.run(retriever.asearch(query, k=1, topic="smart-goals", dense=False))
    assert before[0].source == "builtin"
    assert after[0].source == "org" and after[0].doc_id == doc.id


def test_asearch_checks_its_arguments(tmp_path: Any) -> None:
    retriever = Retriever(_settings(tmp_path))
    with pytest.raises(InputError) as err:
        asyncio.run(retriever.asearch("   "))
    assert err.value.field == "q"
