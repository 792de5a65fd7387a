"""Shared pytest fixtures. Helpers append their fixtures at the end of this file."""

from __future__ import annotations

# The fake OpenAI-compatible server (fixtures `fake_openai`, `fake_openai_server`).
pytest_plugins = ["tests.fake_openai"]
