"""Prompt templates (`coach/data/prompts/*.j2`), loaded by name through one sandboxed jinja2 env.

Every template starts with a header comment naming the variables it needs,
`{#- needs: text, passages, language -#}` (see prompts/README.md). Rendering checks the caller
passed them all; StrictUndefined catches anything a template uses without declaring.

langchain-core's own jinja2 prompt templates are not used because they render from strings and
cannot load files with `{% include %}`; the rendered parts become langchain messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from coach.errors import PromptError
from coach.paths import PROMPTS_DIR

_NEEDS = re.compile(r"^\s*\{#-?\s*needs:(?P<names>[^#]*?)-?#\}")
# Delimiter tags the templates wrap data in. User text must not be able to close or open one.
_DELIMITER_TAG = re.compile(r"<\s*/?\s*(?:user_text|context|passages?|data)\b[^>]*>", re.IGNORECASE)


def as_data(value: Any) -> str:
    """Jinja filter `data`: text safe to put between delimiter tags (tags inside are removed)."""
    return _DELIMITER_TAG.sub("", str(value))


class PromptLibrary:
    """The templates in one directory, rendered through a sandboxed, strict jinja2 environment.

    Args:
        directory: Folder holding the `*.j2` files (default: the packaged prompts).
        extra: More folders searched after `directory` (e.g. test-only templates).
    """

    def __init__(self, directory: Path = PROMPTS_DIR, extra: Sequence[Path] = ()) -> None:
        self.directory = directory
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader([str(directory), *map(str, extra)]),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,  # so an {% include %} ends its own last line
        )
        self.env.filters["data"] = as_data

    def names(self) -> list[str]:
        """All template file names in `directory`, sorted."""
        return sorted(p.name for p in self.directory.glob("*.j2"))

    def source(self, name: str) -> str:
        """The raw text of template `name`."""
        try:
            source, _, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        except TemplateNotFound as err:
            raise PromptError(f"no prompt template {name!r} in {self.directory}") from err
        return source

    def needs(self, name: str) -> frozenset[str]:
        """Variables template `name` declares in its `needs:` header."""
        match = _NEEDS.match(self.source(name))
        if match is None:
            raise PromptError(f"prompt template {name!r} lacks a '{{#- needs: ... -#}}' header")
        return frozenset(n.strip() for n in match.group("names").split(",") if n.strip())

    def render(self, name: str, variables: Mapping[str, Any]) -> str:
        """Render template `name` with `variables` (extra variables are ignored)."""
        missing = self.needs(name) - variables.keys()
        if missing:
            raise PromptError(f"prompt {name!r} needs {sorted(missing)}; pass them in `variables`")
        return self.env.get_template(name).render(**variables).strip()

    def messages(self, template: str, variables: Mapping[str, Any]) -> list[BaseMessage]:
        """Render `<template>.system.j2` and `<template>.user.j2` as system + user messages."""
        return [
            SystemMessage(self.render(f"{template}.system.j2", variables)),
            HumanMessage(self.render(f"{template}.user.j2", variables)),
        ]


@lru_cache(maxsize=8)
def get_prompts(directory: Path = PROMPTS_DIR) -> PromptLibrary:
    """The shared library for `directory` (templates are cached by jinja2 after the first load)."""
    return PromptLibrary(directory)
