"""Guidance: built-in passages and the question bank, HR's own documents, and search over both.

Types and loaders are imported here; the search index (`Retriever`, `build_retriever`) pulls in
Chroma and the e5 model, so it is loaded on first use of those names only.
"""

from typing import TYPE_CHECKING, Any

from coach.knowledge.passages import (
    content_hash,
    load_builtin_passages,
    load_question_bank,
    passage_id,
)
from coach.knowledge.types import BankQuestion, Hit, Passage, SearchesPassages, Topic

if TYPE_CHECKING:
    from coach.knowledge.search import Retriever, build_retriever

__all__ = ["BankQuestion", "Hit", "Passage", "Retriever", "SearchesPassages", "Topic",
           "build_retriever", "content_hash", "load_builtin_passages", "load_question_bank",
           "passage_id"]


def __getattr__(name: str) -> Any:
    # PEP 562: the index's heavy dependencies load only when a caller asks for it.
    if name in ("Retriever", "build_retriever"):
        from coach.knowledge import search

        return getattr(search, name)
    raise AttributeError(name)
