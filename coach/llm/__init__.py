"""The LLM layer: one chat-backend interface, validated drafts, prompts, redaction, checks.

`draft` is what features call: it redacts, renders the feature's prompt, asks the backend,
restores, validates and re-asks once, or tells the caller to answer with its rules engine.
The real backend (`openai_backend`) is imported only when a model is configured.
"""

from coach.llm.backend import ChatBackend, StructuredBackend, failure_reason
from coach.llm.draft import DraftOutcome, draft
from coach.llm.fake import FakeBackend, FakeCall
from coach.llm.prompts import PromptLibrary, get_prompts
from coach.llm.redaction import Redactor

__all__ = ["ChatBackend", "DraftOutcome", "FakeBackend", "FakeCall", "PromptLibrary", "Redactor",
           "StructuredBackend", "draft", "failure_reason", "get_prompts"]
