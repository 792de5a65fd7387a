"""The MCP server: the tools in `api.mcp.tools.TOOLS`, the guidance resources and the prompts.

Built on the official SDK's `MCPServer`. Tools are registered from their table rows instead of
decorated functions so that a tool's arguments are its route's request model (with its field
validators) and its output schema is the route's response model.
"""

from __future__ import annotations

import inspect
import time
from typing import Any, cast

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase, FuncMetadata
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, CallToolResult, InputRequiredResult, ToolAnnotations
from pydantic import ValidationError, create_model

from api.mcp import prompts, resources
from api.mcp.tools import TOOLS, ToolSpec
from api.problems import field_error
from coach import __version__
from coach.errors import InputError, NotReadyError
from coach.service import Coach

INSTRUCTIONS = """\
mus-coach coaches the Danish MUS (medarbejderudviklingssamtale), the periodic development
conversation between employee and manager: it checks and rephrases feedback, checks goals against
SMART, gives preparation questions and searches MUS guidance (resources guidance://{id} and
taxonomy://topics). Danish first, English equal; the language is detected when not given.
It is a writing aid, not a judge: it never scores or ranks people. It never invents facts:
placeholders such as [hvornår?] or [when?] mark what only the user knows, so ask the user instead
of filling them in. Pass the names of people in the text in `names`; they never reach a language
model. Results cite guidance passages in `sources`; cite them by title."""

ANNOTATIONS = dict(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                   open_world_hint=False)
POLL_SECONDS = 0.1


class CoachServer(MCPServer[Any]):
    """`MCPServer` with argument errors that say the fix and a live list of guidance passages."""

    def __init__(self, coach: Coach, *, wait_for_index: float = 0.0) -> None:
        """Register every tool in `TOOLS`, the resources and the prompts around `coach`."""
        super().__init__("mus-coach", title="mus-coach", version=__version__,
                         instructions=INSTRUCTIONS,
                         tools=[coach_tool(spec, coach, wait_for_index) for spec in TOOLS])
        self.coach = coach
        self.wait_for_index = wait_for_index
        resources.register(self, self.ready_coach)
        prompts.register(self)

    async def call_tool(self, name: str, arguments: dict[str, Any],
                        context: Any = None) -> CallToolResult | InputRequiredResult:
        """As `MCPServer.call_tool`, but invalid arguments are reported by field and fix.

        The SDK's message is pydantic's, which quotes the value sent: conversation text must
        never come back in an error or reach the log.
        """
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError) and not isinstance(exc, UnexpectedToolError):
                raise ToolError(f"Error executing tool {name}: {argument_errors(cause)}"
                                ) from cause
            raise

    async def get_prompt(self, name: str, arguments: dict[str, Any] | None = None,
                         context: Any = None) -> Any:
        """As `MCPServer.get_prompt`, but an unknown prompt or a missing argument says the fix.

        The SDK raises a plain ValueError for both, which reaches the client as an internal error.
        """
        listed = {p.name: p for p in await self.list_prompts()}
        if name not in listed:
            raise MCPError(INVALID_PARAMS, f"unknown prompt; use one of: {', '.join(listed)}")
        missing = [a.name for a in listed[name].arguments or []
                   if a.required and a.name not in (arguments or {})]
        if missing:
            raise MCPError(INVALID_PARAMS, f"missing required argument: {', '.join(missing)}")
        return await super().get_prompt(name, arguments, context)

    async def ready_coach(self) -> Coach:
        """The coach once its index is loaded, waiting up to `wait_for_index` seconds.

        Raises:
            NotReadyError: still loading after the wait.
        """
        await wait_until_ready(self.coach, self.wait_for_index)
        return self.coach

    async def list_resources(self) -> Any:
        """The static resources plus one per guidance passage (built-in and HR's, as searched)."""
        listed = await super().list_resources()
        if self.coach.ready:
            listed.extend(resources.passage_resources(self.coach))
        return listed


def argument_errors(exc: ValidationError) -> str:
    """Every invalid argument as `field: what is wrong`, never the value sent (as the API's 422)."""
    parts = []
    for err in exc.errors():
        field, message = field_error(err)  # the API's wording, so both adapters read alike
        parts.append(f"{'arguments' if field == 'body' else field}: {message}")
    return ("invalid arguments: " + "; ".join(parts)
            + ". Correct them (the input schema gives every limit) and call the tool again.")


async def wait_until_ready(coach: Coach, seconds: float) -> None:
    """Return once the knowledge index is loaded; poll for up to `seconds`.

    Polling, because the index is loaded by whoever started the server (the API's lifespan or
    the stdio command) in a worker thread that only sets `coach.retriever` when done.

    Raises:
        NotReadyError: not loaded in time.
    """
    deadline = time.monotonic() + seconds
    while not coach.ready:
        if time.monotonic() >= deadline:
            raise NotReadyError("the knowledge index is still loading; retry shortly")
        await anyio.sleep(POLL_SECONDS)


def self_contained(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with every local `$ref` replaced by the definition it names, and no `$defs`.

    Microsoft Copilot Studio drops a tool whose input or output schema holds a reference (its
    MCP known issues), and the response models nest (findings, criteria, sections). pydantic
    has no option for this and the models are not recursive, so a short walk does it.

    Raises:
        ValueError: a definition refers to itself (it cannot be inlined).
    """
    definitions = schema.get("$defs", {})

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name in seen:
                raise ValueError(f"schema definition {name} is recursive; it cannot be inlined")
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            return {**inline(definitions[name], (*seen, name)), **inline(siblings, seen)}
        return {k: inline(v, seen) for k, v in node.items() if k != "$defs"}

    result: dict[str, Any] = inline(schema, ())
    return result


def coach_tool(spec: ToolSpec, coach: Coach, wait_for_index: float = 0.0) -> Tool:
    """The SDK tool for one table row: arguments = `spec.request`, output = `spec.response`.

    Raises:
        TypeError: the row has no `call` and its Coach method does not take every request field
            by name (a new row must then say how to call its method).
    """
    if spec.call is None:
        params = inspect.signature(spec.method).parameters
        missing = [f for f in spec.request.model_fields if f not in params]
        if missing:
            raise TypeError(f"tool {spec.name}: {spec.method.__qualname__} takes no {missing}; "
                            "give its ToolSpec a `call`")
    # The SDK passes validated arguments one level deep (`ArgModelBase.model_dump_one_level`).
    arguments = cast(type[ArgModelBase],
                     create_model(f"{spec.name}_arguments", __base__=(spec.request, ArgModelBase)))

    async def run(**fields: Any) -> Any:
        try:
            if spec.needs_index:
                await wait_until_ready(coach, wait_for_index)
            if spec.call is not None:
                return await spec.call(coach, spec.request.model_construct(**fields))
            return await spec.method(coach, **fields)
        except (InputError, NotReadyError) as exc:
            # The coach's own messages name the field and the fix and never quote the input.
            raise ToolError(str(exc)) from exc

    return Tool(
        fn=run,
        name=spec.name,
        title=spec.title,
        description=spec.description,
        parameters=self_contained(arguments.model_json_schema(by_alias=True)),
        fn_metadata=FuncMetadata(arg_model=arguments, output_model=spec.response,
                                 output_schema=self_contained(
                                     spec.response.model_json_schema(by_alias=True))),
        is_async=True,
        context_kwarg=None,
        annotations=ToolAnnotations(title=spec.title, **ANNOTATIONS),
    )


def build_server(coach: Coach, *, wait_for_index: float = 0.0) -> CoachServer:
    """The MCP server around `coach`.

    Args:
        coach: The coach every tool calls; its index may still be loading.
        wait_for_index: Seconds a tool that needs the index waits for it before answering
            "still loading" (0 = at once, like the API's 503).
    """
    return CoachServer(coach, wait_for_index=wait_for_index)
