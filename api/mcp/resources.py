"""MCP resources: every guidance passage (`guidance://{id}`) and the topic taxonomy."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, get_args

import yaml
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from mcp_types import Resource

from coach.errors import NotReadyError
from coach.taxonomy import AUDIENCES, TOPICS, Source

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from coach.knowledge import Passage
    from coach.service import Coach

PASSAGE_URI = "guidance://{id}"
TAXONOMY_URI = "taxonomy://topics"
MARKDOWN = "text/markdown"


def passage_markdown(passage: Passage) -> str:
    """The passage as Markdown with its fields as YAML front matter."""
    fields = {"id": passage.id, "title": passage.title, "topic": passage.topic,
              "audience": passage.audience, "language": passage.language,
              "source": passage.source}
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n# {passage.title}\n\n{passage.text.strip()}\n"


def passage_resources(coach: Coach) -> list[Resource]:
    """One listed resource per searchable passage (the index must be loaded)."""
    assert coach.retriever is not None
    return [Resource(uri=PASSAGE_URI.format(id=p.id), name=p.id, title=p.title,
                     description=f"{p.topic} · {p.audience} · {p.language} · {p.source}",
                     mime_type=MARKDOWN)
            for p in coach.retriever.passages]


def taxonomy_json() -> str:
    """The topic taxonomy (coach/taxonomy.py): slugs in meeting order with titles, audiences."""
    topics = [{"slug": slug, "title": titles} for slug, titles in TOPICS.items()]
    return json.dumps({"topics": topics, "audiences": list(AUDIENCES),
                       "sources": list(get_args(Source))}, ensure_ascii=False, indent=2)


def register(server: MCPServer[Any], ready_coach: Callable[[], Awaitable[Coach]]) -> None:
    """Add the passage template and the taxonomy to `server`; `ready_coach` waits for the index."""

    @server.resource(PASSAGE_URI, name="guidance-passage", title="MUS guidance passage",
                     description="One guidance passage by the id search_guidance returns, as "
                     "Markdown with its topic, audience, language and source.",
                     mime_type=MARKDOWN)
    async def passage(id: str) -> str:
        try:
            coach = await ready_coach()
        except NotReadyError as exc:
            raise ResourceError(str(exc)) from exc
        assert coach.retriever is not None
        for p in coach.retriever.passages:
            if p.id == id:
                return passage_markdown(p)
        raise ResourceNotFoundError("no guidance passage has this id; find ids with "
                                    "search_guidance or resources/list")

    @server.resource(TAXONOMY_URI, name="topic-taxonomy", title="MUS topic taxonomy",
                     description="The topic slugs that prep_questions and search_guidance take, "
                     "in the order a MUS runs, with Danish and English titles.",
                     mime_type="application/json")
    def taxonomy() -> str:
        return taxonomy_json()
