"""Guidance: built-in passages and the question bank, HR's own documents, and search over both.
"""

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from coach.knowledge.passages import (
        content_hash as content_hash,
    )
    from coach.knowledge.passages import (
        load_builtin_passages as load_builtin_passages,
    )
    from coach.knowledge.passages import (
        load_question_bank as load_question_bank,
    )
    from coach.knowledge.passages import (
        passage_id as passage_id,
    )
    from coach.knowledge.search import (
        Retriever as Retriever,
    )
    from coach.knowledge.search import (
        build_retriever as build_retriever,
    )
    from coach.knowledge.types import (
        BankQuestion as BankQuestion,
    )
    from coach.knowledge.types import (
        Hit as Hit,
    )
    from coach.knowledge.types import (
        Passage as Passage,
    )
    from coach.knowledge.types import (
        SearchesPassages as SearchesPassages,
    )
    from coach.knowledge.types import (
        Topic as Topic,
    )

# Re-exported lazily (lazy_loader): importing one submodule, as every CLI command and
# feature does, does not load the others' dependencies.
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "passages": ["content_hash", "load_builtin_passages", "load_question_bank", "passage_id"],
    "search": ["Retriever", "build_retriever"],
    "types": ["BankQuestion", "Hit", "Passage", "SearchesPassages", "Topic"],
})
