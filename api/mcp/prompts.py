"""MCP prompts: "prepare my MUS" (employee or manager) and "rephrase my feedback".

A prompt is the user's own first message, in Danish or English (api/mcp/messages.yaml), asking
the assistant to work through the matching tools with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS
from pydantic import Field

from coach.catalogue import load_catalogue
from coach.errors import InputError
from coach.language import check_language, resolve_language
from coach.limits import check_optional_text, check_text

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

MESSAGES = Path(__file__).with_name("messages.yaml")
ROLES = ("employee", "manager")

# Prompt arguments are strings on the wire; they are checked here with the coach's own wording
# (a pydantic type on the parameter would answer with a message that quotes the value sent).
Language = Annotated[str | None, Field(description="da or en; detected from the text when "
                                       "absent (Danish when there is none).")]


def say(key: str, language: str, **values: str) -> str:
    """The prompt sentence `key` in `language`."""
    return load_catalogue(MESSAGES).message(key, language, **values)


def prepare_my_mus(
    role: Annotated[str, Field(description="employee or manager: who prepares.")],
    context: Annotated[str | None, Field(description="The situation in a few words "
                                         "(optional, 1-4000 characters).")] = None,
    language: Language = None,
) -> str:
    """Prepare a MUS (medarbejderudviklingssamtale) as employee or manager / Forbered din MUS."""
    try:
        if role not in ROLES:
            raise InputError("role", "use 'employee' or 'manager'")
        check_optional_text(context, "context")
        lang = resolve_language(context, language) if context else check_language(language)
    except InputError as exc:
        raise MCPError(INVALID_PARAMS, str(exc)) from None
    lang = lang or "da"
    parts = [say(f"prepare.{role}", lang), say("prepare.names", lang)]
    if context:
        parts.append(say("prepare.situation", lang, context=context.strip()))
    return "\n\n".join(parts)


def rephrase_my_feedback(
    feedback: Annotated[str, Field(description="The feedback as written (1-4000 characters).")],
    context: Annotated[str | None, Field(description="What happened, when, who was there "
                                         "(optional, 1-4000 characters).")] = None,
    language: Language = None,
) -> str:
    """Rephrase feedback so it is about behaviour, not the person / Omformulér din feedback."""
    try:
        check_text(feedback, "feedback")
        check_optional_text(context, "context")
        lang = resolve_language(feedback, language)
    except InputError as exc:
        raise MCPError(INVALID_PARAMS, str(exc)) from None
    parts = [say("rephrase.ask", lang), say("rephrase.feedback", lang, feedback=feedback.strip())]
    if context:
        parts.append(say("rephrase.context", lang, context=context.strip()))
    return "\n\n".join(parts)


def register(server: MCPServer[Any]) -> None:
    """Add both prompts to `server`.

    Raises:
        DataFileError: the prompts' catalogue is invalid (checked now, so it stops start-up).
    """
    load_catalogue(MESSAGES)
    server.prompt("prepare_my_mus", title="Prepare my MUS · Forbered min MUS")(prepare_my_mus)
    server.prompt("rephrase_my_feedback",
                  title="Rephrase my feedback · Omformulér min feedback")(rephrase_my_feedback)
