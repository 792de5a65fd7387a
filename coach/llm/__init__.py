"""The LLM layer: one chat-backend interface, validated drafts, prompts, redaction, checks.

`draft` is what features call: it redacts, renders the feature's prompt, asks the backend,
restores, validates and re-asks once, or tells the caller to answer with its rules engine.
The real backend (`openai_backend.build_chat_backend`) is imported only when a model is set.
"""

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from coach.llm.backend import (
        ChatBackend as ChatBackend,
    )
    from coach.llm.backend import (
        StructuredBackend as StructuredBackend,
    )
    from coach.llm.backend import (
        failure_reason as failure_reason,
    )
    from coach.llm.draft import (
        DraftOutcome as DraftOutcome,
    )
    from coach.llm.draft import (
        draft as draft,
    )
    from coach.llm.fake import (
        FakeBackend as FakeBackend,
    )
    from coach.llm.fake import (
        FakeCall as FakeCall,
    )
    from coach.llm.prompts import (
        PromptLibrary as PromptLibrary,
    )
    from coach.llm.prompts import (
        get_prompts as get_prompts,
    )
    from coach.llm.redaction import (
        Redactor as Redactor,
    )

# Re-exported lazily (lazy_loader): importing one submodule, as every CLI command and
# feature does, does not load the others' dependencies.
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "backend": ["ChatBackend", "StructuredBackend", "failure_reason"],
    "draft": ["DraftOutcome", "draft"],
    "fake": ["FakeBackend", "FakeCall"],
    "prompts": ["PromptLibrary", "get_prompts"],
    "redaction": ["Redactor"],
})
