"""Small stand-ins shared by tests that need retrieval hits without an index."""

from __future__ import annotations

from typing import Any

from coach.knowledge import Hit


def hit(id: str, title: str, topic: str, text: str, language: str = "da") -> Hit:
    """A real `Hit` with the fields features read (id, title, topic, text); the rest filled in."""
    return Hit(id=id, doc_id=id.split(":")[0], title=title, topic=topic, audience="both",
               language=language, source="builtin", text=text, score=1.0)  # type: ignore[arg-type]


class AsyncSearch:
    """Gives a stub with a plain `search` the retriever's `asearch` (without its memo)."""

    async def asearch(self, query: str, k: int = 5, **filters: Any) -> list[Any]:
        return self.search(query, k=k, **filters)  # type: ignore[attr-defined, no-any-return]
